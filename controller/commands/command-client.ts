/**
 * The CXone client of a one-shot command (`plan`, `apply`, `adopt`): a host that cannot be reached
 * is said at once, and a wait CXone asked for is printed before it starts, so a command is never
 * silent for a minute. `run` builds its client without these (it retries and logs instead).
 */
import { clientFromConfig } from '../adapters/cxone/client-from-config.js';
import type { CxoneClient, CxoneClientOptions } from '../adapters/cxone/cxone-client.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { SecretRegistry } from '../adapters/logging/secret-registry.js';
import type { Config } from '../config.js';

/** "waiting 60 s: CXone asked us to slow down (Retry-After)". */
export function describeWait(waitMs: number): string {
  return `waiting ${Math.max(1, Math.ceil(waitMs / 1000))} s: CXone asked us to slow down (Retry-After)`;
}

export function commandClient(
  command: string,
  config: Config,
  extra: { log?: Logger; secrets?: SecretRegistry; write?: (line: string) => void } & Partial<CxoneClientOptions> = {},
): CxoneClient {
  const { write = (line: string) => void process.stderr.write(line), ...options } = extra;
  return clientFromConfig(config, { failFast: true, onWait: ({ waitMs }) => write(`cxone-gitops ${command}: ${describeWait(waitMs)}\n`), ...options });
}
