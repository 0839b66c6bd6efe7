/**
 * The desired-state source's health (defect: fetch failures used to be a log line while campaigns
 * showed Synced against a stale revision). Every fetch reports here; while fetches fail, /readyz
 * answers 503 with the reason, `cxone_gitops_git_source_up` is 0 and a global incident is open.
 */
import { isClassifiedError } from '../domain/errors.js';
import type { FetchSchedule } from '../adapters/git/git-source-types.js';
import type { IncidentCondition } from '../domain/incidents.js';
import { globalCondition } from './controller-incidents.js';
import type { SourceHealth } from './controller-types.js';

export interface SourceHealthTracker {
  succeeded(): void;
  /** A failed fetch; `schedule` (from the git source's poll) says when it fetches next. */
  failed(error: unknown, schedule?: FetchSchedule): void;
  health(): SourceHealth;
  /** The incident condition while fetches fail. */
  conditions(): IncidentCondition[];
}

/** The readiness reason while fetches fail: the error, and when the next poll tries again. */
export function sourceFailureReason(health: SourceHealth): string {
  const next = health.nextFetchAt === undefined ? '' : ` (${health.failures} failed fetches; ${health.backingOff ? 'backing off: ' : ''}next fetch at ${health.nextFetchAt})`;
  return `the desired state cannot be fetched from Git: ${health.error ?? 'unknown error'}${next}`;
}

export function createSourceHealth(now: () => Date): SourceHealthTracker {
  let health: SourceHealth = { ok: true, failures: 0 };
  return {
    succeeded() {
      health = { ok: true, failures: 0, lastFetchAt: now().toISOString() };
    },
    failed(error, schedule) {
      const next = schedule?.nextPollInMs;
      health = {
        ok: false,
        failures: health.failures + 1,
        failingSince: health.failingSince ?? now().toISOString(),
        error: error instanceof Error ? error.message : String(error),
        errorClass: isClassifiedError(error) ? error.errorClass : 'unclassified',
        ...(health.lastFetchAt === undefined ? {} : { lastFetchAt: health.lastFetchAt }),
        ...(next === undefined ? {} : { nextFetchAt: new Date(now().getTime() + next).toISOString(), backingOff: (schedule?.consecutiveFailures ?? 0) > 1 }),
      };
    },
    health: () => health,
    conditions: () =>
      health.ok
        ? []
        : [globalCondition('git-source', 'git-source', `the desired state cannot be fetched from Git since ${health.failingSince ?? '?'}: campaigns are reconciled against the last revision read; ${health.error ?? ''}`)],
  };
}
