/**
 * What the CLI tests on the cxone dialect share: a temporary copy of desired-state-cxone/ with the
 * emulator's private CA written beside it, the environment that points a `cxone-gitops` process at
 * the emulator over HTTPS, and a supervisor's edit.
 */
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';
import type { SkillSpec } from '../../controller/domain/skill-spec.js';
import type { RunningCxoneEmulator } from '../../emulator/cxone/cxone-emulator-server.js';
import type { CxoneEmulatorContext } from '../../emulator/cxone/cxone-emulator-context.js';
import { createSelfSignedCertificate } from '../../emulator/tls-certificate.js';
import { cxoneConnectionEnv } from '../../emulator/cxone/cxone-connection-env.js';
import { REPO_ROOT } from './spawn-cli.js';

export interface SkillWorkspace {
  tmp: string;
  /** The emulator's certificate as a file, for NODE_EXTRA_CA_CERTS. */
  ca: string;
  tls: { key: string; cert: string };
  /** The example skills, loaded from the copy. */
  skills: SkillSpec[];
}

export async function skillWorkspace(prefix: string): Promise<SkillWorkspace> {
  const tls = await createSelfSignedCertificate();
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  const ca = path.join(tmp, 'ca.pem');
  await writeFile(ca, tls.cert);
  await cp(path.join(REPO_ROOT, 'desired-state-cxone'), path.join(tmp, 'desired-state-cxone'), { recursive: true });
  const skills = (await loadDesiredState(path.join(tmp, 'desired-state-cxone'))).validation.skills;
  return { tmp, ca, tls, skills };
}

/** CXONE_DIALECT=cxone against `emulator`, trusting `ca`: what every process on the cxone dialect needs. */
export { cxoneConnectionEnv };

/** A CLI command's environment: the cxone connection plus `extra`. */
export function cxoneCliEnv(emulator: RunningCxoneEmulator, ca: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...cxoneConnectionEnv(emulator, ca), ...extra };
}

/** A supervisor's edit in the CXone UI (the emulator's store, as `PATCH /emulator/skills/{id}`). */
export function supervisorEdit(emulator: RunningCxoneEmulator, skillId: number, body: Record<string, unknown>): void {
  const result = emulator.context.store.patch(skillId, body);
  expect(result.ok, JSON.stringify(result)).to.equal(true);
}

/**
 * For the emulator's `traffic` option (its extension point), to act at an exact moment: every
 * access token expires as soon as the first 200 answer to a request whose path ends with
 * `pathEnd` has been sent. `then` installs what the option would otherwise install (live traffic).
 */
export function expireTokensAfterFirst(
  pathEnd: string,
  then: (app: FastifyInstance, ctx: CxoneEmulatorContext) => (() => Promise<void>) | undefined = () => undefined,
): (app: FastifyInstance, ctx: CxoneEmulatorContext) => (() => Promise<void>) | undefined {
  return (app, ctx) => {
    let done = false;
    app.addHook('onResponse', async (request, reply) => {
      if (!done && reply.statusCode === 200 && request.url.split('?')[0]!.toLowerCase().endsWith(pathEnd.toLowerCase())) {
        done = true;
        ctx.keys.expireAccessTokens();
      }
    });
    return then(app, ctx);
  };
}
