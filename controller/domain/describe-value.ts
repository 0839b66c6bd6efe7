/** How a value from a file is shown in a message: short, typed, and never a secret URL in full. */

const MAX_SHOWN = 60;

/** `"text"` (shortened when long; a URL is not repeated, it may carry a token). */
export function quoteText(text: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'a URL';
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown);
}

/** `the string "0.8"`, `the number 3`, `true`, `a list`, `a mapping`, `nothing (an empty value)`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (typeof value === 'string') return quoteText(value) === 'a URL' ? 'a URL' : `the string ${quoteText(value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** A value as written in a sentence about it: `0.25`, `"enforced"`, `true`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeValue(value);
}

/** `a number`, `a whole number`, `a string`, `true or false`, `a mapping`, `a list`, joined with "or". */
export function describeTypes(types: readonly string[]): string {
  const names: Record<string, string> = {
    number: 'a number',
    integer: 'a whole number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'empty',
  };
  return types.map((type) => names[type] ?? type).join(' or ');
}
