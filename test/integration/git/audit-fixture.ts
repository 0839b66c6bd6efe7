/**
 * Records and branch readers for the audit trail tests.
 */
import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../../../controller/adapters/git/audit-record.js';
import { createGitRunner, type GitRunner, type GitRunnerOptions } from '../../../controller/adapters/git/git-runner.js';
import { git } from './git-fixture.js';

export const AUDIT_BRANCH = 'cxone-gitops/audit';

/** A record on 2025-03-14 (UTC) unless `time` says otherwise. */
export function auditRecord(campaign = 'spring-renewals', overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: randomUUID(),
    time: '2025-03-14T10:00:00.000Z',
    campaign,
    campaignId: `id-${campaign}`,
    outcome: 'applied',
    desiredRevision: 'a'.repeat(40),
    ...overrides,
  };
}

/** Every record in audit/**.jsonl on the audit branch of `remote`, in file order. */
export async function recordsOnBranch(remote: string, branch = AUDIT_BRANCH): Promise<AuditRecord[]> {
  const files = (await git(remote, 'ls-tree', '-r', '--name-only', `refs/heads/${branch}`, '--', 'audit/')).split('\n').filter(Boolean).sort();
  const records: AuditRecord[] = [];
  for (const file of files) {
    const text = await git(remote, 'show', `refs/heads/${branch}:${file}`);
    for (const line of text.split('\n')) if (line.trim() !== '') records.push(JSON.parse(line) as AuditRecord);
  }
  return records;
}

/** How many times each id appears. */
export function idCounts(records: readonly AuditRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.id, (counts.get(record.id) ?? 0) + 1);
  return counts;
}

/** A git runner that calls `before(args)` ahead of every git command it runs. */
export function watchedRunner(options: GitRunnerOptions, before: (args: readonly string[]) => Promise<void> | void): GitRunner {
  const runner = createGitRunner(options);
  return {
    baseDir: runner.baseDir,
    abort: () => runner.abort(),
    async run(args, context) {
      await before(args);
      return runner.run(args, context);
    },
  };
}

/** A runner factory that counts pushes and can run something just before a push is sent. */
export function observedRunners(): {
  createRunner: (options: GitRunnerOptions) => GitRunner;
  pushes: () => number;
  beforeNextPush: (action: () => Promise<void>) => void;
} {
  let pushes = 0;
  let pending: (() => Promise<void>) | undefined;
  return {
    pushes: () => pushes,
    beforeNextPush: (action) => {
      pending = action;
    },
    createRunner: (options) =>
      watchedRunner(options, async (args) => {
        if (args[0] !== 'push') return;
        pushes += 1;
        const action = pending;
        pending = undefined;
        await action?.();
      }),
  };
}
