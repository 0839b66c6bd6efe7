/** A setting's value as a plan shows it: numbers without float noise, everything else as written. */
import { normalizeNumber } from '../domain/dialer-settings.js';

export function formatValue(value: string | number | boolean): string {
  return typeof value === 'number' ? String(normalizeNumber(value)) : String(value);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
