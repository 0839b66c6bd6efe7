import { spawnSync } from 'node:child_process';

/**
 * The first Python interpreter on this machine that can import every module named, or undefined.
 * `.ci/run` installs Debian's packages for the tutorial client when the default one cannot.
 */
export function findPython(modules: readonly string[]): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}
