/**
 * The typed readers `readConfig` reads the environment with (README, "Configuration"):
 * each one names a wrong value in the shared problem list rather than throwing, so every wrong
 * setting is named at once.
 */

/** Reads one environment's variables; a wrong value is pushed to `problems` and the fallback used. */
export interface EnvReader {
  /** The variable, trimmed; undefined when it is unset or empty. */
  text: (name: string) => string | undefined;
  /** A whole number from `min` to `max`; `fallback` when unset or wrong. */
  integer: (name: string, fallback: number, min: number, max: number) => number;
  /** An http(s) URL without `user:password@`; undefined when unset or wrong (its value is never echoed). */
  url: (name: string) => string | undefined;
  problems: string[];
}

export function envReader(env: NodeJS.ProcessEnv, problems: string[]): EnvReader {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const url = (name: string): string | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    // The URL itself is never echoed: webhook URLs carry their secret in the path (a Slack hook).
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      problems.push(`${name} is not a URL: set it to an http(s) URL (its value is not shown: it may hold a secret)`);
      return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') problems.push(`${name} must be an http(s) URL, not ${parsed.protocol.replace(/:$/, '')}`);
    else if (parsed.username || parsed.password) problems.push(`${name} must not carry user:password@ (deliveries never send URL credentials): use the sink's secret or token setting, or a URL with the token in its path`);
    else return raw;
    return undefined;
  };
  return { text, integer, url, problems };
}
