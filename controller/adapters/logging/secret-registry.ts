/**
 * The secret values of this process (client secret, webhook secrets, access tokens as they are
 * issued). Whatever leaves the process — log lines, audit records, status answers, alert bodies —
 * can be passed through `scrub` so none of them ever appears.
 */
export const REDACTED = '[redacted]';

export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Registers a value; values shorter than 6 characters are ignored (too likely to hit ordinary text). */
  add(value: string | undefined): void {
    if (value && value.length >= 6) this.values.add(value);
  }

  /**
   * A variable lookup whose every answer is registered before it is returned: the alert routes of
   * the policy file name their sinks' URLs and secrets by variable, and all of them are secrets.
   */
  registering(lookup: (name: string) => string | undefined): (name: string) => string | undefined {
    return (name) => {
      const value = lookup(name);
      this.add(value);
      return value;
    };
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every registered value found in strings, deep in objects and arrays. */
  scrub<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.scrubValue(value, 0) as T;
  }

  /** Every registered value in `text` replaced. */
  scrubString(text: string): string {
    let result = text;
    for (const secret of this.values) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** A `JSON.stringify` replacer that scrubs every string (keys are not scrubbed, as by `scrub`): no copy of the value is made. */
  readonly jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'string' && this.values.size > 0 ? this.scrubString(value) : value);

  private scrubValue(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.scrubString(value);
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item, depth + 1));
    if (value instanceof Error) return this.scrubValue({ name: value.name, message: value.message, stack: value.stack }, depth + 1);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.scrubValue(item, depth + 1)]));
  }
}
