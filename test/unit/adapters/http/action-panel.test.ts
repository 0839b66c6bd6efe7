import { expect } from 'chai';
import { initialState, type CampaignState } from '../../../../controller/domain/campaign-state.js';
import { applicableActions, createCsrfGuard, renderActionPanel } from '../../../../controller/adapters/http/action-panel.js';
import { HOSTILE_STRINGS } from '../../../support/hostile-strings.js';

const base = (name = 'spring-renewals'): CampaignState => initialState({ name, campaignId: 'c-1', path: 'x.yaml', labels: {} });

describe('the manual-actions panel and its CSRF guard', () => {
  it('offers resume and retry only for a hold (retry only with its apply), sync unless the file is invalid', () => {
    expect(applicableActions(base())).to.deep.equal(['sync']);
    const hold = { status: 'RolledBack' as const, reason: 'RolledBack' as const, message: 'm', fingerprint: 'f', since: 's' };
    expect(applicableActions({ ...base(), hold })).to.deep.equal(['resume', 'sync']);
    expect(applicableActions({ ...base(), hold: { ...hold, verification: {} as never } })).to.deep.equal(['resume', 'retry', 'sync']);
    expect(applicableActions({ ...base(), status: 'Invalid' })).to.deep.equal([]);
  });

  it('escapes a hostile campaign name in the form and in the commands', () => {
    for (const name of HOSTILE_STRINGS) {
      for (const markup of [renderActionPanel(base(name), { enabled: true, formToken: 't' }).toString(), renderActionPanel(base(name), { enabled: false }).toString()]) {
        expect(markup, name).to.not.match(/<(script|img|iframe)/i);
      }
    }
  });

  it('accepts only the form token of the session cookie it came with', () => {
    const guard = createCsrfGuard();
    const first = guard.session(undefined);
    expect(first.setCookie).to.match(/^cxone_gitops_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = `other=1; cxone_gitops_session=${first.id}`;
    expect(guard.session(cookie)).to.deep.equal({ id: first.id });
    expect(guard.verify(cookie, guard.formToken(first.id))).to.equal(true);
    expect(guard.verify(cookie, guard.formToken(guard.session(undefined).id))).to.equal(false);
    expect(guard.verify(undefined, guard.formToken(first.id))).to.equal(false);
    expect(guard.verify(cookie, '')).to.equal(false);
    expect(createCsrfGuard().verify(cookie, guard.formToken(first.id)), 'another process key').to.equal(false);
  });
});
