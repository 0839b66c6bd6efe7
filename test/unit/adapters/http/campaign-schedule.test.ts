import { expect } from 'chai';
import { renderCampaignPage } from '../../../../controller/adapters/http/campaign-page.js';
import { recordAuthor } from '../../../../controller/adapters/http/campaign-comparison.js';
import { commitUrlTemplate } from '../../../../controller/adapters/http/commit-link.js';
import { withCommitAuthor } from '../../../../controller/reconcile/commit-author.js';
import type { AuditRecord } from '../../../../controller/domain/audit-record.js';
import { appliedRecord, campaignState, NOW } from '../../../support/dashboard-fixtures.js';

const SHA = '631d9bf321e4ab585b4db1633e0ca64797f0ba91';

describe('the campaign page: the commit, its author, the sync window and the next sweep', () => {
  it('links a revision to its commit page for https and ssh remotes, and to nothing for a local one', () => {
    expect(commitUrlTemplate('https://token@github.com/acme/dialer.git')).to.equal('https://github.com/acme/dialer/commit/{sha}');
    expect(commitUrlTemplate('git@gitlab.example.com:ops/cxone/desired-state.git')).to.equal('https://gitlab.example.com/ops/cxone/desired-state/commit/{sha}');
    expect(commitUrlTemplate('ssh://git@git.example.com:2222/ops/dialer.git')).to.equal('https://git.example.com/ops/dialer/commit/{sha}');
    expect(commitUrlTemplate('/srv/git/desired-state.git')).to.equal(undefined);
    expect(commitUrlTemplate('file:///srv/git/desired-state.git')).to.equal(undefined);
    expect(commitUrlTemplate('/srv/git/x.git', 'https://bitbucket.example/acme/dialer/commits/{sha}')).to.equal('https://bitbucket.example/acme/dialer/commits/{sha}');
  });

  it('shows the desired revision linked to its commit with subject and author, the window in force and the next sweep', () => {
    const state = campaignState({ lastApplied: { revision: SHA, settings: {} as never, weights: {}, at: '2026-11-24T11:00:00.000Z', version: 2 } });
    const context = {
      commit: { revision: SHA, subject: 'Raise the answer rate', author: 'Ana Lopez <ana@example.com>', committedAt: '2026-11-24T11:57:00.000Z' },
      commitUrlTemplate: 'https://github.com/acme/dialer/commit/{sha}',
      syncWindows: [{ kind: 'deny' as const, schedule: '0 11 * * *', duration: '2h', durationSeconds: 7200, timeZone: 'UTC', campaigns: { matchLabels: {} } }],
      sweep: { schedule: '*/5 * * * *', timeZone: 'UTC' },
    };
    const html = String(renderCampaignPage(state, [], { now: NOW, context }));
    expect(html).to.include(`<a href="https://github.com/acme/dialer/commit/${SHA}" rel="noreferrer"><code class="rev" title="${SHA}">631d9bf321</code></a> “Raise the answer rate” by <strong>Ana Lopez</strong>`);
    expect(html).to.include('v2 from <a href="https://github.com/acme/dialer/commit/');
    expect(html).to.match(/<dt>sync window<\/dt><dd><strong>applies held back<\/strong>: [^<]*deny/);
    expect(html).to.include('allowed <time datetime="2026-11-24T13:00:00.000Z"');
    expect(html).to.match(/<dt>next sweep<\/dt><dd><time datetime="2026-11-24T12:05:00.000Z"[^>]*>in 5 min<\/time>/);
    const noWindows = String(renderCampaignPage(state, [], { now: NOW, context: { ...context, syncWindows: [] } }));
    expect(noWindows).to.include('applies allowed <small class="muted">(no sync windows in the policy)</small>');
  });

  it('names the commit author on every record of the commit, and says whose commit an apply carried out', async () => {
    const written: AuditRecord[] = [];
    const sink = withCommitAuthor({ record: async (record) => void written.push(record) }, () => ({ revision: SHA, author: 'Ana Lopez <ana@example.com>' }));
    await sink.record({ ...appliedRecord('2026-11-24T11:00:00.000Z', { answer_rate: 0.1 }), desiredRevision: SHA });
    await sink.record({ ...appliedRecord('2026-11-24T11:00:00.000Z', { answer_rate: 0.1 }), desiredRevision: 'another' });
    expect(written.map((r) => r.commitAuthor)).to.deep.equal(['Ana Lopez <ana@example.com>', undefined]);
    expect(recordAuthor(written[0]!)).to.equal("controller, for Ana Lopez's commit");
    expect(recordAuthor({ ...written[0]!, kind: 'heal' })).to.equal('controller (heal)');
  });
});
