/**
 * `cxone-gitops emulator`: runs the CXone API emulator until SIGINT/SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_CLIENT, startEmulator } from '../../emulator/emulator-server.js';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import { loadDesiredStateCampaigns } from '../../emulator/desired-state-campaigns.js';
import { createSelfSignedCertificate } from '../../emulator/tls-certificate.js';
import { ALL_SCOPES } from '../../emulator/types.js';

interface EmulatorCommandOptions {
  host: string;
  port: number;
  tls: boolean;
  certOut?: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  rateLimit: number;
  tokenTtl: number;
  campaigns: number;
  from?: string;
  seed: number;
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `${name} must be an integer >= ${min}` : `${name} must be an integer from ${min} to ${max}`);
    }
    return parsed;
  };
}

function scopeList(value: string): string[] {
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !ALL_SCOPES.includes(scope));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown scope ${unknown.join(', ')} (known: ${ALL_SCOPES.join(', ')})`);
  return scopes;
}

export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('run the CXone API emulator (OAuth2, campaigns, simulations, webhooks, /emulator/ admin endpoints)')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port; 0 picks a free one', integer('--port', 0, 65_535), 0)
    .option('--tls', 'serve HTTPS with a self-signed certificate for localhost and 127.0.0.1', false)
    .option('--cert-out <file>', 'with --tls: write the certificate (PEM) here so clients can trust it (NODE_EXTRA_CA_CERTS)')
    .option('--client-id <id>', 'the API client id', DEFAULT_CLIENT.clientId)
    .option('--client-secret <secret>', 'the API client secret', DEFAULT_CLIENT.clientSecret)
    .option('--scopes <list>', 'scopes granted to the client, comma or space separated (default: all four)', scopeList, [...ALL_SCOPES])
    .option('--rate-limit <n>', 'requests per minute per client id (0 = off)', integer('--rate-limit', 0), 100)
    .option('--token-ttl <seconds>', 'access token lifetime', integer('--token-ttl', 1), 3600)
    .option('--campaigns <n>', 'generate N campaigns', integer('--campaigns', 0), 0)
    .option('--from <dir>', 'seed the campaigns named by a desired-state directory (live weights slightly off)')
    .option('--seed <n>', 'seed of generated data, simulations and faults', integer('--seed', 0), 1)
    .action(async (options: EmulatorCommandOptions) => {
      if (options.certOut && !options.tls) throw new InvalidArgumentError('--cert-out needs --tls');
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
      process.stdout.write(`CXone emulator listening on ${emulator.url}\n`);
      process.stdout.write(
        `${emulator.context.store.size} campaigns, client id ${options.clientId}, rate limit ${options.rateLimit || 'off'}${options.rateLimit ? '/min' : ''}` +
          `${tls && options.certOut ? `, certificate in ${options.certOut}` : ''}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emulator.close();
      process.stdout.write('CXone emulator stopped\n');
    });
}
