/**
 * `/api/status` names files by their path in the repository, never by the absolute path of the
 * controller's checkout under DATA_DIR (issue 10, "Secrets and exposure"; README, "Dashboard"): a
 * real controller on a real clone, its files below `GITOPS_PATH`, one of them broken, read through
 * the status server's JSON and HTML answers.
 */
import { expect } from 'chai';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../../controller/domain/diagnostic.js';
import type { StatusPageAnswer } from '../../../controller/reconcile/status-page.js';
import { startHarness, type Harness } from '../../support/controller-harness.js';
import { httpRequest } from '../../support/http-request.js';
import { waitFor } from '../../support/wait-for.js';

const ROOT = 'gitops';
const BROKEN = `${ROOT}/sales/broken-import.yaml`;

describe('/api/status paths', function () {
  this.timeout(90_000);
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('shows every file by its repository path (GITOPS_PATH included), never the data directory of the checkout', async () => {
    harness = await startHarness();
    // The desired state moves below gitops/, and one file there is broken.
    await harness.push('move the desired state below gitops/ and add a broken file', async (work) => {
      const entries = (await readdir(work)).filter((entry) => entry !== '.git');
      await mkdir(path.join(work, ROOT));
      for (const entry of entries) await rename(path.join(work, entry), path.join(work, ROOT, entry));
      await writeFile(path.join(work, BROKEN), 'apiVersion: cxone-gitops/v1\nkind: CampaignWeights\nmetadata: [unclosed\n');
    });
    await harness.startController({ GITOPS_PATH: ROOT });
    const dataDir = harness.env.DATA_DIR!;
    const url = harness.url();
    const status = await waitFor(
      async () => {
        const answer = (await httpRequest<StatusPageAnswer>(`${url}/api/status`)).body;
        return answer.campaigns.length >= 6 && answer.invalidFiles.length > 0 ? answer : undefined;
      },
      { timeoutMs: 60_000, what: 'the campaigns and the broken file in /api/status' },
    );

    const solar = status.campaigns.find((campaign) => campaign.name === 'solar-leads');
    expect(solar?.path).to.equal(`${ROOT}/sales/solar-leads.yaml`);
    for (const campaign of status.campaigns) expect(campaign.path, campaign.name).to.match(new RegExp(`^${ROOT}/[a-z-]+/[a-z-]+\\.yaml$`));
    const broken = status.invalidFiles.filter((diagnostic: Diagnostic) => diagnostic.path === BROKEN);
    expect(broken, JSON.stringify(status.invalidFiles)).to.have.length.greaterThan(0);
    // The unclosed flow sequence is reported where the file ends (line 4), as `validate` reports it.
    expect(broken[0]!.line).to.equal(4);
    expect(status.incidents.map((incident) => incident.summary).join('\n')).to.include(`${BROKEN}:4`);

    const answers = await Promise.all(
      ['/api/status', '/api/status?limit=1', '/api/campaigns/solar-leads', '/api/campaigns/solar-leads/history', '/', '/campaigns/solar-leads'].map(async (route) => ({
        route,
        response: await httpRequest<unknown>(`${url}${route}`),
      })),
    );
    for (const { route, response } of answers) {
      expect(response.status, route).to.equal(200);
      expect(response.text, `${route} names the data directory`).to.not.include(dataDir);
      expect(response.text, `${route} names the checkout`).to.not.include(`${path.sep}source${path.sep}${ROOT}`);
    }
    expect(answers.find((answer) => answer.route === '/campaigns/solar-leads')!.response.text).to.include(`${ROOT}/sales/solar-leads.yaml`);
  });
});
