/**
 * The chaos tests' invariant checks (test/support/chaos-checks.ts) catch each violation they name,
 * and excuse mid-run only what may be in flight: a chaos run that passes says something only if
 * these can fail.
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appliesWithoutVerdict, invariantViolations, killPointWatch, needsHumanLost, oneRecordPerWrite, waitForInvariants, weightsOutsideLimit, type AuditRecordLike, type ChaosFacts } from '../support/chaos-checks.js';

const ID = 'c-1';
const time = (second: number) => `2026-12-02T06:00:0${second}.000Z`;
const applied = (id: string, toVersion: number, time: string, more: Record<string, unknown> = {}): AuditRecordLike => ({ id, campaign: 'one', campaignId: ID, outcome: 'applied', toVersion, time, desiredRevision: 'r1', ...more });
const verdict = (id: string, outcome: string, time: string, desiredRevision = 'r1'): AuditRecordLike => ({ id, campaign: 'one', campaignId: ID, outcome, time, desiredRevision });
const write = (version: number) => ({ campaignId: ID, version, label: `${ID} v${version}` });
const status = (state: string, more: Record<string, unknown> = {}) => ({ name: 'one', campaignId: ID, status: state, desiredRevision: 'r1', ...more });

describe('chaos checks (I1-I4 on records, statuses and accepted writes)', () => {
  describe('I1: one record per accepted write', () => {
    it('names an accepted write without a record, and excuses it mid-run only while its campaign has a pending intent', () => {
      const facts: ChaosFacts = { writes: [write(2)], records: [], statuses: [status('Synced')] };
      expect(oneRecordPerWrite(facts)).to.deep.equal([`I1: 0 records for the write that made ${ID} v2 (expected 1)`]);
      expect(oneRecordPerWrite(facts, { midRun: true }), 'mid-run, no intent: lost').to.have.length(1);
      expect(oneRecordPerWrite({ ...facts, intents: [{ id: 'i-1', campaignId: ID }] }, { midRun: true }), 'mid-run, intent pending').to.deep.equal([]);
      expect(oneRecordPerWrite({ ...facts, intents: [{ id: 'i-1', campaignId: ID }] }), 'at the end an intent excuses nothing').to.have.length(1);
    });

    it('names two records of one write, a certain record without a write and a duplicate id, mid-run too; an uncertain record without a write is allowed', () => {
      const two = { writes: [write(2)], records: [applied('a', 2, time(1)), applied('b', 2, time(2))], statuses: [], intents: [{ id: 'x', campaignId: ID }] };
      expect(oneRecordPerWrite(two, { midRun: true })).to.deep.equal([`I1: 2 records for the write that made ${ID} v2 (expected 1)`]);
      expect(oneRecordPerWrite({ writes: [], records: [applied('a', 3, time(1))], statuses: [] }, { midRun: true })).to.deep.equal([`I1: record applied ${ID} v3 matches no accepted write`]);
      expect(oneRecordPerWrite({ writes: [], records: [applied('a', 3, time(1), { uncertain: true })], statuses: [] })).to.deep.equal([]);
      expect(oneRecordPerWrite({ writes: [write(2)], records: [applied('a', 2, time(1)), verdict('a', 'verified', time(2))], statuses: [] })).to.deep.equal(['I1: 1 duplicate record ids']);
    });

    it('counts records per campaign on a dialect without versions', () => {
      const unversioned = { campaignId: ID, label: ID };
      const facts: ChaosFacts = { writes: [unversioned, unversioned], records: [applied('a', 0, time(1))], statuses: [] };
      expect(oneRecordPerWrite(facts, { versioned: false })).to.deep.equal([`I1: 1 write records of ${ID} for 2 accepted writes`]);
      expect(oneRecordPerWrite({ ...facts, records: [applied('a', 0, time(1)), applied('b', 0, time(2)), applied('c', 0, time(3))] }, { versioned: false })).to.deep.equal([`I1: 3 certain write records of ${ID} for 2 accepted writes`]);
      expect(oneRecordPerWrite({ ...facts, records: [applied('a', 0, time(1)), applied('b', 0, time(2), { uncertain: true })] }, { versioned: false })).to.deep.equal([]);
    });
  });

  describe('I2: every apply reaches a verdict', () => {
    it('names an apply without a verdict or a later apply, and excuses it mid-run only while its status waits on it or its intent is pending', () => {
      const facts: ChaosFacts = { writes: [write(2)], records: [applied('a', 2, time(1)), verdict('v', 'drift-detected', time(2))], statuses: [status('Synced')] };
      expect(appliesWithoutVerdict(facts)).to.deep.equal(['one v2 (then: drift-detected)']);
      expect(appliesWithoutVerdict(facts, { midRun: true }), 'mid-run, nothing waits on it').to.have.length(1);
      expect(appliesWithoutVerdict({ ...facts, statuses: [status('Verifying', { verification: { applyId: 'a' } })] }, { midRun: true })).to.deep.equal([]);
      expect(appliesWithoutVerdict({ ...facts, intents: [{ id: 'a', campaignId: ID }] }, { midRun: true })).to.deep.equal([]);
      expect(appliesWithoutVerdict({ ...facts, statuses: [status('Verifying', { verification: { applyId: 'a' } })] }), 'at the end').to.have.length(1);
    });

    it('takes a verdict, a superseded verification or a later apply as settling it', () => {
      for (const outcome of ['verified', 'rolled-back', 'rollback-failed', 'paused', 'verification-failed', 'verification-superseded']) {
        expect(appliesWithoutVerdict({ writes: [], records: [applied('a', 2, time(1)), verdict('v', outcome, time(2))], statuses: [] }), outcome).to.deep.equal([]);
      }
      expect(appliesWithoutVerdict({ writes: [], records: [applied('a', 2, time(1)), applied('b', 3, time(2)), verdict('v', 'verified', time(3))], statuses: [] })).to.deep.equal([]);
    });
  });

  describe('I4: needs a human sticks', () => {
    it('names a campaign shown un-held after a verdict that needs a human; mid-run excuses only a status at another desired revision', () => {
      const records = [applied('a', 2, time(1)), verdict('v', 'rolled-back', time(2))];
      expect(needsHumanLost({ writes: [], records, statuses: [status('Synced')] })).to.deep.equal(['I4: one is Synced after rolled-back (needs a human)']);
      expect(needsHumanLost({ writes: [], records, statuses: [status('Synced')] }, { midRun: true }), 'mid-run, same revision').to.have.length(1);
      expect(needsHumanLost({ writes: [], records, statuses: [status('Synced', { desiredRevision: 'r2' })] }, { midRun: true })).to.deep.equal([]);
      expect(needsHumanLost({ writes: [], records, statuses: [status('RolledBack')] })).to.deep.equal([]);
      expect(needsHumanLost({ writes: [], records: [...records, applied('b', 4, time(3))], statuses: [status('Verifying')] }), 'a later apply').to.deep.equal([]);
    });
  });

  it('I3: names a write whose weights break its maxDeviationLimit, through the dialect rule', () => {
    const facts = { writes: [{ ...write(2), settings: { parameterWeights: { answer_rate: 0.3, call_rate: 0.1 }, maxDeviationLimit: 0.25 } }], records: [applied('a', 2, time(1)), verdict('v', 'verified', time(2))], statuses: [] };
    expect(invariantViolations(facts, { unsafe: (one) => weightsOutsideLimit(one.settings) })).to.deep.equal([`I3: ${ID} v2: answer_rate 0.3 beyond maxDeviationLimit 0.25`]);
  });

  it('waitForInvariants passes once a transient violation is gone, and fails naming one that persists', async () => {
    let reads = 0;
    const settling = async (): Promise<ChaosFacts> => ({ writes: [write(2)], records: (reads += 1) > 2 ? [applied('a', 2, time(1)), verdict('v', 'verified', time(2))] : [], statuses: [] });
    expect((await waitForInvariants(settling, { midRun: true, timeoutMs: 5_000 })).records).to.have.length(2);
    const lost = async (): Promise<ChaosFacts> => ({ writes: [write(2)], records: [], statuses: [] });
    let failure: Error | undefined;
    await waitForInvariants(lost, { midRun: true, timeoutMs: 600, what: 'after the kill' }).catch((error: Error) => (failure = error));
    const [first, ...listing] = failure?.message.split('\n') ?? [];
    expect(first).to.equal(`after the kill: I1: 0 records for the write that made ${ID} v2 (expected 1)`);
    expect(listing, 'the facts it judged, a line each').to.deep.equal([`  write ${ID}: ${ID} v2`]);
  });

  it('killPointWatch sees a verdict pushed only once it was journaled and then left the journal', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-checks-'));
    try {
      const journal = (lines: unknown[], torn = '') => writeFile(path.join(dir, 'audit.jsonl'), lines.map((line) => `${JSON.stringify(line)}\n`).join('') + torn);
      await journal([{ record: { id: 'old', outcome: 'verified' } }]);
      const probes = { journalDir: dir, acceptedWrites: () => 0, requestsSince: () => [], requests: {} };
      const pushed = await killPointWatch('the verdict pushed to the audit branch', probes, 0);
      const journaled = await killPointWatch('the verdict journaled', probes, 0);
      await journal([]);
      expect(await pushed(), 'a verdict journaled before the watch does not count').to.equal(false);
      await journal([{ record: { id: 'new', outcome: 'rolled-back' } }], '{"record": {"id": "torn');
      expect(await journaled()).to.equal(true);
      expect(await pushed()).to.equal(false);
      await journal([]);
      expect(await pushed()).to.equal(true);
      const answered = await killPointWatch('a PUT answered', probes, 0);
      let missing: Error | undefined;
      await answered().catch((error: Error) => (missing = error));
      expect(missing?.message).to.match(/needs a request predicate/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
