import { expect } from 'chai';
import { initialState, type CampaignState } from '../../../../controller/domain/campaign-state.js';
import { CAMPAIGN_STATE_PROPERTIES } from '../../../../controller/adapters/git/status-document-schema.js';
import { restoredCampaignStates, statusDocumentProblem } from '../../../../controller/adapters/git/status-document.js';

const SETTINGS = {
  algorithmId: 'pd-v3',
  parameterWeights: { answer_rate: 0.12, call_rate: 0.3, predictive_factor: 0.2, max_concurrent: 0.1, agent_efficiency: 0.28 },
  validationSplit: 0.2,
  maxDeviationLimit: 0.05,
  convergenceThreshold: 0.001,
  configuration: { enablePredictiveTuning: true, simulationTrigger: 'on-change', driftProtection: true },
};

/** A status document as the controller writes one after an apply that is being verified. */
function written(): CampaignState {
  const { configuration, ...live } = SETTINGS;
  return {
    ...initialState({ name: 'spring-renewals', campaignId: 'a1b2', path: 'retention/spring-renewals.yaml', labels: { team: 'retention' } }),
    status: 'Verifying',
    reason: 'applied v1 → v2; verifying',
    statusReason: 'Verifying',
    desiredRevision: 'f00dbabe',
    lastAppliedRevision: 'f00dbabe',
    liveVersion: 2,
    lastApplied: { revision: 'f00dbabe', settings: SETTINGS, desired: SETTINGS, weights: { answer_rate: 0.12 }, version: 2, via: 'applied', at: '2026-12-01T10:00:00.000Z' },
    hold: { status: 'Paused', reason: 'VerificationInconclusive', message: 'timed out\nwhat to do', fingerprint: 'abc', since: '2026-12-01T09:00:00.000Z' },
    verification: { kind: 'local', applyId: 'id-1', revision: 'f00dbabe', fingerprint: 'abc', fromVersion: 1, appliedVersion: 2, appliedAt: '2026-12-01T10:00:00.000Z', restore: { predictiveDialerSettings: live, configuration }, heal: false, progress: { anything: [1] } },
    lastObserved: { at: '2026-12-01T10:00:00.000Z', campaign: { id: 'a1b2', name: 'Spring', predictiveDialerSettings: live, configuration, version: 2, operatingProfile: { agents: 12 }, modifiedBy: 'api' } },
    desired: SETTINGS,
    live: SETTINGS,
    drift: { fields: [{ field: 'validationSplit', git: 0.2, live: 0.3 }], since: '2026-12-01T08:00:00Z' },
    lastHealedDrift: { fields: [], since: '2026-12-01T08:00:00Z', healedAt: '2026-12-01T08:01:00Z' },
    pendingChanges: [{ field: 'validationSplit', before: 0.3, after: 0.2 }],
    lastSimulation: { source: 'local', at: '2026-12-01T10:00:00Z', abandonRateUpper95: 0.02, abandonRate: 0.01, occupancy: 0.8, answerRate: 0.4, limit: 0.03, pass: true },
    analysis: {
      phase: 'Running', startedAt: '2026-12-01T10:00:00Z', at: '2026-12-01T10:05:00Z', counts: { dials: 100, connects: 40, abandons: 1 }, liveAnswers: 41, abandonRate: 0.024,
      lower: 0.004, upper: 0.12, limit: 0.03, windowSeconds: 900, maxWindowSeconds: 3600, minLiveAnswers: 200, intervalSeconds: 60, elapsedSeconds: 300, reason: 'too few answers yet',
      baseline: { dials: 0, connects: 0, abandons: 0 }, points: [{ at: '2026-12-01T10:05:00Z', liveAnswers: 41, abandonRate: 0.024, lower: 0.004, upper: 0.12 }],
    },
    calibrated: { at: '2026-11-30T00:00:00Z', since: '14d' },
    lastReconcileAt: '2026-12-01T10:00:00Z',
    incidents: [{ key: 'drift:a1b2', kind: 'drift', campaign: 'spring-renewals', campaignId: 'a1b2', labels: {}, openedAt: '2026-12-01T08:00:00Z', lastNotifiedAt: '2026-12-01T08:00:00Z', reminders: 0, summary: 'drift' }],
    history: [{ at: '2026-12-01T10:00:00Z', status: 'Verifying', reason: 'applied', statusReason: 'Verifying', revision: 'f00dbabe', liveVersion: 2 }],
  };
}

/** A forger edits JSON freely: any path, any type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a forged document is untyped JSON on purpose
type Forgeable = Record<string, any>;

function forged(edit: (document: Forgeable) => void): unknown {
  const document = JSON.parse(JSON.stringify(written())) as Forgeable;
  edit(document);
  return document;
}

describe('restored status documents', () => {
  it('accepts every field of a status document the controller writes', () => {
    expect(statusDocumentProblem('spring-renewals', written())).to.equal(undefined);
    expect(statusDocumentProblem('spring-renewals', initialState({ name: 'spring-renewals', campaignId: 'x', path: 'x.yaml', labels: {} }))).to.equal(undefined);
  });

  it('accepts a hold that keeps its held apply (what a manual resume/retry verifies again), and still checks that apply strictly', () => {
    const document = written() as Forgeable;
    document.hold.verification = { ...document.verification };
    expect(statusDocumentProblem('spring-renewals', document)).to.equal(undefined);
    document.hold.verification.restore = { predictiveDialerSettings: 'forged' };
    expect(statusDocumentProblem('spring-renewals', document)).to.be.a('string');
  });

  it('has a schema entry for every field of CampaignState (adding a field to the type means adding it to the schema)', () => {
    const fields: Record<keyof CampaignState, true> = {
      name: true, campaignId: true, path: true, labels: true, status: true, reason: true, statusReason: true, desiredRevision: true,
      lastAttemptedRevision: true, lastAppliedRevision: true, liveVersion: true, lastApplied: true, pausedFingerprint: true, hold: true,
      verification: true, lastDecision: true, lastObserved: true, desired: true, live: true, lastHealedDrift: true, drift: true, driftObservations: true,
      pendingChanges: true, lastSimulation: true, gatePrediction: true, analysis: true, calibrated: true, lastReconcileAt: true, incidents: true, history: true,
    };
    expect(Object.keys(CAMPAIGN_STATE_PROPERTIES).sort()).to.deep.equal(Object.keys(fields).sort());
  });

  const cases: Array<[string, (document: Forgeable) => void, RegExp]> = [
    ['an unknown field in lastApplied', (d) => (d.lastApplied.url = 'https://evil.example'), /\/lastApplied must NOT have additional properties \(url\)/],
    ['a lastApplied version that is not a number', (d) => (d.lastApplied.version = '2'), /\/lastApplied\/version must be integer/],
    ['a hold with a status the controller never sets', (d) => (d.hold.status = 'Synced'), /\/hold\/status must be equal to one of the allowed values/],
    ['a hold without its fingerprint', (d) => delete d.hold.fingerprint, /\/hold must have required property 'fingerprint'/],
    ['a rollback payload with an extra field', (d) => (d.verification.restore.predictiveDialerSettings.webhook = 'x'), /\/verification\/restore\/predictiveDialerSettings must NOT have additional properties \(webhook\)/],
    ['a liveVersion that is markup', (d) => (d.liveVersion = '<a href=//evil>v9</a>'), /\/liveVersion must be integer/],
    ['a time that is not a date', (d) => (d.hold.since = 'yesterday'), /\/hold\/since must match pattern/],
    ['an unknown status', (d) => (d.status = 'Owned'), /\/status must be equal to one of the allowed values/],
    ['an unknown top-level field', (d) => (d.owner = 'mallory'), /\(document\) must NOT have additional properties \(owner\)/],
    ['a control character in a revision', (d) => (d.lastAppliedRevision = 'abc\u001b[2J'), /\/lastAppliedRevision must match pattern/],
  ];
  for (const [what, edit, expected] of cases) {
    it(`refuses ${what}, saying where`, () => {
      expect(statusDocumentProblem('spring-renewals', forged(edit))).to.match(expected);
    });
  }

  it('refuses a document whose name is not its file name', () => {
    expect(statusDocumentProblem('winback-lapsed', written())).to.equal('its name "spring-renewals" is not the file\'s "winback-lapsed"');
  });

  it('refuses JSON that is not an object', () => {
    for (const value of [null, [], 'Synced', 42]) expect(statusDocumentProblem('x', value)).to.be.a('string');
  });

  it('ignores a wrong document with a warning naming the file, and keeps the valid ones', () => {
    const warnings: Array<Record<string, unknown>> = [];
    const log = { warn: (meta: Record<string, unknown> | string) => void warnings.push(typeof meta === 'string' ? { message: meta } : meta) };
    const documents = new Map<string, unknown>([
      ['spring-renewals', written()],
      ['winback-lapsed', forged((d) => {
        d.name = 'winback-lapsed';
        d.hold.fingerprint = 42;
      })],
    ]);
    const states = restoredCampaignStates(documents, log as never);
    expect([...states.keys()]).to.deep.equal(['spring-renewals']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.deep.include({ file: 'status/winback-lapsed.json' });
    expect(String(warnings[0]!.problem)).to.match(/\/hold\/fingerprint must be string/);
  });
});
