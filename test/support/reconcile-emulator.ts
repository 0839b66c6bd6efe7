/**
 * The emulator, the simulator pool and a CXone client the reconcile integration tests share: call
 * `useReconcileEmulator()` inside a `describe` and it registers the hooks (one pool for the file, a
 * fresh emulator and client per test, both closed after it by their own handles), then hands out
 * the helpers those tests used to copy (seed, PUTs seen, faults).
 */
import { createCxoneClient, type CxoneClient } from '../../controller/adapters/cxone/cxone-client.js';
import type { CampaignSpec } from '../../controller/domain/campaign-spec.js';
import { createSimulationPool, type SimulationPool } from '../../controller/simulation/index.js';
import { liveCampaignFor } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { httpRequest } from './http-request.js';

/** The actor this client's writes carry (`modifiedBy`). */
export const RECONCILE_ACTOR = `api:${DEFAULT_CLIENT.clientId}`;

export interface ReconcileEmulatorOptions {
  /** Retries of the shared client (default: the client's own). */
  retries?: number;
  /** The client's shortest backoff (default 10 ms). */
  minBackoffMs?: number;
  /** `modifiedBy` of a seeded campaign (default: none, as a campaign edited in the CXone UI before the controller came). */
  seedModifiedBy?: string;
}

export interface ReconcileEmulator {
  readonly emulator: RunningEmulator;
  readonly pool: SimulationPool;
  /** This test's client (made after the emulator started). */
  readonly cxone: CxoneClient;
  /** Another client on the same emulator (a restart's: its own token, circuit and bucket). */
  newClient(): CxoneClient;
  /** Puts `campaign` live as the file says, with `overrides` on top. */
  seed(campaign: CampaignSpec, overrides?: Record<string, unknown>): void;
  /** The PUTs the emulator has seen. */
  puts(): ReturnType<RunningEmulator['context']['requests']['query']>;
  /** Sets emulator faults (`POST /emulator/faults`). */
  faults(body: Record<string, unknown>): Promise<unknown>;
}

export function useReconcileEmulator(options: ReconcileEmulatorOptions = {}): ReconcileEmulator {
  let pool: SimulationPool | undefined;
  let emulator: RunningEmulator | undefined;
  let cxone: CxoneClient | undefined;
  const running = (): RunningEmulator => {
    if (!emulator) throw new Error('the emulator runs only inside a test (useReconcileEmulator registers it in beforeEach)');
    return emulator;
  };
  const newClient = (): CxoneClient =>
    createCxoneClient({
      baseUrl: running().url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      ratePerMinute: 0,
      minBackoffMs: options.minBackoffMs ?? 10,
      ...(options.retries === undefined ? {} : { retries: options.retries }),
    });

  before(() => {
    pool = createSimulationPool();
  });
  after(async () => {
    await pool?.close();
    pool = undefined;
  });
  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, pool: pool! });
    cxone = newClient();
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    cxone = undefined;
  });

  return {
    get emulator() {
      return running();
    },
    get pool() {
      if (!pool) throw new Error('the simulation pool is made in before()');
      return pool;
    },
    get cxone() {
      if (!cxone) throw new Error('the client is made in beforeEach()');
      return cxone;
    },
    newClient,
    seed(campaign, overrides = {}) {
      const modified = options.seedModifiedBy === undefined ? {} : { modifiedBy: options.seedModifiedBy };
      running().context.store.upsert({ ...liveCampaignFor(campaign), ...modified, ...overrides });
    },
    puts: () => running().context.requests.query({ method: 'PUT' }),
    faults: (body) => httpRequest(`${running().url}/emulator/faults`, { method: 'POST', body }),
  };
}
