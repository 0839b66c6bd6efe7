/**
 * `GET /api/status` at scale (issue 10: at 100,000 campaigns the answer was 106 MB and took 4 s):
 * one page of campaigns (`limit`, `cursor`) with the totals of all, the dashboard index still
 * rendering every campaign.
 */
import { expect } from 'chai';
import { startStatusServer, type StatusServer } from '../../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { Controller } from '../../../controller/reconcile/controller.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type StatusPageAnswer } from '../../../controller/reconcile/status-page.js';
import { campaignState, controllerStatus } from '../../support/dashboard-fixtures.js';
import { httpRequest } from '../../support/http-request.js';

const CAMPAIGNS = 2_500;

function facade(count: number): Controller {
  const names = Array.from({ length: count }, (_, i) => `campaign-${String(i).padStart(5, '0')}`);
  const status = controllerStatus(names.map((name, i) => campaignState({ name, status: i % 10 === 0 ? 'Drifted' : 'Synced' })));
  return { ready: () => true, status: () => status, campaign: (name: string) => status.campaigns.find((c) => c.name === name) } satisfies Partial<Controller> as Controller;
}

describe('GET /api/status in pages', () => {
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it(`answers ${CAMPAIGNS} campaigns a page of ${DEFAULT_PAGE_SIZE} at a time with the totals of all, and the cursors walk every campaign once`, async () => {
    server = await startStatusServer({ controller: facade(CAMPAIGNS), port: 0, log: silentLogger });
    const first = await httpRequest<StatusPageAnswer>(`${server.url}/api/status`);
    expect(first.status).to.equal(200);
    expect(first.body.campaigns).to.have.length(DEFAULT_PAGE_SIZE);
    expect(first.body.totals).to.deep.equal({ campaigns: CAMPAIGNS, byStatus: { Drifted: 250, Synced: 2250 }, reconciled: CAMPAIGNS });
    expect(first.body.queue, 'the rest of the status is still there').to.include({ queued: 0, running: 0 });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await httpRequest<StatusPageAnswer>(`${server.url}/api/status?limit=700${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).to.equal(200);
      seen.push(...page.body.campaigns.map((c) => c.name));
      cursor = page.body.page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).to.equal(4);
    expect(seen).to.deep.equal([...seen].sort());
    expect(new Set(seen).size).to.equal(CAMPAIGNS);
  });

  it('refuses a limit out of range or a cursor it did not give, saying what to send', async () => {
    server = await startStatusServer({ controller: facade(3), port: 0, log: silentLogger });
    for (const query of ['limit=0', `limit=${MAX_PAGE_SIZE + 1}`, 'limit=ten']) {
      const answer = await httpRequest<{ message: string }>(`${server.url}/api/status?${query}`);
      expect(answer.status, query).to.equal(400);
      expect(answer.body.message).to.equal(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    const bad = await httpRequest<{ message: string }>(`${server.url}/api/status?cursor=%21%21`);
    expect(bad.status).to.equal(400);
    expect(bad.body.message).to.match(/^cursor is not one this API gave: pass the nextCursor of the previous page/);
  });

  it('still renders every campaign on the dashboard index, however many pages the API has', async () => {
    server = await startStatusServer({ controller: facade(1_200), port: 0, log: silentLogger });
    const page = await httpRequest<string>(`${server.url}/`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-campaign="campaign-01199"');
    expect(page.text).to.include('data-campaign="campaign-00000"');
  });
});
