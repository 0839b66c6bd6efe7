import { expect } from 'chai';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDesiredState } from '../../../../controller/adapters/fs/load-desired-state.js';
import { loadDesiredStateInWorker } from '../../../../controller/adapters/fs/load-desired-state-in-worker.js';
import { REPO_ROOT } from '../../../support/spawn-cli.js';

describe('loadDesiredStateInWorker', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-worker-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives what loadDesiredState gives on this thread, for the example repository', async () => {
    const root = path.join(REPO_ROOT, 'desired-state');
    expect(await loadDesiredStateInWorker(root)).to.deep.equal(await loadDesiredState(root));
  });

  it('gives the same campaigns and diagnostics across many slices, with a broken file among 600', async () => {
    const example = (i: number) =>
      `apiVersion: cxone-gitops/v1\nkind: CampaignWeights\nmetadata:\n  name: campaign-${i}\n  campaignId: "${1000 + i}"\nspec:\n  algorithmId: CXONE_PREDICTIVE_V2\n  parameterWeights:\n    answer_rate: 0.1\n  validationSplit: 0.2\n  maxDeviationLimit: 0.5\n  convergenceThreshold: 0.05\n`;
    await mkdir(path.join(dir, 'team'));
    for (let i = 0; i < 600; i += 1) await writeFile(path.join(dir, 'team', `campaign-${i}.yaml`), i === 299 ? 'kind: [unclosed' : example(i));
    const inWorker = await loadDesiredStateInWorker(dir);
    expect(inWorker).to.deep.equal(await loadDesiredState(dir));
    expect(inWorker.invalidFiles).to.equal(1);
    expect(inWorker.validation.campaigns.length + inWorker.invalidFiles).to.equal(600);
  });

  it('rejects with the loader’s own message when the directory is missing', async () => {
    const missing = path.join(dir, 'nope');
    const error = await loadDesiredStateInWorker(missing).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal(await loadDesiredState(missing).then(() => 'resolved', (e: Error) => e.message));
  });
});
