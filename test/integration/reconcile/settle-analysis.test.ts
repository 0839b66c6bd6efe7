/**
 * The settle phase keeps a live analysis on the status and its evidence on the audit records: a
 * verification kind that watches (with its analysis), then fails, through a real reconcile against
 * the emulator (the rollback is a real conditional write).
 */
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import { initialState } from '../../../controller/domain/campaign-state.js';
import type { LiveCampaign } from '../../../controller/domain/live-campaign.js';
import { analysisStatusOf } from '../../../controller/reconcile/analysis/analysis-status-of.js';
import type { AnalysisState } from '../../../controller/reconcile/analysis/analysis-state.js';
import { decideAnalysis } from '../../../controller/reconcile/analysis/decide-analysis.js';
import type { VerificationKind, VerificationVerdict } from '../../../controller/reconcile/dialect.js';
import { reconcileCampaign, type AuditRecord, type ReconcileDeps } from '../../../controller/reconcile/reconcile-campaign.js';
import { REMOTE_SIMULATION } from '../../../controller/reconcile/remote-simulation-verification.js';
import { DEFAULT_CLIENT } from '../../../emulator/emulator-server.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { useReconcileEmulator } from '../../support/reconcile-emulator.js';

const SAFE = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
const SAFER = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };

/** A kind that watches once (40 live answers, 1 abandon), then fails (400 live answers, 48 abandons). */
function scriptedAnalysis(): VerificationKind<CampaignSpec, LiveCampaign> {
  return {
    kind: REMOTE_SIMULATION,
    async run({ appliedAt, progress, save }): Promise<VerificationVerdict> {
      const state: AnalysisState = (progress as AnalysisState | undefined) ?? {
        name: 'spring-renewals', skillId: 1, startedAt: appliedAt, anchor: appliedAt, baseline: { dials: 0, connects: 0, abandons: 0 },
        limit: 0.03, windowSeconds: 600, intervalSeconds: 60, minLiveAnswers: 100, maxWindowSeconds: 1800, checks: [],
      };
      const step = state.checks.length;
      const at = new Date(Date.parse(appliedAt) + (step + 1) * 60_000);
      const counts = step === 0 ? { dials: 160, connects: 39, abandons: 1 } : { dials: 1600, connects: 352, abandons: 48 };
      const decision = decideAnalysis(state, counts, at);
      const next = { ...state, checks: [...state.checks, decision.check] };
      if (decision.verdict === 'Running') {
        await save(next);
        return { verdict: 'watching', message: `live analysis: ${decision.reason}`, progress: next, checkAgainAfterMs: 0, analysis: analysisStatusOf(next, decision) };
      }
      return { verdict: 'fail', message: `live analysis failed: ${decision.reason}`, evidence: { source: 'analysis', abandonRate: decision.check.abandonRate, abandonRateUpper95: decision.check.upper, limit: 0.03, analysis: analysisStatusOf(next, decision) } };
    },
  };
}

describe('settle phase: the live analysis on the status and the audit records', function () {
  this.timeout(30_000);
  const cx = useReconcileEmulator();

  it('shows the running analysis while Verifying, then its verdict, counts and readings, and records the evidence with the rollback', async () => {
    const records: AuditRecord[] = [];
    const deps: ReconcileDeps = {
      cxone: cx.cxone, pool: cx.pool, actor: `api:${DEFAULT_CLIENT.clientId}`, now: () => new Date(), log: silentLogger,
      audit: { record: async (record) => void records.push(record) },
      verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
      verifiers: new Map([[REMOTE_SIMULATION, scriptedAnalysis()]]),
    };
    const seeded = campaignSpec({ parameterWeights: SAFE });
    cx.seed(seeded);
    const desired = campaignSpec({ parameterWeights: SAFER });
    const first = await reconcileCampaign(deps, { campaign: desired, revision: 'rev-1', windows: [], previous: initialState(desired) });
    expect(first.state.status, first.state.reason).to.equal('Verifying');
    expect(first.state.analysis).to.deep.include({ phase: 'Running', liveAnswers: 40, limit: 0.03 });
    expect(first.state.analysis!.points).to.have.length(1);
    const second = await reconcileCampaign(deps, { campaign: desired, revision: 'rev-1', windows: [], previous: first.state });
    expect(second.state.status, second.state.reason).to.equal('RolledBack');
    expect(second.state.analysis).to.deep.include({ phase: 'Failed', liveAnswers: 400 });
    expect(second.state.analysis!.counts).to.deep.equal({ dials: 1600, connects: 352, abandons: 48 });
    expect(second.state.analysis!.points.map((p) => p.liveAnswers)).to.deep.equal([40, 400]);
    expect(second.state.lastSimulation).to.include({ source: 'analysis', pass: false });
    const rolledBack = records.find((r) => r.outcome === 'rolled-back')!;
    expect(rolledBack.analysis, 'the rollback record carries the evidence').to.deep.include({ phase: 'Failed', liveAnswers: 400, limit: 0.03, windowSeconds: 600 });
    expect(rolledBack.analysis, 'without the readings').to.not.have.property('points');
    expect(cx.emulator.context.store.get(desired.campaignId)!.predictiveDialerSettings.parameterWeights).to.deep.include(SAFE);
  });
});
