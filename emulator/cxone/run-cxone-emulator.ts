/**
 * `cxone-gitops emulator --dialect cxone`: seeds and runs the real-CXone emulator until SIGINT or
 * SIGTERM, printing where it listens and the settings a controller needs to reach it.
 */
import { writeFile } from 'node:fs/promises';
import { untilStopSignal } from '../stop-signal.js';
import { createSelfSignedCertificate } from '../tls-certificate.js';
import { startCxoneEmulator } from './cxone-emulator-server.js';
import { generateSkills, loadDesiredStateSkills } from './seed-skills.js';

export interface CxoneEmulatorCommandOptions {
  host: string;
  port: number;
  tls: boolean;
  certOut?: string;
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
  tenantId: string;
  rateLimit: number;
  tokenTtl: number;
  skills: number;
  timeScale: number;
  from?: string;
  seed: number;
}

export async function runCxoneEmulator(options: CxoneEmulatorCommandOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<void> {
  const skills: unknown[] = [];
  if (options.from) {
    const loaded = await loadDesiredStateSkills(options.from, options.seed);
    for (const problem of loaded.problems) err.write(`${problem}\n`);
    skills.push(...loaded.skills);
  }
  skills.push(...generateSkills(options.skills, options.seed));
  const tls = options.tls ? await createSelfSignedCertificate() : undefined;
  if (tls && options.certOut) await writeFile(options.certOut, tls.cert);
  const emulator = await startCxoneEmulator({
    host: options.host,
    port: options.port,
    tls,
    applications: [{ clientId: options.clientId, clientSecret: options.clientSecret }],
    accessKeys: [{ accessKeyId: options.accessKeyId, accessKeySecret: options.accessKeySecret }],
    tenantId: options.tenantId,
    rateLimitPerMinute: options.rateLimit,
    tokenTtlSeconds: options.tokenTtl,
    timeScale: options.timeScale,
    seed: options.seed,
    skills,
  });
  const stopped = untilStopSignal();
  out.write(`CXone emulator (dialect cxone) listening on ${emulator.url}\n`);
  out.write(
    `${emulator.context.store.size} skills, tenant ${options.tenantId}, time scale ${options.timeScale}x: ` +
      `CXONE_DIALECT=cxone CXONE_AUTH_URL=${emulator.url} CXONE_CLIENT_ID=${options.clientId} CXONE_ACCESS_KEY_ID=${options.accessKeyId}` +
      `${tls && options.certOut ? ` NODE_EXTRA_CA_CERTS=${options.certOut}` : ''}\n`,
  );
  await stopped;
  await emulator.close();
  out.write('CXone emulator stopped\n');
}
