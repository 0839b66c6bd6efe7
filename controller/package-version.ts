import { readFileSync } from 'node:fs';

/** The version in the package.json that ships with this build (dist/controller → ../../package.json). */
export function readPackageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
