/**
 * Durations in CXone's reporting answers (`averageTalkTime`, `averageWrapTime`, …) are strings.
 * The emulator writes ISO 8601 (`PT3M2.5S`); the parser also reads `HH:MM:SS(.fff)` and plain seconds.
 */

const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const CLOCK = /^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/;

/** Seconds of a reporting duration, or undefined when the text is not one. */
export function parseReportingDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso !== null && trimmed !== 'P' && trimmed !== 'PT') {
    const [, days, hours, minutes, seconds] = iso;
    return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
  }
  const clock = CLOCK.exec(trimmed);
  if (clock !== null) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return undefined;
}

/** ISO 8601 text of a duration in seconds, milliseconds kept: 182.5 → `PT3M2.5S`. */
export function formatReportingDuration(seconds: number): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const rest = (totalMs % 60_000) / 1000;
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${rest > 0 || (hours === 0 && minutes === 0) ? `${rest}S` : ''}`;
}
