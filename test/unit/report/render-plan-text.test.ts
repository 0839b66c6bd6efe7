import { expect } from 'chai';
import { summarizePlans } from '../../../controller/domain/plan-desired-state.js';
import { PLAN_SIGN, renderPlanText } from '../../../controller/report/render-plan-text.js';

describe('the text plan', () => {
  it('never marks a campaign with - or +, which Terraform users read as destroy and create', () => {
    for (const sign of Object.values(PLAN_SIGN)) expect(sign).to.not.be.oneOf(['-', '+']);
    expect(PLAN_SIGN.suspended).to.equal('#');
  });

  it('a failed plan ends with the failure, not a summary of zeros that reads as "in sync"', () => {
    const report = { plan: summarizePlans([], 0), diagnostics: [], simulations: new Map(), error: 'cannot connect to 127.0.0.1:1 (ECONNREFUSED)' };
    expect(renderPlanText(report, { colour: false })).to.equal('Plan failed: cannot connect to 127.0.0.1:1 (ECONNREFUSED)\n');
    expect(renderPlanText(report, { colour: false, showError: false }), 'the command says it on stderr instead').to.equal('');
  });
});
