/**
 * Everything one running cxone-dialect emulator holds: the tenant (id, application, access keys,
 * tokens), its outbound skills, faults, the rate limiter, the request log, and the time scale of
 * its live traffic.
 */
import { RateLimiter } from '../rate-limiter.js';
import { RequestLog } from '../request-log.js';
import type { ScriptedFault } from '../types.js';
import { AccessKeyStore, type AccessKey, type CxoneApplication } from './access-key-store.js';
import { NO_CXONE_FAULTS, type CxoneFaults } from './cxone-faults.js';
import { SkillStore } from './skill-store.js';

export interface CxoneEmulatorContextOptions {
  applications: CxoneApplication[];
  accessKeys: AccessKey[];
  tenantId: string;
  rateLimitPerMinute: number;
  tokenTtlSeconds: number;
  /** Simulated seconds per real second of the skills' live traffic. */
  timeScale: number;
  now: () => number;
  random: () => number;
  /** Skill bodies (as `POST /emulator/skills` takes them), restored on reset. */
  skills: unknown[];
}

export class CxoneEmulatorContext {
  readonly store: SkillStore;
  readonly keys: AccessKeyStore;
  readonly limiter: RateLimiter;
  readonly requests = new RequestLog();
  faults: CxoneFaults = { ...NO_CXONE_FAULTS };
  /** One-shot faults (`next` of `POST /emulator/faults`), consumed in order by the first request each matches. */
  scripted: ScriptedFault[] = [];
  /** Simulated seconds per real second of the live traffic (read by the live-traffic model). */
  timeScale: number;
  /** Supervisor edits to make right after the next accepted PUT to a skill (`POST /emulator/skills/{id}/edit-after-next-put`). */
  readonly editsAfterNextPut = new Map<number, unknown>();
  readonly now: () => number;
  readonly random: () => number;
  /** The highest `vNN.0` of the base path served. */
  readonly maxApiVersion = 34;

  constructor(private readonly options: CxoneEmulatorContextOptions) {
    this.now = options.now;
    this.random = options.random;
    this.store = new SkillStore(options.now);
    this.timeScale = options.timeScale;
    this.keys = new AccessKeyStore(options.now, options.tokenTtlSeconds, options.tenantId, '');
    for (const application of options.applications) this.keys.addApplication(application);
    for (const key of options.accessKeys) this.keys.addAccessKey(key);
    this.limiter = new RateLimiter(options.rateLimitPerMinute, options.now);
    this.seed();
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  /** Back to the start: seeded skills, no accepted PUTs, no faults, no tokens, an empty request log. */
  reset(): void {
    this.store.clear();
    this.editsAfterNextPut.clear();
    this.requests.clear();
    this.keys.revokeAll();
    this.keys.tokenTtlSeconds = this.options.tokenTtlSeconds;
    this.limiter.reset(this.options.rateLimitPerMinute);
    this.faults = { ...NO_CXONE_FAULTS };
    this.scripted = [];
    this.timeScale = this.options.timeScale;
    this.seed();
  }

  private seed(): void {
    for (const body of this.options.skills) {
      const result = this.store.upsert(body);
      if (!result.ok) throw new Error(`cannot seed skill: ${result.message}`);
    }
  }
}
