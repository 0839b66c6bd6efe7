/**
 * The desired-state source's health (defect: fetch failures used to be a log line while campaigns
 * showed Synced against a stale revision). Every fetch reports here; while fetches fail, /readyz
 * answers 503 with the reason, `cxone_gitops_git_source_up` is 0 and a global incident is open.
 */
import { isClassifiedError } from '../domain/errors.js';
import type { IncidentCondition } from '../domain/incidents.js';
import { globalCondition } from './controller-incidents.js';
import type { SourceHealth } from './controller-types.js';

export interface SourceHealthTracker {
  succeeded(): void;
  failed(error: unknown): void;
  health(): SourceHealth;
  /** The incident condition while fetches fail. */
  conditions(): IncidentCondition[];
}

export function createSourceHealth(now: () => Date): SourceHealthTracker {
  let health: SourceHealth = { ok: true, failures: 0 };
  return {
    succeeded() {
      health = { ok: true, failures: 0, lastFetchAt: now().toISOString() };
    },
    failed(error) {
      health = {
        ok: false,
        failures: health.failures + 1,
        failingSince: health.failingSince ?? now().toISOString(),
        error: error instanceof Error ? error.message : String(error),
        errorClass: isClassifiedError(error) ? error.errorClass : 'unclassified',
        ...(health.lastFetchAt === undefined ? {} : { lastFetchAt: health.lastFetchAt }),
      };
    },
    health: () => health,
    conditions: () =>
      health.ok
        ? []
        : [globalCondition('git-source', 'git-source', `the desired state cannot be fetched from Git since ${health.failingSince ?? '?'}: campaigns are reconciled against the last revision read; ${health.error ?? ''}`)],
  };
}
