/**
 * `npm start -- --dialect cxone` (README, "Real CXone"): `cxone-gitops demo --dialect cxone --port 0`
 * spawned as a process in a temporary directory. It runs the same GitOps loop on the example
 * OutboundSkill files: the cxone emulator over HTTPS, a local remote, `run` with CXONE_DIALECT=cxone
 * as its child. Awaited with deadlines: every skill reconciled (the renewals skill, changed by a
 * "supervisor" before the start, applied and verified by the live analysis); a supervisor's edit,
 * made through the emulator's admin endpoint as the banner says, detected as drift without an
 * author and healed; a commit pushed to the remote applied and verified by the live analysis, its
 * verdict printed as the tutorial demo prints one (the gate's prediction beside the live analysis).
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { ControllerStatus } from '../../controller/reconcile/controller.js';
import { auditRecordsOf, pushToRemote, replaceInFile } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { REPO_ROOT } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const DEMO_CLI = path.join(REPO_ROOT, 'dist/emulator/cli.js');
const RENEWALS = { name: 'renewals-outbound', skillId: 4021337, file: 'retention/renewals-outbound.yaml' };

describe('npm start -- --dialect cxone: the demo on outbound skills (spawned demo)', function () {
  this.timeout(300_000);
  let dir: string;
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null>;

  const line = (pattern: RegExp): string => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`the demo did not print ${pattern}: ${output}`);
    return match[1]!;
  };
  const remote = () => path.join(dir, 'cxone', 'remote.git');
  const status = async (dashboard: string) => (await httpRequest<ControllerStatus>(`${dashboard}/api/status`)).body;
  const renewals = async (dashboard: string): Promise<CampaignState | undefined> => (await status(dashboard)).campaigns.find((state) => state.name === RENEWALS.name);
  const records = async () => (await auditRecordsOf(remote())).filter((record) => record.campaign === RENEWALS.name);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-cxone-'));
    child = spawn(process.execPath, [DEMO_CLI, 'demo', '--dialect', 'cxone', '--dir', dir, '--port', '0'], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('reconciles the example skills, detects a supervisor edit as drift without an author, and applies and verifies a pushed change, printing its verdict line with no version', async () => {
    await waitFor(() => /Ctrl-C stops everything/.test(output), { what: 'the demo banner', timeoutMs: 60_000, intervalMs: 100 });
    expect(output).to.include('CXONE_DIALECT=cxone');
    const dashboard = line(/Dashboard {10}(http:\/\/\S+)\//);
    const emulator = line(/CXone emulator {5}(https:\/\/\S+)/);
    const ca = await readFile(line(/Certificate {8}(\S+)/), 'utf8');

    // The start: every skill reconciled; the renewals skill (a supervisor's change before the start) applied and verified.
    const applied = await waitFor(async () => {
      const state = await renewals(dashboard);
      return state?.status === 'Synced' && state.analysis?.phase === 'Passed' && state;
    }, { what: `${RENEWALS.name} applied and verified by the live analysis`, timeoutMs: 120_000, intervalMs: 500 });
    expect(applied.lastSimulation?.source).to.equal('analysis');
    const names = (await status(dashboard)).campaigns.map((state) => `${state.name}:${state.status}`).sort();
    expect(names).to.deep.equal(['early-arrears-outbound:Synced', 'renewals-outbound:Synced', 'winback-outbound:Synced']);

    // A supervisor's edit, as the banner shows it (the emulator's admin endpoint over HTTPS).
    const edit = await httpRequest(`${emulator}/emulator/skills/${RENEWALS.skillId}`, { method: 'PATCH', body: { generalSettings: { maximumRatio: 3 } }, ca });
    expect(edit.status, edit.text).to.be.below(300);
    const heal = await waitFor(async () => (await records()).find((record) => record.outcome === 'applied' && record.kind === 'heal'), { what: 'the heal on the audit branch', timeoutMs: 90_000, intervalMs: 500 });
    expect(heal.reason).to.contain('changed outside Git since our last apply (generalSettings.maximumRatio)');
    expect(heal.reason).to.contain('CXone does not report who changed a skill').and.to.contain('Change Audit Report');
    await waitFor(() => /alert \([^)]*\):\n(?: {2}│ [^\n]*\n)*? {2}│ [^\n]*renewals-outbound/.test(output), { what: `the alert receiver printing an alert about ${RENEWALS.name}`, timeoutMs: 30_000, intervalMs: 200 });

    // A change the GitOps way: a commit on the demo's remote, applied and verified by the live analysis.
    const beforePush = output.length;
    const revision = await pushToRemote(dir, remote(), 'Lower the renewals threshold', (work) => replaceInFile(path.join(work, RENEWALS.file), 'abandonRateThreshold: 2.5 ', 'abandonRateThreshold: 2.2 '));
    const verified = await waitFor(async () => (await records()).find((record) => record.outcome === 'verified' && record.desiredRevision === revision), { what: 'the pushed change verified on the audit branch', timeoutMs: 120_000, intervalMs: 500 });
    expect(verified.verification).to.equal('live-analysis');
    // The verdict line, as the tutorial demo prints one: the gate's prediction beside the live analysis, no version named.
    const verdict = await waitFor(() => /^apply verified: renewals-outbound: local gate predicted \d+\.\d\d% abandon; CXone's live traffic verified \d+\.\d\d% \(upper 95% bounds; limit \d+\.\d\d%\)$/m.exec(output.slice(beforePush))?.[0], { what: 'the verdict line of the pushed change', timeoutMs: 30_000, intervalMs: 200 });
    expect(verdict).not.to.match(/\bv\d/);
    expect(output).not.to.match(/^(?:apply|heal) [a-z ]+: renewals-outbound \(now v/m);
    const after = await renewals(dashboard);
    expect((after?.desired as { generalSettings?: Record<string, unknown> } | undefined)?.generalSettings?.abandonRateThreshold).to.equal(2.2);

    child!.kill('SIGTERM');
    expect(await exited, 'Ctrl-C stops everything and exits 0').to.equal(0);
  });
});
