import { expect } from 'chai';
import { createMetrics } from '../../../controller/adapters/http/metrics.js';
import { analysisStatus } from '../../support/analysis-fixture.js';
import { campaignState, controllerStatus } from '../../support/dashboard-fixtures.js';
import { promtool } from '../../support/promtool.js';

describe('/metrics: the live outcome analysis per skill', function () {
  this.timeout(60_000);
  const status = controllerStatus([
    campaignState({ name: 'renewals-outbound', status: 'RolledBack', analysis: analysisStatus() }),
    campaignState({ name: 'arrears-outbound', status: 'Verifying', analysis: analysisStatus({ phase: 'Running', liveAnswers: 40, counts: { dials: 160, connects: 39, abandons: 1 }, abandonRate: 0.025, lower: 0.0044, upper: 0.1286, elapsedSeconds: 60 }) }),
    campaignState({ name: 'spring-renewals' }),
  ]);

  it('exposes the phase, the counts since the apply, the bounds and the limit of each analysis, and passes promtool check metrics', async () => {
    const { body } = await createMetrics(() => status).render();
    expect(body).to.include('cxone_gitops_analysis_phase{campaign="renewals-outbound",phase="Failed"} 1');
    expect(body).to.include('cxone_gitops_analysis_phase{campaign="renewals-outbound",phase="Running"} 0');
    expect(body).to.include('cxone_gitops_analysis_phase{campaign="arrears-outbound",phase="Running"} 1');
    expect(body).to.include('cxone_gitops_analysis_live_answers{campaign="renewals-outbound"} 600');
    expect(body).to.include('cxone_gitops_analysis_abandons{campaign="renewals-outbound"} 72');
    expect(body).to.include('cxone_gitops_analysis_dials{campaign="arrears-outbound"} 160');
    expect(body).to.include('cxone_gitops_analysis_abandon_rate{campaign="renewals-outbound",bound="lower95"} 0.0964');
    expect(body).to.include('cxone_gitops_analysis_abandon_rate{campaign="renewals-outbound",bound="upper95"} 0.1483');
    expect(body).to.include('cxone_gitops_analysis_abandon_limit{campaign="arrears-outbound"} 0.03');
    expect(body).to.include('cxone_gitops_analysis_elapsed_seconds{campaign="arrears-outbound"} 60');
    expect(body, 'nothing for a campaign without an analysis').to.not.match(/cxone_gitops_analysis_\w+\{campaign="spring-renewals"/);
    const { code, output } = await promtool(['check', 'metrics'], { stdin: body });
    expect(code, output).to.equal(0);
  });
});
