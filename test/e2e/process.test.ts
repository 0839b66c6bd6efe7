import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Campaign } from '../../emulator/types.js';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { exitCodeWithin, runCli } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

/** stdout of a controller process as pino's JSON lines (throws on a line that is not JSON). */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

describe('cxone-gitops run, as a child process', function () {
  this.timeout(60_000);
  let harness: Harness;

  const live = (id: string): Campaign => harness.emulator.context.store.get(id)!;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('logs JSON lines with one "listening on http://127.0.0.1:<port>", answers /healthz at once and /readyz 503 until it is ready, then 200', async () => {
    // Every CXone answer takes 1.5 s, so the controller is still waiting for its token when it listens.
    harness.emulator.context.setFaults({ latencyMs: 1500 });
    const child = await harness.startControllerProcess();
    const url = harness.url();
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).to.not.match(/:0$/);

    expect((await httpRequest(`${url}/healthz`)).status, '/healthz while starting').to.equal(200);
    const starting = await httpRequest<{ ready: boolean; reason?: string }>(`${url}/readyz`);
    expect(starting.status, '/readyz before the CXone token').to.equal(503);
    expect(starting.body, 'not ready, and why').to.deep.equal({ ready: false, reason: 'starting' });
    expect((await httpRequest<{ ready: boolean }>(`${url}/api/status`)).body.ready).to.equal(false);

    harness.emulator.context.setFaults({ latencyMs: 0 });
    const ready = await waitFor(
      async () => {
        const response = await httpRequest<{ ready: boolean }>(`${url}/readyz`);
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: 20_000, what: '/readyz to answer 200' },
    );
    expect(ready.body).to.deep.equal({ ready: true });
    expect((await harness.status()).ready, '/readyz reflects the controller').to.equal(true);
    expect((await httpRequest(`${url}/healthz`)).status).to.equal(200);

    await child.waitForLine(/"msg":"controller started"/);
    const lines = jsonLines(child.stdout());
    const listening = lines.filter((line) => String(line.msg).includes('listening on'));
    expect(listening, 'one "listening on" line').to.have.length(1);
    expect(listening[0]).to.deep.include({ msg: `listening on ${url}`, url });
    for (const line of lines) expect(line).to.include.keys('level', 'time', 'msg');
    expect(child.stderr(), 'nothing on stderr').to.equal('');
    expect(await child.stop('SIGTERM')).to.equal(0);
  });

  it('on SIGTERM while the start is still under way (listening, not yet ready) stops once the start settles and exits 0, not killed by the signal', async () => {
    // Every CXone answer takes 1.5 s, so the start is still waiting for its token when the server listens.
    harness.emulator.context.setFaults({ latencyMs: 1500 });
    const child = await harness.startControllerProcess();
    const starting = await httpRequest<{ ready: boolean }>(`${harness.url()}/readyz`);
    expect(starting.status, 'the start is still under way when the signal comes').to.equal(503);
    child.child.kill('SIGTERM');
    harness.emulator.context.setFaults({ latencyMs: 0 });
    expect(await exitCodeWithin(child, 20_000), `exit code (stderr: ${child.stderr()})`).to.equal(0);
    expect(child.stdout(), 'the controller stopped in order').to.match(/"msg":"controller stopped"/);
  });

  it('on SIGTERM lets the apply in flight finish, pushes the audit journal and exits 0 within 10 s', async () => {
    const child = await harness.startControllerProcess();
    await waitFor(async () => (await httpRequest(`${harness.url()}/readyz`)).status === 200, { timeoutMs: 20_000, what: 'the controller to be ready' });
    const revision = await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    // Stop as soon as CXone accepted the PUT: the verification and the audit push are still to come.
    await waitFor(() => live(SPRING).version === 2, { timeoutMs: 20_000, what: 'the PUT of the commit' });
    const signalled = Date.now();
    const code = await child.stop('SIGTERM');
    const stoppedMs = Date.now() - signalled;
    harness.child = undefined;

    expect(code, child.stderr()).to.equal(0);
    expect(stoppedMs, 'exit within 10 s of SIGTERM').to.be.below(10_000);
    const records = await harness.auditRecords();
    expect(records.filter((record) => record.outcome === 'applied' && record.campaign === 'spring-renewals' && record.desiredRevision === revision)).to.have.length(1);
    const applied = (await harness.audit()).filter((entry) => entry.trailers.Outcome === 'applied');
    expect(applied.map((entry) => entry.trailers['Desired-Revision'])).to.deep.equal([revision]);
    const journal = await readFile(path.join(harness.env.DATA_DIR!, 'journal', 'audit.jsonl'), 'utf8');
    expect(journal, 'nothing left in the journal').to.equal('');
    // The apply in flight is not left unverified (I2): either its verification ran before the exit
    // (a simulation was requested), or the status kept on the audit branch holds it as pending, so
    // the next start resumes it (SIGTERM cuts a verification short rather than waiting it out).
    const simulated = harness.emulator.context.requests.query({ method: 'POST', pathPrefix: '/api/v2/outbound/campaigns/simulations' }).length > 0;
    const status = await harness.statusDocument('spring-renewals');
    expect(simulated || (status?.verification !== undefined && status.status === 'Verifying'), `verified or pending: ${JSON.stringify(status?.status)}`).to.equal(true);
    const lines = jsonLines(child.stdout());
    expect(lines.at(-1)?.msg, 'the last log line').to.equal('controller stopped');
  });

  it('on SIGTERM during a slow verification exits 0 at once: the verification poll is cut short, not waited out', async () => {
    harness.emulator.context.setFaults({ simulationDelayMs: 60_000 });
    const child = await harness.startControllerProcess();
    await waitFor(async () => (await httpRequest(`${harness.url()}/readyz`)).status === 200, { timeoutMs: 20_000, what: 'the controller to be ready' });
    await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    await waitFor(() => harness.emulator.context.requests.query({ method: 'GET', pathPrefix: '/api/v2/outbound/campaigns/simulations/' }).length > 0, {
      timeoutMs: 20_000,
      what: 'the verification polling the simulation',
    });
    const signalled = Date.now();
    const code = await child.stop('SIGTERM');
    const stoppedMs = Date.now() - signalled;
    harness.child = undefined;
    expect(code, child.stderr()).to.equal(0);
    expect(stoppedMs, 'well inside the 10 s stop deadline').to.be.below(5_000);
    const records = await harness.auditRecords();
    expect(records.filter((record) => record.outcome === 'applied' && record.campaign === 'spring-renewals'), 'the PUT has its record').to.have.length(1);
  });

  it('exits 1 naming every missing or wrong setting at once, without a stack trace', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'cxone-run-config-'));
    try {
      const run = await runCli(['run'], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          CXONE_DOMAIN: harness.env.CXONE_DOMAIN,
          CXONE_CLIENT_ID: harness.env.CXONE_CLIENT_ID,
          HTTP_PORT: 'eighty',
          GITOPS_SCHEDULE: 'every five minutes',
          LOG_LEVEL: 'chatty',
        },
      });
      expect(run.code).to.equal(1);
      for (const setting of ['CXONE_CLIENT_SECRET', 'GITOPS_REPO_URL', 'HTTP_PORT', 'GITOPS_SCHEDULE', 'LOG_LEVEL']) {
        expect(run.stderr, setting).to.include(setting);
      }
      expect(run.stderr).to.include('"eighty"');
      expect(run.stderr, 'no stack trace').to.not.match(/^\s+at /m);
      expect(run.stdout, 'nothing started, nothing logged').to.equal('');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
