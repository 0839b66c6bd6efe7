/**
 * The API client options of a one-shot command (`plan`, `apply`, `adopt`), on either dialect: a
 * host that cannot be reached is said at once, and a wait CXone asked for is printed before it
 * starts, so a command is never silent for a minute. `run` builds its client without these (it
 * retries and logs instead). The client itself is built where the dialect is picked
 * (adapters/cxone/target-from-config.ts).
 */
import type { ClientFromConfigOptions } from '../adapters/cxone/target-from-config.js';

/** "waiting 60 s: CXone asked us to slow down (Retry-After)". */
function describeWait(waitMs: number): string {
  return `waiting ${Math.max(1, Math.ceil(waitMs / 1000))} s: CXone asked us to slow down (Retry-After)`;
}

export function commandClientOptions(command: string): Pick<ClientFromConfigOptions, 'failFast' | 'onWait'> {
  return { failFast: true, onWait: ({ waitMs }) => void process.stderr.write(`cxone-gitops ${command}: ${describeWait(waitMs)}\n`) };
}
