import { expect } from 'chai';
import { initialState, type CampaignState, type PendingVerification } from '../../../controller/domain/campaign-state.js';
import { createActionDesk } from '../../../controller/reconcile/action-desk.js';
import { ActionRefusedError, checkActionRequest, takeAction } from '../../../controller/reconcile/manual-actions.js';
import type { AuditRecord } from '../../../controller/domain/audit-record.js';
import { SKILL_CAPABILITIES } from '../../../controller/adapters/cxone/cxone-skill-dialect.js';
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';

const campaign = { name: 'spring-renewals', campaignId: 'c-1', path: 'retention/spring-renewals.yaml', labels: { team: 'retention' } };
const context = { campaign, windows: [], now: new Date('2026-12-01T10:00:00Z'), names: TUTORIAL_CAPABILITIES };
const pending: PendingVerification = { kind: 'remote-simulation', applyId: 'a-1', revision: 'r1', fingerprint: 'f', fromVersion: 1, appliedVersion: 2, appliedAt: '2026-12-01T09:00:00Z', restore: { predictiveDialerSettings: {} } as PendingVerification['restore'], heal: false, progress: { simulationId: 'old' } };
const paused = (): CampaignState => ({ ...initialState(campaign), status: 'Paused', statusReason: 'VerificationInconclusive', reason: 'inconclusive', hold: { status: 'Paused', reason: 'VerificationInconclusive', message: 'inconclusive', fingerprint: 'f', since: '2026-12-01T09:01:00Z', verification: pending } });

describe('manual actions (pure)', () => {
  it('refuses an actor or reason that is empty, too long or not one line, and force without a reason or on another action', () => {
    for (const actor of ['', '   ', 'x'.repeat(101), 'jane\nOutcome: applied', 'a\u0007b']) {
      expect(() => checkActionRequest({ action: 'sync', actor }), JSON.stringify(actor)).to.throw(ActionRefusedError, /actor/);
    }
    expect(() => checkActionRequest({ action: 'sync', actor: 'jane', reason: 'two\nlines' })).to.throw(/reason must be one line/);
    expect(() => checkActionRequest({ action: 'sync', actor: 'jane', force: true })).to.throw(/needs --reason/);
    expect(() => checkActionRequest({ action: 'resume', actor: 'jane', force: true, reason: 'x' })).to.throw(/for sync only/);
    expect(checkActionRequest({ action: 'sync', actor: ' jane ', reason: ' ' })).to.deep.include({ actor: 'jane', reason: undefined });
  });

  it('turns a held apply into a pending verification without its old progress, and records actor, reason and the status before', () => {
    const taken = takeAction(paused(), { action: 'retry', actor: 'jane', reason: 'sim fixed' }, context, () => 'id-1');
    expect(taken.state).to.include({ status: 'Verifying', statusReason: 'Verifying', hold: undefined });
    expect(taken.state.verification).to.deep.equal({ ...pending, progress: undefined });
    expect(taken.record).to.include({ id: 'id-1', outcome: 'retried', actor: 'jane', statusBefore: 'Paused', hold: 'VerificationInconclusive', reason: 'retry by jane: sim fixed', via: 'api' });
    expect(taken.ignoreWindows).to.equal(false);
    expect(taken.state.reason).to.equal('retry by jane: sim fixed; verifying v2 again');
  });

  it('says "verifying the apply again" on retry where the dialect names no version (a skill\'s fingerprint means nothing to a reader)', () => {
    const taken = takeAction(paused(), { action: 'retry', actor: 'jane' }, { ...context, names: SKILL_CAPABILITIES }, () => 'id-2');
    expect(taken.state.status).to.equal('Verifying');
    expect(taken.state.reason).to.equal('retry by jane; verifying the apply again');
    expect(taken.state.reason).not.to.match(/\bv\d/);
  });

  it('refuses resume and retry of a campaign that is not held, and resume of an old hold that does not say which apply it is on', () => {
    expect(() => takeAction(initialState(campaign), { action: 'resume', actor: 'jane' }, context, () => 'x')).to.throw(ActionRefusedError, /not held/);
    const old = paused();
    delete old.hold!.verification;
    expect(() => takeAction(old, { action: 'resume', actor: 'jane' }, context, () => 'x')).to.throw(/earlier version/);
    expect(() => takeAction({ ...old, status: 'Invalid' }, { action: 'sync', actor: 'jane' }, context, () => 'x')).to.throw(/invalid/);
  });

  it('the desk takes one action per campaign at its next reconcile, and refuses it then when the state no longer allows it', async () => {
    const recorded: AuditRecord[] = [];
    const desk = createActionDesk({ record: async (record) => void recorded.push(record), newId: () => `id-${recorded.length}` });
    let queued = 0;
    const ticket = desk.request('spring-renewals', paused(), { action: 'resume', actor: 'jane' }, context, () => (queued += 1));
    expect(queued).to.equal(1);
    expect(() => desk.request('spring-renewals', paused(), { action: 'retry', actor: 'joe' }, context, () => undefined)).to.throw(/already waiting/);
    const taken = await desk.take('spring-renewals', paused(), context);
    expect(taken?.state.status).to.equal('Verifying');
    expect((await ticket.taken).outcome).to.equal('resumed');
    desk.finished('spring-renewals', { ...taken!.state, status: 'Synced' });
    expect((await ticket.done).status).to.equal('Synced');
    const late = desk.request('spring-renewals', paused(), { action: 'resume', actor: 'jane' }, context, () => undefined);
    expect(await desk.take('spring-renewals', initialState(campaign), context), 'released meanwhile').to.equal(undefined);
    await late.taken.then(() => expect.fail('taken'), (error: unknown) => expect(error).to.be.instanceOf(ActionRefusedError));
    expect(recorded).to.have.length(1);
  });
});
