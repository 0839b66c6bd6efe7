/**
 * `cxone-gitops run` with CXONE_DIALECT=cxone against the cxone emulator over HTTPS, when CXone
 * does what a last-writer-wins tenant does (README, "Real CXone"): a supervisor's edit lands between
 * our re-read and our read-back (a conflict that re-plans, bounded, and is recorded), access tokens
 * expire under a running controller (refreshed, not re-granted), and a file names a skill CXone
 * does not have (said with the file and line; the other skill is still applied). The happy path of
 * the same process is `cxone-run.test.ts`.
 */
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { outboundSkillFile, startCxoneRunHarness, waitForSkill, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { waitFor } from '../support/wait-for.js';

const NAME = 'renewals-outbound';
const MISSING = 'ghost-outbound';
/** Real seconds at the emulator's 1800x: a 2 s window is an hour of simulated traffic. */
const skillFile = (name: string, skillId: number) =>
  outboundSkillFile({ name, skillId, generalSettings: '{ maximumRatio: 1, abandonRateThreshold: 2.5 }', profile: '{ agents: 40 }', analysis: '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }' });
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const EVERY_SECOND = { GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1' };

describe('cxone-gitops run with CXONE_DIALECT=cxone when CXone races, expires tokens and lacks a skill (over HTTPS)', function () {
  this.timeout(240_000);
  let harness: CxoneRunHarness;
  const live = () => harness.emulator.context.store.get(11)!.groups.generalSettings!;
  const records = async (outcome?: string) => (await harness.auditRecords()).filter((record) => record.campaign === NAME && (outcome === undefined || record.outcome === outcome));
  const generalPuts = () => harness.emulator.context.requests.query({ method: 'PUT', limit: 1_000_000 }).filter((entry) => entry.path.endsWith('/skills/11/parameters/general-settings'));
  const synced = (state: CampaignState) => state.status === 'Synced' && state.verification === undefined;
  const setThreshold = (value: number) =>
    harness.push(`renewals: threshold ${value}`, async (work) => {
      const file = path.join(work, 'renewals.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/abandonRateThreshold: [\d.]+/, `abandonRateThreshold: ${value}`));
    });

  before(async () => {
    harness = await startCxoneRunHarness({
      files: { 'renewals.yaml': skillFile(NAME, 11), 'ghost.yaml': skillFile(MISSING, 99) },
      emulator: { timeScale: 1800, skills: [{ skillId: 11, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 2, maxWaitTimeSeconds: 77 }, trueProfile: TRUE_PROFILE }] },
    });
    await harness.startController(EVERY_SECOND);
    await waitForSkill(harness, NAME, (state) => synced(state) && state.lastApplied?.via === 'applied', `${NAME} applied and verified`);
  });
  after(() => harness?.close());

  it('says which file and line name a skill CXone does not have, and still applies the other skill', async () => {
    const ghost = await waitForSkill(harness, MISSING, (state) => state.statusReason === 'NotFound', `${MISSING} NotFound`);
    expect(ghost.status).to.equal('Failed');
    expect(ghost.reason).to.match(/^CXone has no skill 99: check metadata\.skillId in ghost\.yaml:5:12$/);
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(harness.emulator.context.requests.query({ method: 'PUT', limit: 1_000_000 }).filter((entry) => entry.path.includes('/skills/99/')), 'nothing written for the missing skill').to.deep.equal([]);
  });

  it('refreshes expired access tokens with the refresh token, and keeps healing', async () => {
    const { keys } = harness.emulator.context;
    const grantedBefore = { ...keys.granted };
    const since = harness.emulator.context.requests.lastSeq;
    harness.emulator.context.keys.expireAccessTokens();
    const heals = (await records('applied')).filter((record) => record.kind === 'heal').length;
    harness.emulator.context.store.patch(11, { generalSettings: { abandonRateThreshold: 2.9 } });
    await waitFor(async () => (await records('applied')).filter((record) => record.kind === 'heal').length > heals, { what: 'the edit healed with a refreshed token', timeoutMs: 60_000, intervalMs: 200 });
    expect(live().abandonRateThreshold).to.equal(2.5);
    const answers = harness.emulator.context.requests.query({ since, limit: 1_000_000 });
    expect(answers.filter((entry) => entry.status === 401).length, 'the expired token was refused').to.be.at.least(1);
    expect(keys.granted.refresh_token, 'refreshed').to.be.above(grantedBefore.refresh_token);
    expect(keys.granted.password, 'not a new password grant').to.equal(grantedBefore.password);
    await waitForSkill(harness, NAME, synced, `${NAME} Synced after the heal`);
    const status = await harness.status();
    expect(status.cxone.circuit).to.equal('closed');
  });

  it('re-plans when a supervisor edit lands between our PUT and its read-back, and records the conflict', async () => {
    await waitForSkill(harness, NAME, synced, `${NAME} Synced before the race`);
    const conflictsBefore = (await records('write-conflict')).length;
    const putsBefore = generalPuts().length;
    // The supervisor's edit lands right after our next accepted PUT (before the read-back).
    await harness.admin('/emulator/skills/11/edit-after-next-put', { generalSettings: { abandonRateThreshold: 1.9 } });
    await setThreshold(2.2);
    const conflict = await waitFor(async () => (await records('write-conflict')).slice(conflictsBefore)[0], { what: 'the write-conflict record', timeoutMs: 60_000, intervalMs: 200 });
    expect(conflict.statusReason).to.equal('Conflict');
    expect(conflict.reason).to.include('skill 11: generalSettings changed right after our PUT (abandonRateThreshold)');
    expect(conflict.reason).to.include('re-planning');
    await waitFor(() => live().abandonRateThreshold === 2.2, { what: 'the change written again after the re-plan', timeoutMs: 60_000, intervalMs: 200 });
    await waitForSkill(harness, NAME, (state) => synced(state) && state.desired !== undefined && JSON.stringify(state.desired).includes('2.2'), `${NAME} Synced at threshold 2.2`);
    expect(generalPuts().length - putsBefore, 'the raced PUT and the re-planned one').to.equal(2);
    expect(live()).to.include({ maximumRatio: 1, maxWaitTimeSeconds: 77 });
    expect((await records('write-conflict')).length - conflictsBefore, 'one conflict').to.equal(1);
  });

  it('gives up after a bounded number of re-plans when every PUT is raced, says so, and converges once the races stop', async () => {
    await waitForSkill(harness, NAME, synced, `${NAME} Synced before the races`);
    const conflictsBefore = (await records('write-conflict')).length;
    const putsBefore = generalPuts().length;
    await harness.admin('/emulator/faults', { raceRate: 1 });
    await setThreshold(2.4);
    const given = await waitForSkill(harness, NAME, (state) => /kept changing under the controller/.test(state.reason ?? ''), `${NAME} giving up on the races`);
    expect(given.reason).to.match(/\(4 conflicts\)/);
    await harness.admin('/emulator/faults', { raceRate: 0 });
    await waitFor(() => live().abandonRateThreshold === 2.4, { what: 'the change written once the races stop', timeoutMs: 60_000, intervalMs: 200 });
    await waitForSkill(harness, NAME, synced, `${NAME} Synced after the races`);
    await waitFor(async () => (await harness.status()).auditPending === 0, { what: 'the journal pushed', timeoutMs: 30_000, intervalMs: 200 });
    const conflicts = (await records('write-conflict')).length - conflictsBefore;
    expect(conflicts, 'at least one give-up of 4 raced PUTs').to.be.at.least(4);
    expect(generalPuts().length - putsBefore, 'every raced PUT recorded as a conflict, then the one that held').to.equal(conflicts + 1);
  });
});
