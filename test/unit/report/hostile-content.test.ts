/**
 * Every hostile string through every renderer that reaches a person: the text plan (terminal, CI
 * log), the markdown plan (a PR comment), a Slack message (through a real receiver) and the
 * dashboard. Each must show the string as text and nothing else.
 */
import { expect } from 'chai';
import { slackSink } from '../../../controller/adapters/alerts/alert-sinks.js';
import { alertPayload } from '../../../controller/adapters/alerts/alert-message.js';
import { renderCampaignPage } from '../../../controller/adapters/http/campaign-page.js';
import { renderDashboard } from '../../../controller/adapters/http/dashboard.js';
import type { CampaignPlan } from '../../../controller/domain/plan-campaign.js';
import type { Incident } from '../../../controller/domain/incidents.js';
import { renderPlanMarkdown } from '../../../controller/report/render-plan-markdown.js';
import { renderPlanText } from '../../../controller/report/render-plan-text.js';
import type { PlanReport } from '../../../controller/report/plan-report.js';
import { campaignState, controllerStatus, NOW } from '../../support/dashboard-fixtures.js';
import { HOSTILE_STRINGS } from '../../support/hostile-strings.js';
import { startWebhookReceiver } from '../../support/webhook-receiver.js';

function hostilePlan(evil: string): PlanReport {
  const plan: CampaignPlan = {
    name: evil,
    campaignId: evil,
    path: `${evil}.yaml`,
    policy: 'enforce',
    action: 'heal',
    status: 'Drifted',
    reason: `changed outside Git by ${evil}`,
    liveVersion: 3,
    changes: [{ field: `parameterWeights.${evil}`, before: evil, after: 0.5 }],
    drift: [],
    drifted: true,
    lastModified: { by: evil, at: evil },
  };
  return {
    plan: { plans: [plan], summary: { campaigns: 1, toApply: 1, drifted: 1, blocked: 0, observed: 0, suspended: 0, inSync: 0, notFound: 0, held: 0, invalidFiles: 1 }, exitCode: 2 },
    diagnostics: [{ rule: 'schema', path: `${evil}.yaml`, line: 1, column: 1, severity: 'error', message: `unknown key ${evil}` }],
    simulations: new Map(),
    error: `CXone said ${evil}`,
  };
}

/** Markdown with code spans removed (GitHub processes no markup, mention or link inside them). */
const outsideCodeSpans = (markdown: string): string =>
  markdown.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
/** The tags GitHub would see outside code (an escaped `\<` is text). */
const tags = (md: string): string[] => (outsideCodeSpans(md).match(/(?<!\\)<\/?[a-z!][^>]*>/gi) ?? []).map((tag) => tag.replace(/\s.*/, ''));
/** The HTML tags of a page, by name. */
const pageTags = (page: string): string[] => (page.match(/<\/?[a-z!][a-z0-9-]*/gi) ?? []).sort();

describe('hostile content through every renderer', () => {
  for (const evil of HOSTILE_STRINGS) {
    const label = JSON.stringify(evil);

    it(`text plan: ${label} writes no escape sequence, no extra line and no workflow command`, () => {
      const clean = renderPlanText(hostilePlan('x'), { colour: false }).split('\n').length;
      const text = renderPlanText(hostilePlan(evil), { colour: false });
      // eslint-disable-next-line no-control-regex
      expect(text).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(text.split('\n')).to.have.length(clean);
      for (const line of text.split('\n')) expect(line.trimStart()).to.not.match(/^::/);
      expect(text).to.not.include('::');
    });

    it(`markdown plan: ${label} adds no tag, link, heading, mention, table cell or fence`, () => {
      const clean = renderPlanMarkdown(hostilePlan('x'));
      const markdown = renderPlanMarkdown(hostilePlan(evil));
      expect(markdown.split('\n')).to.have.length(clean.split('\n').length);
      expect(tags(markdown)).to.deep.equal(tags(clean));
      const headings = (md: string): number => md.split('\n').filter((line) => /^\s{0,3}#/.test(line)).length;
      expect(headings(outsideCodeSpans(markdown))).to.equal(headings(outsideCodeSpans(clean)));
      const fences = (md: string): number => md.split('\n').filter((line) => /^\s{0,3}(`{3,}|~{3,})/.test(line)).length;
      expect(fences(outsideCodeSpans(markdown))).to.equal(0);
      const cells = (md: string): number[] => md.split('\n').filter((line) => line.startsWith('|')).map((line) => line.split(/(?<!\\)\|/).length);
      expect(cells(markdown)).to.deep.equal(cells(clean));
      const prose = outsideCodeSpans(markdown);
      expect(prose).to.not.match(/@\w/);
      expect(prose).to.not.match(/(?<!\\)\]\(|https?:\/\/|www\./);
    });

    it(`Slack: ${label} reaches the channel as text, never as a mention, link or command`, async () => {
      const receiver = await startWebhookReceiver();
      try {
        const incident: Incident = {
          key: 'drift:x', kind: 'drift', campaign: evil, campaignId: 'c1', labels: {}, summary: `${evil} drifted`, openedAt: '2026-11-24T12:00:00.000Z',
          lastNotifiedAt: '2026-11-24T12:00:00.000Z', reminders: 0,
          drift: { fields: [{ field: evil, git: 1, live: evil }], modifiedBy: evil, dateModified: evil, action: 'healed' },
        } as Incident;
        await slackSink(receiver.url).send(alertPayload({ event: 'opened', incident }));
        const { text } = JSON.parse(receiver.received[0]!.body) as { text: string };
        expect(text).to.not.match(/[<>]/);
        expect(text).to.include(evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      } finally {
        await receiver.close();
      }
    });

    it(`dashboard: ${label} shows as text on the list and on the campaign page`, () => {
      const state = campaignState({ name: evil, path: evil, reason: evil, labels: { team: evil }, liveVersion: evil as unknown as number, drift: { since: '2026-11-24T11:00:00.000Z', fields: [{ field: evil, git: evil, live: evil }], modifiedBy: evil } });
      const clean = campaignState({ name: 'x', path: 'x', reason: 'x', labels: { team: 'x' }, liveVersion: 'x' as unknown as number, drift: { since: '2026-11-24T11:00:00.000Z', fields: [{ field: 'x', git: 'x', live: 'x' }], modifiedBy: 'x' } });
      const pages = (s: typeof state): string[] => [String(renderDashboard(controllerStatus([s]), { now: NOW })), String(renderCampaignPage(s, [], { now: NOW }))];
      const [list, page] = pages(state);
      const [cleanList, cleanPage] = pages(clean);
      expect(pageTags(list!)).to.deep.equal(pageTags(cleanList!));
      expect(pageTags(page!)).to.deep.equal(pageTags(cleanPage!));
      expect(list).to.not.include('<img');
    });
  }
});
