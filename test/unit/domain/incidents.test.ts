import { expect } from 'chai';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import { evaluateIncidents, type Incident } from '../../../controller/domain/incidents.js';
import { alertPayload } from '../../../controller/adapters/alerts/alert-message.js';

const POLICY = { driftThreshold: 2, reminderAfterSeconds: 3600 };
const T0 = new Date('2026-11-24T10:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function drifted(observations: number, fields = ['parameterWeights.predictive_factor'], healedAt?: string): CampaignState {
  return {
    ...initialState({ name: 'spring-renewals', campaignId: 'c-1', path: 'x.yaml', labels: { team: 'retention' } }),
    status: 'Drifted',
    driftObservations: observations,
    drift: { fields: fields.map((field) => ({ field, git: -0.1, live: 0.05 })), since: T0.toISOString(), modifiedBy: 'ui:jane.doe', dateModified: T0.toISOString(), ...(healedAt ? { healedAt } : {}) },
  };
}

const synced = (): CampaignState => ({ ...drifted(0), status: 'Synced', drift: undefined });

describe('evaluateIncidents', () => {
  it('opens a drift incident only at the threshold of consecutive observations, with one message', () => {
    expect(evaluateIncidents([], drifted(1), 'observe', POLICY, T0).actions).to.deep.equal([]);
    const second = evaluateIncidents([], drifted(2), 'observe', POLICY, T0);
    expect(second.actions.map((a) => a.event)).to.deep.equal(['opened']);
    expect(second.open).to.have.length(1);
    const incident = second.open[0]!;
    expect(incident.key).to.equal('drift:c-1:parameterWeights.predictive_factor');
    expect(incident.drift).to.deep.include({ modifiedBy: 'ui:jane.doe', action: 'observe only' });
    const third = evaluateIncidents(second.open, drifted(3), 'observe', POLICY, later(60));
    expect(third.actions, 'no second message while it persists').to.deep.equal([]);
  });

  it('reminds once the reminder time has passed, then again only after another period', () => {
    const opened = evaluateIncidents([], drifted(2), 'observe', POLICY, T0).open;
    const reminded = evaluateIncidents(opened, drifted(9), 'observe', POLICY, later(3600));
    expect(reminded.actions.map((a) => a.event)).to.deep.equal(['reminder']);
    expect(reminded.open[0]!.reminders).to.equal(1);
    expect(evaluateIncidents(reminded.open, drifted(10), 'observe', POLICY, later(3700)).actions).to.deep.equal([]);
    expect(evaluateIncidents(reminded.open, drifted(11), 'observe', POLICY, later(7200)).actions.map((a) => a.event)).to.deep.equal(['reminder']);
  });

  it('resolves when live matches Git again', () => {
    const opened = evaluateIncidents([], drifted(2), 'observe', POLICY, T0).open;
    const resolved = evaluateIncidents(opened, synced(), 'observe', POLICY, later(120));
    expect(resolved.actions.map((a) => a.event)).to.deep.equal(['resolved']);
    expect(resolved.open).to.deep.equal([]);
  });

  it('under enforce, says a heal in one healed message, not an opened and a resolved one, and leaves nothing open', () => {
    const healed = evaluateIncidents([], drifted(2, undefined, T0.toISOString()), 'enforce', POLICY, T0);
    expect(healed.actions.map((a) => a.event)).to.deep.equal(['healed']);
    expect(healed.actions[0]!.incident.drift!.action).to.equal('healed');
    expect(healed.open).to.deep.equal([]);
    const message = alertPayload(healed.actions[0]!);
    expect(message.text.split('\n')[0]).to.equal('✅ healed: ui:jane.doe changed spring-renewals predictive_factor from -0.1 to 0.05; put back');
  });

  it('says who and when are not reported, pointing at the Change Audit Report, when the drift has no author or time (skills), in the healed and the opened message', () => {
    const anonymous = (observations: number, healedAt?: string): CampaignState => {
      const state = drifted(observations, undefined, healedAt);
      const { modifiedBy: _by, dateModified: _at, ...drift } = state.drift!;
      return { ...state, drift };
    };
    const healed = alertPayload(evaluateIncidents([], anonymous(2, T0.toISOString()), 'enforce', POLICY, T0).actions[0]!);
    const opened = alertPayload(evaluateIncidents([], anonymous(2), 'observe', POLICY, T0).actions[0]!);
    for (const message of [healed, opened]) {
      expect(message.text).to.not.match(/^Changed[;:]/m);
      expect(message.text).to.contain("Change Audit Report");
    }
    expect(healed.text.split('\n')[1]).to.match(/; the controller put Git's settings back \(sync\.policy enforce\)\./);
  });

  it('keys incidents by campaign and drifted fields, never by time: new fields are a new incident', () => {
    const opened = evaluateIncidents([], drifted(2), 'observe', POLICY, T0).open;
    const again = evaluateIncidents(opened, drifted(3), 'observe', POLICY, later(10)).open;
    expect(again[0]!.key).to.equal(opened[0]!.key);
    const moved = evaluateIncidents(opened, drifted(4, ['parameterWeights.call_rate']), 'observe', POLICY, later(20));
    expect(moved.actions.map((a) => `${a.event} ${a.incident.key}`)).to.deep.equal([
      'resolved drift:c-1:parameterWeights.predictive_factor',
      'opened drift:c-1:parameterWeights.call_rate',
    ]);
  });

  it('opens one incident (one alert) for a merged commit the gate blocked, and resolves it when the campaign is unblocked', () => {
    for (const statusReason of ['GateFailed', 'InsignificantChange'] as const) {
      const blocked: CampaignState = { ...synced(), status: 'Blocked', statusReason, reason: 'the local simulation predicts an abandon rate above the limit' };
      const opened = evaluateIncidents([], blocked, 'enforce', POLICY, T0);
      expect(opened.actions.map((a) => `${a.event} ${a.incident.kind}`)).to.deep.equal(['opened blocked']);
      expect(opened.open[0]!.summary).to.equal('spring-renewals: the local simulation predicts an abandon rate above the limit');
      expect(evaluateIncidents(opened.open, blocked, 'enforce', POLICY, later(60)).actions, 'once, not per sweep').to.deep.equal([]);
      const unblocked = evaluateIncidents(opened.open, synced(), 'enforce', POLICY, later(120));
      expect(unblocked.actions.map((a) => `${a.event} ${a.incident.kind}`)).to.deep.equal(['resolved blocked']);
      expect(unblocked.open).to.deep.equal([]);
    }
    const windowClosed: CampaignState = { ...synced(), status: 'Blocked', statusReason: 'WindowClosed', reason: 'a deny window is active' };
    expect(evaluateIncidents([], windowClosed, 'enforce', POLICY, T0).actions, 'a closed sync window waits, it is no incident').to.deep.equal([]);
  });

  it('opens no incident of its own for an Invalid campaign: its file is in the controller\'s one grouped invalid-file incident', () => {
    expect(evaluateIncidents([], { ...synced(), status: 'Invalid', reason: 'x.yaml:1:1: bad' }, 'enforce', POLICY, T0).actions).to.deep.equal([]);
  });

  it('opens one incident for a rollback, a pause or a failure, and resolves it when the status clears', () => {
    for (const [status, kind] of [['RolledBack', 'rolled-back'], ['Paused', 'paused'], ['Failed', 'apply-failed']] as const) {
      const state: CampaignState = { ...synced(), status, reason: 'why' };
      const opened = evaluateIncidents([], state, 'enforce', POLICY, T0);
      expect(opened.actions.map((a) => `${a.event} ${a.incident.kind}`)).to.deep.equal([`opened ${kind}`]);
      expect(evaluateIncidents(opened.open, state, 'enforce', POLICY, later(60)).actions).to.deep.equal([]);
      const cleared: Incident[] = evaluateIncidents(opened.open, synced(), 'enforce', POLICY, later(120)).open;
      expect(cleared).to.deep.equal([]);
    }
  });
});
