import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import type { SyncWindow } from '../../../controller/domain/controller-policy.js';
import { ActionRefusedError, takeAction, type ActionRequest } from '../../../controller/reconcile/manual-actions.js';
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';
import { reconcileCampaign, type AuditRecord, type ReconcileDeps } from '../../../controller/reconcile/reconcile-campaign.js';
import { DEFAULT_CLIENT } from '../../../emulator/emulator-server.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { useReconcileEmulator } from '../../support/reconcile-emulator.js';

const SAFE = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
const SAFER = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };
/** Passes the local gate on the file's 80 agents and fails the remote simulation on the live 10. */
const FAILING = { durationSeconds: 600, maxAbandonRate: 0.03, onFailure: 'rollback' as const, profile: { agents: 80 } };
/** A deny window open all day, every day. */
const ALWAYS_DENY: SyncWindow = { kind: 'deny', schedule: '0 0 * * *', duration: '24h', durationSeconds: 86_400, timeZone: 'UTC', campaigns: { names: ['*'] } };

describe('manual actions taken by a reconcile against the emulator: the normal gates and verification, never a bare write', function () {
  this.timeout(30_000);
  const cx = useReconcileEmulator();
  const { seed, puts, faults } = cx;
  let records: AuditRecord[];
  let ids = 0;

  const spec = (overrides: Partial<CampaignSpec> = {}) => campaignSpec({ parameterWeights: SAFE, ...overrides });
  const deps = (): ReconcileDeps => ({
    cxone: cx.cxone,
    pool: cx.pool,
    audit: { record: async (record) => void records.push(record) },
    actor: `api:${DEFAULT_CLIENT.clientId}`,
    now: () => new Date(),
    log: silentLogger,
    verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
  });
  const reconcile = (campaign: CampaignSpec, previous: CampaignState = initialState(campaign), windows: SyncWindow[] = []) => reconcileCampaign(deps(), { campaign, revision: 'rev-1', windows, previous });
  /** Takes `request` as the controller does (audit record first), then reconciles with the windows it allows. */
  const act = async (campaign: CampaignSpec, state: CampaignState, request: ActionRequest, windows: SyncWindow[] = []) => {
    const taken = takeAction(state, request, { campaign, windows, now: new Date(), names: TUTORIAL_CAPABILITIES }, () => `action-${(ids += 1)}`);
    records.push(taken.record);
    return reconcile(campaign, taken.state, taken.ignoreWindows ? [] : windows);
  };
  const outcomes = () => records.map((r) => r.outcome);

  beforeEach(() => {
    records = [];
  });

  it('retry verifies a Paused apply again without writing, and records who asked and why', async () => {
    seed(spec());
    const adopted = await reconcile(spec());
    await faults({ simulationFailureRate: 1 });
    const paused = await reconcile(spec({ parameterWeights: SAFER }), adopted.state);
    expect(paused.state).to.include({ status: 'Paused', statusReason: 'VerificationInconclusive' });
    expect(paused.state.hold?.verification, 'the hold keeps the apply it is on').to.include({ appliedVersion: 2 });
    await faults({ simulationFailureRate: 0 });
    const retried = await act(spec({ parameterWeights: SAFER }), paused.state, { action: 'retry', actor: 'jane.doe', reason: 'the simulator is back' });
    expect(retried.state.status, retried.state.reason).to.equal('Synced');
    expect(retried.state.statusReason).to.equal('Applied');
    expect(retried.state.hold).to.equal(undefined);
    expect(puts(), 'a retry writes nothing').to.have.length(1);
    expect(outcomes()).to.deep.equal(['adopted', 'applied', 'paused', 'retried', 'verified']);
    expect(records[3]).to.include({ actor: 'jane.doe', action: 'retry', statusBefore: 'Paused', reason: 'retry by jane.doe: the simulator is back' });
  });

  it('resume of a Failed (onFailure: alert) apply verifies it again and, failing again, rolls back nothing and stays Failed', async () => {
    const desired = spec({ parameterWeights: SAFER, simulation: { ...FAILING, onFailure: 'alert' } });
    seed(spec(), { operatingProfile: { agents: 10 } });
    const failed = await reconcile(desired);
    expect(failed.state).to.include({ status: 'Failed', statusReason: 'VerificationFailed' });
    const resumed = await act(desired, failed.state, { action: 'resume', actor: 'jane.doe' });
    expect(resumed.state, 'never taken as Synced unverified').to.include({ status: 'Failed', statusReason: 'VerificationFailed' });
    expect(outcomes()).to.deep.equal(['applied', 'verification-failed', 'resumed', 'verification-failed']);
    expect(puts()).to.have.length(1);
  });

  it('resume of a rolled-back campaign applies again only through the local gate and the verification, and rolls back again', async () => {
    const desired = spec({ parameterWeights: SAFER, simulation: FAILING });
    seed(spec(), { operatingProfile: { agents: 10 } });
    const rolledBack = await reconcile(desired);
    expect(rolledBack.state.status).to.equal('RolledBack');
    expect(() => takeAction(rolledBack.state, { action: 'retry', actor: 'jane' }, { campaign: desired, windows: [], now: new Date(), names: TUTORIAL_CAPABILITIES }, () => 'x')).to.throw(ActionRefusedError, /use resume/);
    const resumed = await act(desired, rolledBack.state, { action: 'resume', actor: 'jane.doe', reason: 'profile fixed?' });
    expect(resumed.state.status, resumed.state.reason).to.equal('RolledBack');
    expect(outcomes()).to.deep.equal(['applied', 'rolled-back', 'resumed', 'applied', 'rolled-back']);
    expect(resumed.state.lastSimulation, 'the local gate ran again').to.not.equal(undefined);
    expect(puts().map((p) => p.status)).to.deep.equal([200, 200, 200, 200]);
  });

  it('resume of a gate-Blocked campaign runs the local gate again, which still refuses the unsafe settings: nothing written', async () => {
    seed(spec());
    const unsafe = spec({ parameterWeights: { predictive_factor: 0.2, max_concurrent: 0.2, call_rate: 0.2 } });
    const blocked = await reconcile(unsafe);
    expect(blocked.state).to.include({ status: 'Blocked', statusReason: 'GateFailed' });
    const resumed = await act(unsafe, blocked.state, { action: 'resume', actor: 'jane.doe' });
    expect(resumed.state).to.include({ status: 'Blocked', statusReason: 'GateFailed' });
    expect(puts()).to.have.length(0);
  });

  it('sync inside a deny window is refused without --force, needs a reason with it, and then applies through the gate and the verification', async () => {
    seed(spec());
    const desired = spec({ parameterWeights: SAFER });
    const blocked = await reconcile(desired, undefined, [ALWAYS_DENY]);
    expect(blocked.state).to.include({ status: 'Blocked', statusReason: 'WindowClosed' });
    const context = { campaign: desired, windows: [ALWAYS_DENY], now: new Date(), names: TUTORIAL_CAPABILITIES };
    expect(() => takeAction(blocked.state, { action: 'sync', actor: 'jane' }, context, () => 'x')).to.throw(ActionRefusedError, /--force and --reason/);
    const forced = await act(desired, blocked.state, { action: 'sync', actor: 'jane.doe', reason: 'incident 42: the peak rule is wrong', force: true }, [ALWAYS_DENY]);
    expect(forced.state.status, forced.state.reason).to.equal('Synced');
    expect(outcomes()).to.deep.equal(['blocked', 'sync-requested', 'applied', 'verified']);
    expect(records[1]).to.include({ force: true, actor: 'jane.doe' });
    expect(String(records[1]!.reason)).to.match(/forced inside a deny sync window/);
    const later = await reconcile(spec({ parameterWeights: SAFE }), forced.state, [ALWAYS_DENY]);
    expect(later.state.status, 'the force was for one reconcile only').to.equal('Blocked');
  });
});
