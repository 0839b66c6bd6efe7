/** IANA time zone names, checked against the runtime's time zone database (Intl). */

/** True for a name such as `Europe/London` or `UTC`; false for offsets (`+01:00`) and unknown names. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
