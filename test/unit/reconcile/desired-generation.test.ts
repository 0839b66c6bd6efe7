import { expect } from 'chai';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import type { Diagnostic } from '../../../controller/domain/diagnostic.js';
import { diffGenerations, type DesiredGeneration } from '../../../controller/reconcile/desired-generation.js';
import { campaignObject } from '../../../controller/reconcile/reconcile-target.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';

const snapshot = (revision: string) => ({ revision, dir: '/nowhere', committedAt: '2026-12-01T00:00:00Z', subject: revision, author: 'A <a@example.invalid>' });
const spec = (name: string, overrides: Partial<CampaignSpec> = {}) => campaignSpec({ name, path: `${name}.yaml`, campaignId: `${name}-id`, ...overrides });
const error = (path: string): Diagnostic => ({ path, line: 3, column: 1, severity: 'error', message: 'bad' }) as Diagnostic;
const generation = (revision: string, campaigns: CampaignSpec[], invalidFiles: Diagnostic[] = []): DesiredGeneration => ({
  snapshot: snapshot(revision),
  policy: undefined,
  campaigns: new Map(campaigns.map((campaign) => [campaign.name, campaignObject(campaign)])),
  invalidFiles,
});
const managed = (...names: string[]) => names.map((name) => ({ name, path: `${name}.yaml` }));

describe('diffGenerations', () => {
  const cases: Array<{ what: string; before?: DesiredGeneration; after: DesiredGeneration; managed: string[]; expected: ReturnType<typeof diffGenerations> }> = [
    { what: 'start-up: every campaign is added', after: generation('r1', [spec('a'), spec('b')]), managed: [], expected: { added: ['a', 'b'], changed: [], invalid: [], deleted: [] } },
    {
      what: 'unchanged settings are neither added nor changed',
      before: generation('r1', [spec('a')]),
      after: generation('r2', [spec('a')]),
      managed: ['a'],
      expected: { added: [], changed: [], invalid: [], deleted: [] },
    },
    {
      what: 'changed weights and a changed sync policy are changes; labels alone are not',
      before: generation('r1', [spec('a'), spec('b'), spec('c')]),
      after: generation('r2', [spec('a', { parameterWeights: { answer_rate: 0.1 } }), spec('b', { sync: { policy: 'observe' } }), spec('c', { labels: { team: 'x' } })]),
      managed: ['a', 'b', 'c'],
      expected: { added: [], changed: ['a', 'b'], invalid: [], deleted: [] },
    },
    {
      what: 'a managed campaign whose file is invalid now is invalid, not deleted',
      before: generation('r1', [spec('a'), spec('b')]),
      after: generation('r2', [spec('a')], [error('b.yaml')]),
      managed: ['a', 'b'],
      expected: { added: [], changed: [], invalid: [{ name: 'b', diagnostics: [error('b.yaml')] }], deleted: [] },
    },
    {
      what: 'a managed campaign whose file is gone is deleted; one restored at start-up too',
      after: generation('r2', [spec('a')]),
      managed: ['a', 'gone'],
      expected: { added: ['a'], changed: [], invalid: [], deleted: ['gone'] },
    },
  ];
  for (const { what, before, after, managed: names, expected } of cases) {
    it(what, () => {
      expect(diffGenerations(before, after, managed(...names))).to.deep.equal(expected);
    });
  }
});
