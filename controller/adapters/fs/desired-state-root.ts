/**
 * The desired-state root a single file belongs to, for the commands that take a file (`simulate
 * FILE`, `validate FILE` from an editor or a pre-commit hook): the nearest folder up holding the
 * policy file `cxone-gitops.yaml`, else the file's own folder (the search stops at a `.git`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function desiredStateRootOf(file: string): string {
  let dir = dirname(resolve(file));
  for (;;) {
    if (existsSync(join(dir, 'cxone-gitops.yaml')) || existsSync(join(dir, 'cxone-gitops.yml'))) return dir;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return dirname(resolve(file));
    dir = dirname(dir);
  }
}
