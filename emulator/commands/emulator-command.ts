/**
 * `cxone-gitops emulator`: runs the CXone API emulator until SIGINT/SIGTERM. This file declares
 * the command and its options only (it is loaded for every `cxone-gitops` invocation, so it stays
 * light); the work is in run-emulator.ts, imported when the command runs.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ALL_SCOPES, DEFAULT_CLIENT } from '../types.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_TENANT_ID } from '../cxone/cxone-defaults.js';

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
  dialect: 'tutorial' | 'cxone';
  accessKeyId: string;
  accessKeySecret: string;
  tenantId: string;
  skills: number;
  timeScale: number;
}

function dialectName(value: string): 'tutorial' | 'cxone' {
  if (value !== 'tutorial' && value !== 'cxone') throw new InvalidArgumentError('--dialect must be tutorial (the tutorial\'s campaign API) or cxone (the real CXone skills API)');
  return value;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('--time-scale must be a number > 0');
  return parsed;
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
    .option('--tls', 'serve HTTPS with a self-signed certificate for localhost, 127.0.0.1 and ::1 (bind ::1 with --host ::1)', false)
    .option('--cert-out <file>', 'with --tls: write the certificate (PEM) here so clients can trust it (NODE_EXTRA_CA_CERTS)')
    .option('--client-id <id>', 'the API client id', DEFAULT_CLIENT.clientId)
    .option('--client-secret <secret>', 'the API client secret', DEFAULT_CLIENT.clientSecret)
    .addOption(new Option('--scopes <list>', 'scopes granted to the client, comma or space separated').argParser(scopeList).default([...ALL_SCOPES], `all four: ${ALL_SCOPES.join(', ')}`))
    .option('--rate-limit <n>', 'requests per minute per client id (0 = off)', integer('--rate-limit', 0), 100)
    .option('--token-ttl <seconds>', 'access token lifetime', integer('--token-ttl', 1), 3600)
    .option('--campaigns <n>', 'generate N campaigns', integer('--campaigns', 0), 0)
    .option('--from <dir>', 'seed the campaigns named by a desired-state directory (live weights slightly off)')
    .option('--seed <n>', 'seed of generated data, simulations and faults', integer('--seed', 0), 1)
    .option('--dialect <name>', 'tutorial (the tutorial\'s campaign API) or cxone (the real CXone skills API)', dialectName, 'tutorial')
    .option('--access-key-id <id>', 'cxone: the API user\'s access key id', DEFAULT_ACCESS_KEY.accessKeyId)
    .option('--access-key-secret <secret>', 'cxone: the access key secret', DEFAULT_ACCESS_KEY.accessKeySecret)
    .option('--tenant-id <uuid>', 'cxone: the tenant id (the token\'s tenantId claim)', DEFAULT_TENANT_ID)
    .option('--skills <n>', 'cxone: generate N outbound skills', integer('--skills', 0), 0)
    .option('--time-scale <n>', 'cxone: simulated seconds of live traffic per real second', positiveNumber, 1)
    .action(async (options: EmulatorCommandOptions) => {
      if (options.certOut && !options.tls) throw new InvalidArgumentError('--cert-out needs --tls');
      if (options.dialect === 'cxone') {
        const { runCxoneEmulator } = await import('../cxone/run-cxone-emulator.js');
        return runCxoneEmulator(options);
      }
      const { runEmulator } = await import('./run-emulator.js');
      await runEmulator(options);
    });
}
