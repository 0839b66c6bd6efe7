/**
 * What `cxone-gitops emulator` does: seeds and starts the emulator, prints where it listens, and
 * serves until SIGINT/SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { loadDesiredStateCampaigns } from '../desired-state-campaigns.js';
import { startEmulator } from '../emulator-server.js';
import { generateCampaigns } from '../generated-campaigns.js';
import { untilStopSignal } from '../stop-signal.js';
import { createSelfSignedCertificate } from '../tls-certificate.js';
import type { EmulatorCommandOptions } from './emulator-command.js';

export async function runEmulator(options: EmulatorCommandOptions): Promise<void> {
  const campaigns: unknown[] = [];
  if (options.from) {
    const loaded = await loadDesiredStateCampaigns(options.from, options.seed);
    for (const problem of loaded.problems) process.stderr.write(`${problem}\n`);
    campaigns.push(...loaded.campaigns);
  }
  campaigns.push(...generateCampaigns(options.campaigns, options.seed));
  const tls = options.tls ? await createSelfSignedCertificate() : undefined;
  if (tls && options.certOut) await writeFile(options.certOut, tls.cert);
  const emulator = await startEmulator({
    host: options.host,
    port: options.port,
    tls,
    clients: [{ clientId: options.clientId, clientSecret: options.clientSecret, scopes: options.scopes }],
    rateLimitPerMinute: options.rateLimit,
    tokenTtlSeconds: options.tokenTtl,
    seed: options.seed,
    campaigns,
  });
  const stopped = untilStopSignal();
  process.stdout.write(`CXone emulator listening on ${emulator.url}\n`);
  process.stdout.write(
    `${emulator.context.store.size} campaigns, client id ${options.clientId}, rate limit ${options.rateLimit || 'off'}${options.rateLimit ? '/min' : ''}` +
      `${tls && options.certOut ? `, certificate in ${options.certOut}` : ''}\n`,
  );
  await stopped;
  await emulator.close();
  process.stdout.write('CXone emulator stopped\n');
}
