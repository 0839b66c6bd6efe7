/**
 * Readiness while the controller drains (issue 10, "Scale and floods": a restart with 45,000
 * journaled records stayed unready for minutes, pushing the backlog as one push; "stay ready while
 * draining"), and the other drain, a stop: a `cxone-gitops run` process told SIGTERM while a PUT
 * is in flight turns /readyz non-ready at once, lets the apply finish and journal its record, pushes
 * it and exits 0. Real processes, the emulator behind a loopback server that holds the PUT, a bare
 * remote whose hooks hold and count the audit pushes; every wait is a condition with a deadline.
 */
import { expect } from 'chai';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { leaveJournalBacklog } from '../support/journal-backlog.js';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const AUDIT_REF = 'refs/heads/cxone-gitops/audit';
/**
 * A backlog held back by the remote: readiness must not wait for it. (Its push in batches of at most
 * 500 records is shown on the audit trail itself, test/integration/git/audit-backlog.test.ts:
 * a backlog of more than 500 here costs minutes of git commits on a loaded machine.)
 */
const BACKLOG = 60;

/** Probes `/readyz` again and again (each after the last answer) until stopped; every answer's status. */
/** Probes /readyz until stopped; each probe also notes how many audit records were still pending. */
function probeReadiness(url: string, pending: () => Promise<number | null>): { stop(): Promise<Array<{ status: number; pending: number | null }>> } {
  let stopped = false;
  const statuses: Array<{ status: number; pending: number | null }> = [];
  const loop = (async () => {
    while (!stopped) {
      const { status } = await httpRequest(`${url}/readyz`).catch(() => ({ status: 0 }));
      statuses.push({ status, pending: await pending().catch(() => -1) });
      await delay(50);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return statuses;
    },
  };
}

/**
 * Hooks on the bare remote: while `gate` exists every push to the audit branch is refused; each
 * accepted one appends to `log` how many record lines it added under audit/.
 */
async function holdAndCountAuditPushes(remote: string, gate: string, log: string): Promise<void> {
  const empty = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'; // git's empty tree
  const preReceive = `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "${AUDIT_REF}" ] && [ -e '${gate}' ]; then echo 'audit pushes are held by the test' >&2; exit 1; fi\ndone\nexit 0\n`;
  const postReceive = `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "${AUDIT_REF}" ]; then\n    case "$old" in 0000000*) old=${empty} ;; esac\n    git diff --numstat "$old" "$new" -- audit | awk '{ s += $1 } END { print s + 0 }' >> '${log}'\n  fi\ndone\n`;
  for (const [name, text] of [['pre-receive', preReceive], ['post-receive', postReceive]] as const) {
    await writeFile(path.join(remote, 'hooks', name), text);
    await chmod(path.join(remote, 'hooks', name), 0o755);
  }
}

describe('readiness while the controller drains (a cxone-gitops run process)', function () {
  this.timeout(240_000);
  let harness: Harness;
  let hostile: HostileServer | undefined;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
    await hostile?.close();
    hostile = undefined;
  });

  it(`stays ready after a restart while a ${BACKLOG}-record journal backlog is held back by the remote, and while it drains`, async () => {
    // A previous run left the audit branch and then a backlog in its DATA_DIR journal (it crashed before pushing).
    const dataDir = harness.env.DATA_DIR!;
    const records = await leaveJournalBacklog(harness.remote, dataDir, BACKLOG);
    const gate = path.join(harness.dir, 'audit-gate');
    const pushLog = path.join(harness.dir, 'audit-pushes.log');
    await writeFile(gate, '');
    await holdAndCountAuditPushes(harness.remote, gate, pushLog);

    await harness.startControllerProcess();
    const url = harness.url();
    // Ready although not one journaled record could be pushed yet.
    await waitFor(async () => (await httpRequest(`${url}/readyz`)).status === 200, { timeoutMs: 60_000, what: '/readyz 200 with the backlog held' });
    const held = await harness.status();
    // At least the backlog: the restart's own adoption records may be journaled beside it by then.
    expect(held.auditPending, 'the backlog is still journaled while /readyz is 200').to.be.at.least(BACKLOG);
    expect(held.ready).to.equal(true);

    const probe = probeReadiness(url, async () => (await harness.status()).auditPending);
    let statuses: Array<{ status: number; pending: number | null }>;
    try {
      await rm(gate);
      await waitFor(async () => (await harness.status()).auditPending === 0, { timeoutMs: 180_000, intervalMs: 200, what: 'the backlog to be pushed' });
    } finally {
      statuses = await probe.stop();
    }
    expect(statuses.filter((probed) => (probed.pending ?? 0) > 0).length, 'readiness probed while backlog records were still pending').to.be.above(0);
    expect(statuses.filter((probed) => probed.status !== 200), `/readyz answers while draining (${statuses.length} probes)`).to.deep.equal([]);
    const pushes = (await readFile(pushLog, 'utf8')).split('\n').filter(Boolean).map(Number);
    // The backlog and the restart's own records (adoptions of the in-sync campaigns).
    expect(pushes.reduce((a, b) => a + b, 0), 'every backlog record pushed').to.be.at.least(BACKLOG);
    const onBranch = new Set((await harness.auditRecords()).map((record) => record.id));
    expect(records.filter((record) => !onBranch.has(record.id)), 'records missing on the audit branch').to.deep.equal([]);
  });

  it('turns /readyz non-ready at once on SIGTERM while a PUT is in flight, lets the apply finish and journal its record, and exits 0', async () => {
    hostile = await startHostileServer(harness.emulator.url);
    const child = await harness.startControllerProcess({ CXONE_DOMAIN: hostile.url });
    const url = harness.url();
    await waitFor(async () => (await httpRequest(`${url}/readyz`)).status === 200, { timeoutMs: 30_000, what: 'the controller to be ready' });

    // CXone holds the answer to the PUT until the test lets it go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    hostile.mischief = (request, response, upstream) => {
      if (request.method !== 'PUT') return false;
      void released.then(async () => {
        const answer = await upstream();
        response.writeHead(answer.status, answer.headers).end(answer.body);
        answered = true;
      });
      return true;
    };
    const revision = await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    await waitFor(() => hostile!.seen.some((request) => request.method === 'PUT'), { timeoutMs: 30_000, what: 'the PUT to reach CXone' });

    const signalled = Date.now();
    child.child.kill('SIGTERM');
    const stopping = await waitFor(
      async () => {
        const response = await httpRequest<{ ready: boolean; reason?: string }>(`${url}/readyz`);
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: 2_000, intervalMs: 10, what: '/readyz 503 after SIGTERM' },
    );
    expect(stopping.body, 'not ready, and why').to.deep.equal({ ready: false, reason: 'stopping' });
    // The PUT is still in flight here: its answer is held until release() below.
    expect((await httpRequest(`${url}/healthz`)).status, '/healthz stays 200 while draining (the liveness probe must not kill it)').to.equal(200);
    expect(child.child.exitCode, 'still running: draining the apply in flight').to.equal(null);

    release();
    const code = await waitFor(() => (child.child.exitCode === null ? undefined : child.child.exitCode), { timeoutMs: 15_000, what: 'the exit' });
    harness.child = undefined;
    expect(code, child.stderr()).to.equal(0);
    expect(Date.now() - signalled, 'exit within the 10 s stop deadline').to.be.below(10_000);
    expect(answered, 'the held PUT was answered before the exit').to.equal(true);
    expect(harness.emulator.context.store.get(SPRING)!.predictiveDialerSettings.parameterWeights.answer_rate, 'the apply reached CXone').to.equal(0.15);
    const applied = (await harness.auditRecords()).filter((record) => record.outcome === 'applied' && record.campaign === 'spring-renewals' && record.desiredRevision === revision);
    expect(applied, 'the PUT has its applied record on the audit branch').to.have.length(1);
    expect(await readFile(path.join(harness.env.DATA_DIR!, 'journal', 'audit.jsonl'), 'utf8'), 'nothing left in the journal').to.equal('');
    expect(hostile.seen.filter((request) => request.method === 'PUT'), 'no second PUT').to.have.length(1);
    const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
    expect((JSON.parse(lastLine) as { msg?: string }).msg, 'the last log line').to.equal('controller stopped');
  });
});
