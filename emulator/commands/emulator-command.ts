/**
 * `cxone-gitops emulator`: runs the CXone API emulator until SIGINT/SIGTERM. This file declares
 * the command and its options only (it is loaded for every `cxone-gitops` invocation, so it stays
 * light); the work is in run-emulator.ts, imported when the command runs.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ALL_SCOPES, DEFAULT_CLIENT } from '../types.js';

export interface EmulatorCommandOptions {
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
      const { runEmulator } = await import('./run-emulator.js');
      await runEmulator(options);
    });
}
