/**
 * The audit branch as seen from the controller's audit worktree (`${dataDir}/audit`): fetch it,
 * create it as an orphan, reset onto its tip, append a push's records as one commit, push, and read
 * back the status documents and records (docs/architecture.md, "Audit commits"). Only the audit branch is ever fetched into this clone.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { formatAuditCommitMessage } from './audit-commit-message.js';
import { auditDayPath, entryStatuses, recordForCampaign, statusPath, type AuditEntry, type AuditRecord } from './audit-record.js';
import { isGitNotFoundError, type GitErrorContext } from './git-errors.js';
import type { GitRunner } from './git-runner.js';

export interface AuditBranch {
  /** Fetches the branch; its tip, or undefined when the remote has no such branch. */
  fetch(): Promise<string | undefined>;
  /** Commits a README as the first commit of a branch with no history, and pushes it. */
  createOrphan(): Promise<void>;
  /** Makes the worktree exactly `tip` (local commits and stray files dropped). */
  resetTo(tip: string): Promise<void>;
  /** The record ids found in the given day files of the worktree. */
  presentIds(dayPaths: Iterable<string>): Promise<Set<string>>;
  /** Appends the records to their day files in order, writes their status documents, and makes one commit of them all. */
  commit(entries: readonly AuditEntry[]): Promise<void>;
  /** Pushes the local branch; a moved remote branch rejects with GitPushRejectedError. */
  push(): Promise<void>;
  readStatusFiles(): Promise<Map<string, unknown>>;
  /** Records of the worktree's audit files, newest files first, until `limit` match. */
  readRecordFiles(campaign: string | undefined, limit: number): Promise<AuditRecord[]>;
}

const README = `# cxone-gitops audit trail

This branch is written by the cxone-gitops controller. It shares no history with the desired state.

- \`audit/YYYY/MM/DD.jsonl\`: one JSON record per action (apply, rollback, block, drift, failure), by UTC day.
- \`status/<campaign>.json\`: the last status of each campaign.

Each push is one commit holding its records in order, with the trailers \`Campaign-Id\`, \`Desired-Revision\`
and \`Outcome\` of each record, in the same order.
`;

/** The audit worktree a branch's operations work in (its git runner, the branch and where its files are). */
interface AuditWorktree {
  readonly git: GitRunner;
  readonly branch: string;
  readonly log: Logger;
  /** The worktree's directory (`${dataDir}/audit`). */
  readonly worktree: string;
  readonly trackingRef: string;
  readonly context: Partial<GitErrorContext>;
  /** Where a commit's message is written for `git commit -F`. */
  readonly messageFile: string;
}

async function commitFile(tree: AuditWorktree, message: string, date?: string): Promise<void> {
  await writeFile(tree.messageFile, message);
  await tree.git.run(['commit', '--no-verify', '--cleanup=whitespace', ...(date ? [`--date=${date}`] : []), '-F', tree.messageFile], tree.context);
}

async function push(tree: AuditWorktree): Promise<void> {
  await tree.git.run(['push', '--verbose', '--no-verify', 'origin', `HEAD:refs/heads/${tree.branch}`], tree.context);
}

async function writeStatus(tree: AuditWorktree, name: string, document: unknown): Promise<void> {
  const { worktree } = tree;
  const target = resolve(worktree, statusPath(name));
  // Never outside the worktree's status/ folder, whatever the name (docs/architecture.md, "Journal quarantine").
  if (dirname(target) !== resolve(worktree, 'status')) throw new TypeError(`status name ${JSON.stringify(name)} would write outside the audit worktree's status/ folder: not written`);
  await mkdir(join(worktree, 'status'), { recursive: true });
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
}

/** The JSON values of a JSON-lines file of the worktree (none when it is missing); unreadable lines skipped. */
async function readLines(tree: AuditWorktree, path: string): Promise<unknown[]> {
  const text = await readFile(join(tree.worktree, path), 'utf8').catch(() => '');
  const values: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      tree.log.warn({ path }, 'unreadable line in the audit branch, skipped');
    }
  }
  return values;
}

/** The names in a folder of the worktree that match `pattern`, last first. */
async function sortedEntries(tree: AuditWorktree, dir: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(join(tree.worktree, dir)).catch(() => [] as string[]);
  return names.filter((name) => pattern.test(name)).sort().reverse();
}

async function fetchBranch(tree: AuditWorktree): Promise<string | undefined> {
  const { git, branch, trackingRef, context } = tree;
  try {
    // --progress: the idle limit means no progress, not the whole fetch (docs/architecture.md, "Git commands and the idle limit").
    await git.run(['fetch', '--verbose', '--progress', '--no-tags', '--no-write-fetch-head', 'origin', `+refs/heads/${branch}:${trackingRef}`], context);
  } catch (error) {
    if (isGitNotFoundError(error) && error.missing === 'branch') return undefined;
    throw error;
  }
  return (await git.run(['rev-parse', '--verify', '--quiet', `${trackingRef}^{commit}`])).trim();
}

async function createOrphan(tree: AuditWorktree): Promise<void> {
  const { git, branch } = tree;
  await git.run(['update-ref', '-d', `refs/heads/${branch}`]).catch(() => undefined);
  await git.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  await git.run(['read-tree', '--empty']);
  await git.run(['clean', '-ffdx']);
  await writeFile(join(tree.worktree, 'README.md'), README);
  await git.run(['add', '--verbose', '--', 'README.md']);
  await commitFile(tree, 'start the cxone-gitops audit trail\n');
  tree.log.info({ branch }, 'creating the audit branch');
  await push(tree);
}

async function presentIds(tree: AuditWorktree, dayPaths: Iterable<string>): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const path of new Set(dayPaths)) {
    for (const value of await readLines(tree, path)) {
      const id = (value as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

/** Appends each record's line to its day file: each day file read once and appended once. */
async function appendDayFiles(tree: AuditWorktree, entries: readonly AuditEntry[]): Promise<void> {
  const lines = new Map<string, string[]>();
  for (const { record } of entries) {
    const day = auditDayPath(record.time);
    const added = lines.get(day) ?? [];
    added.push(JSON.stringify(record));
    lines.set(day, added);
  }
  for (const [day, added] of lines) {
    const dayFile = join(tree.worktree, day);
    await mkdir(dirname(dayFile), { recursive: true });
    const existing = existsSync(dayFile) ? await readFile(dayFile, 'utf8') : '';
    await appendFile(dayFile, `${existing !== '' && !existing.endsWith('\n') ? '\n' : ''}${added.map((line) => `${line}\n`).join('')}`);
  }
}

async function commit(tree: AuditWorktree, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Each day file read once and appended once, each status document written in record order
  // (the last one of a campaign wins): a 500-record batch is one pass, not 500.
  await appendDayFiles(tree, entries);
  const statuses = new Map<string, unknown>();
  for (const entry of entries) for (const status of entryStatuses(entry)) statuses.set(status.name, status.document);
  for (const [name, document] of statuses) await writeStatus(tree, name, document);
  await tree.git.run(['add', '--all', '--verbose', '--', 'audit', ...(statuses.size > 0 ? ['status'] : [])]);
  const records = entries.map((entry) => entry.record);
  const newest = records.reduce((a, b) => (Date.parse(b.time) > Date.parse(a.time) ? b : a));
  await commitFile(tree, formatAuditCommitMessage(records), newest.time);
}

async function readStatusFiles(tree: AuditWorktree): Promise<Map<string, unknown>> {
  const statuses = new Map<string, unknown>();
  for (const name of (await sortedEntries(tree, 'status', /\.json$/)).reverse()) {
    try {
      statuses.set(name.replace(/\.json$/, ''), JSON.parse(await readFile(join(tree.worktree, 'status', name), 'utf8')));
    } catch {
      tree.log.warn({ file: `status/${name}` }, 'unreadable status document on the audit branch, skipped');
    }
  }
  return statuses;
}

async function readRecordFiles(tree: AuditWorktree, campaign: string | undefined, limit: number): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (const year of await sortedEntries(tree, 'audit', /^\d{4}$/)) {
    for (const month of await sortedEntries(tree, `audit/${year}`, /^\d{2}$/)) {
      for (const day of await sortedEntries(tree, `audit/${year}/${month}`, /^\d{2}\.jsonl$/)) {
        const lines = (await readLines(tree, `audit/${year}/${month}/${day}`)) as AuditRecord[];
        const valid = lines.filter((record) => typeof record?.id === 'string');
        records.unshift(...(campaign === undefined ? valid : valid.flatMap((record) => recordForCampaign(record, campaign) ?? [])));
        if (records.length >= limit) return records;
      }
    }
  }
  return records;
}

export function createAuditBranch(git: GitRunner, branch: string, log: Logger): AuditBranch {
  const worktree = git.baseDir;
  const tree: AuditWorktree = {
    git,
    branch,
    log,
    worktree,
    trackingRef: `refs/remotes/origin/${branch}`,
    context: { branch, branchSetting: 'GITOPS_AUDIT_BRANCH' },
    messageFile: join(worktree, '.git', 'CXONE_GITOPS_AUDIT_MSG'),
  };
  return {
    fetch: () => fetchBranch(tree),
    createOrphan: () => createOrphan(tree),
    async resetTo(tip) {
      await git.run(['checkout', '--progress', '--force', '--no-track', '-B', branch, tip], tree.context);
      await git.run(['clean', '-ffdx']);
    },
    presentIds: (dayPaths) => presentIds(tree, dayPaths),
    commit: (entries) => commit(tree, entries),
    push: () => push(tree),
    readStatusFiles: () => readStatusFiles(tree),
    readRecordFiles: (campaign, limit) => readRecordFiles(tree, campaign, limit),
  };
}
