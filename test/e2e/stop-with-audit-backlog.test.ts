/**
 * SIGTERM with a large audit backlog (issue 9, the controller shell; README "SIGTERM or SIGINT
 * stops the controller … exits 0 within 10 seconds"): in a 10,000-campaign run the controller
 * exited 1 on SIGTERM with ~1,280 records still journaled. A `cxone-gitops run` process starts with
 * a journal backlog of more than two batches left by a previous run, the remote holds every push
 * to the audit branch (a pre-receive hook that waits for the test), and the process is told
 * SIGTERM while a push is held: it must exit 0 within the stop deadline and leave every record it
 * could not push in the journal, and a later start must push them all. Real processes and a bare
 * remote on the file system; every wait is a condition with a deadline.
 */
import { expect } from 'chai';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { leaveJournalBacklog } from '../support/journal-backlog.js';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

const AUDIT_REF = 'refs/heads/cxone-gitops/audit';
/** More than two batches of 500 (the 10k run had ~1,280 left). */
const BACKLOG = 1_300;

/** While `gate` exists, every push to the audit branch waits in the remote's pre-receive hook (and `held` is touched). */
async function holdAuditPushes(remote: string, gate: string, held: string): Promise<void> {
  const hook = `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "${AUDIT_REF}" ]; then\n    touch '${held}'\n    while [ -e '${gate}' ]; do sleep 0.05; done\n  fi\ndone\nexit 0\n`;
  await writeFile(path.join(remote, 'hooks', 'pre-receive'), hook);
  await chmod(path.join(remote, 'hooks', 'pre-receive'), 0o755);
}

async function journaledIds(dataDir: string): Promise<Set<string>> {
  const text = await readFile(path.join(dataDir, 'journal', 'audit.jsonl'), 'utf8').catch(() => '');
  return new Set(text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { record: { id: string } }).record.id));
}

describe('SIGTERM with a large audit backlog (a cxone-gitops run process)', function () {
  this.timeout(300_000);
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it(`exits 0 within the 10 s stop deadline while the push of a ${BACKLOG}-record journal backlog is held by the remote, and keeps every unpushed record for the next start`, async () => {
    const dataDir = harness.env.DATA_DIR!;
    // A previous run left the audit branch and then a backlog in its journal (it crashed before pushing).
    const records = await leaveJournalBacklog(harness.remote, dataDir, BACKLOG);
    const gate = path.join(harness.dir, 'audit-gate');
    const held = path.join(harness.dir, 'audit-push-held');
    await writeFile(gate, '');
    await holdAuditPushes(harness.remote, gate, held);

    const child = await harness.startControllerProcess();
    const url = harness.url();
    await waitFor(async () => (await httpRequest(`${url}/readyz`)).status === 200, { timeoutMs: 60_000, what: 'the controller to be ready' });
    await waitFor(() => readFile(held).then(() => true, () => undefined), { timeoutMs: 60_000, what: 'a push of the backlog to be held by the remote' });

    const signalled = Date.now();
    child.child.kill('SIGTERM');
    const code = await waitFor(() => (child.child.exitCode === null && child.child.signalCode === null ? undefined : (child.child.exitCode ?? child.child.signalCode)), {
      timeoutMs: 20_000,
      what: 'the exit after SIGTERM',
    });
    const tookMs = Date.now() - signalled;
    harness.child = undefined;
    expect(code, `exit code (stderr: ${child.stderr().slice(-2000)}; last log lines: ${child.stdout().trim().split('\n').slice(-5).join(' | ')})`).to.equal(0);
    expect(tookMs, 'exit within the 10 s stop deadline').to.be.below(10_000);
    const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
    expect((JSON.parse(lastLine) as { msg?: string }).msg, 'the last log line').to.equal('controller stopped');

    // Nothing is lost: every backlog record is on the branch or still journaled (none was pushed: all were held).
    const onBranch = new Set((await harness.auditRecords()).map((record) => record.id as string));
    const journaled = await journaledIds(dataDir);
    expect(records.filter((record) => !onBranch.has(record.id) && !journaled.has(record.id)), 'records neither pushed nor journaled').to.deep.equal([]);

    // The next start pushes them all.
    await rm(gate);
    await harness.startControllerProcess();
    // Ready first: before the start has opened the journal, the status counts no pending record.
    await waitFor(async () => {
      const status = await harness.status();
      return status.ready && status.auditPending === 0;
    }, { timeoutMs: 180_000, intervalMs: 200, what: 'the backlog to be pushed by the next start' });
    const pushed = new Set((await harness.auditRecords()).map((record) => record.id as string));
    expect(records.filter((record) => !pushed.has(record.id)), 'backlog records missing on the audit branch after the next start').to.deep.equal([]);
  });
});
