/**
 * Runs Debian's `promtool` (package prometheus): resolves with its exit code and output, never
 * throws on a failing check, so a test can assert on what promtool said.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));

/** `stdin` is written to promtool's standard input (`check metrics` reads the exposition from it). */
export function promtool(args: readonly string[], options: { cwd?: string; stdin?: string } = {}): Promise<{ code: number; output: string }> {
  if (!PROMTOOL) return Promise.reject(new Error('promtool is not installed: run .ci/run, or apt-get install prometheus'));
  return new Promise((resolve) => {
    const child = execFile(PROMTOOL, [...args], { cwd: options.cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}
