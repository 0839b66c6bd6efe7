import { readFileSync, readdirSync, statSync } from 'node:fs';
import { expect } from 'chai';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import type { DesiredStateFile } from '../../../controller/domain/desired-state-file.js';
import { FIXTURES_DIR, campaignYaml, fileOf, testValidator, utf8 } from './test-validator.js';

/** Every file under `dir`, as an adapter would hand them over (paths relative to the repository). */
function filesUnder(dir: URL, prefix: string): DesiredStateFile[] {
  const files: DesiredStateFile[] = [];
  const visit = (relative: string): void => {
    for (const name of readdirSync(new URL(relative, dir)).sort()) {
      const path = `${relative}${name}`;
      if (statSync(new URL(path, dir)).isDirectory()) visit(`${path}/`);
      else if (name.endsWith('.yaml')) files.push({ path: `${prefix}${path}`, relativePath: path, bytes: readFileSync(new URL(path, dir)) });
    }
  };
  visit('');
  return files;
}

const DESIRED_STATE = new URL('../../desired-state/', FIXTURES_DIR);
const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

describe('validateDesiredState', () => {
  it('accepts the example desired-state directory and applies the policy defaults', () => {
    const result = testValidator().validateDesiredState(filesUnder(DESIRED_STATE, 'desired-state/'));
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([]);
    expect(result.policyPath).to.equal('desired-state/cxone-gitops.yaml');
    expect(result.campaigns.map((campaign) => campaign.name)).to.deep.equal([
      'early-arrears',
      'late-stage-recovery',
      'spring-renewals',
      'winback-lapsed',
      'broadband-upsell',
      'solar-leads',
    ]);
    const late = result.campaigns.find((campaign) => campaign.name === 'late-stage-recovery');
    expect(late?.sync.policy).to.equal('suspend');
    expect(late?.simulation).to.deep.equal({ durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} });
    expect(late?.configuration).to.deep.equal({ enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true });
    expect(result.policy?.syncWindows).to.deep.equal([
      { kind: 'deny', schedule: '0 8 * * 1', duration: '2h', durationSeconds: 7200, timeZone: 'Europe/London', campaigns: { names: ['*'] } },
    ]);
    expect(result.policy?.alerts).to.deep.equal({ driftThreshold: 2, reminderAfterSeconds: 14400, routes: [] });
  });

  it('reads a file with a byte-order mark and CRLF line endings, with the policy of its directory', () => {
    const result = testValidator().validateDesiredState(filesUnder(new URL('valid/', FIXTURES_DIR), 'valid/'));
    expect(result.diagnostics).to.deep.equal([]);
    const [campaign] = result.campaigns;
    expect(campaign).to.deep.include({ name: 'windows-saved', path: 'valid/bom-crlf.yaml', parameterWeights: { answer_rate: 0.1, predictive_factor: 0.15 } });
    expect(campaign?.labels).to.deep.equal({ team: 'retention' });
    expect(campaign?.sync).to.deep.equal({ policy: 'observe' });
    expect(campaign?.simulation).to.deep.equal({ durationSeconds: 600, maxAbandonRate: 0.025, onFailure: 'alert', profile: { agents: 30, avgTalkSeconds: 200 } });
    expect(campaign?.positions).to.deep.equal({ name: { line: 5, column: 9 }, campaignId: { line: 6, column: 15 }, parameterWeights: { line: 11, column: 3 } });
    expect(result.policy?.syncWindows[1]).to.deep.equal({
      kind: 'allow',
      schedule: '*/30 9-17 * JAN-MAR MON-FRI',
      duration: '1h30m',
      durationSeconds: 5400,
      timeZone: 'UTC',
      campaigns: { matchLabels: { team: 'retention' } },
    });
    expect(result.policy?.alerts).to.deep.equal({
      driftThreshold: 3,
      reminderAfterSeconds: 5400,
      routes: [
        {
          matchLabels: { team: 'retention' },
          sinks: [
            { kind: 'webhook', urlEnv: 'RETENTION_WEBHOOK_URL', secretEnv: 'RETENTION_WEBHOOK_SECRET' },
            { kind: 'slack', urlEnv: 'RETENTION_SLACK_URL' },
          ],
        },
      ],
    });
  });

  it('keeps line and column right in a CRLF file with a byte-order mark', () => {
    const text = readFileSync(new URL('valid/bom-crlf.yaml', FIXTURES_DIR), 'latin1');
    const broken = Buffer.from(text.replace('predictive_factor: 0.15', 'predictive_factor: 0.35'), 'latin1');
    expect(broken.subarray(0, 3)).to.deep.equal(Buffer.from([0xef, 0xbb, 0xbf]));
    const { diagnostics } = testValidator().parseCampaignFile('bom-crlf.yaml', broken);
    expect(diagnostics.map((each) => `${each.line}:${each.column} ${each.rule}`)).to.deep.equal(['13:24 max-deviation']);
  });

  it('rejects every file that shares a name or a campaign id, naming the others, and keeps the rest', () => {
    const result = testValidator().validateDesiredState([
      fileOf('a.yaml', campaignYaml('spring-renewals', SPRING)),
      fileOf('b.yaml', campaignYaml('spring-renewals', 'b1b2c3d4-e5f6-7890-abcd-ef1234567890')),
      fileOf('c.yaml', campaignYaml('other', SPRING.toUpperCase())),
      fileOf('d.yaml', campaignYaml('fine', 'd1b2c3d4-e5f6-7890-abcd-ef1234567890')),
    ]);
    expect(result.campaigns.map((campaign) => campaign.name)).to.deep.equal(['fine']);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([
      'a.yaml:4:9: metadata.name "spring-renewals" is also used by b.yaml:4:9: give each campaign a name of its own',
      `a.yaml:5:15: metadata.campaignId "${SPRING}" is also managed by c.yaml:5:15: a CXone campaign is managed by one file only; remove or correct one of them`,
      'b.yaml:4:9: metadata.name "spring-renewals" is also used by a.yaml:4:9: give each campaign a name of its own',
      `c.yaml:5:15: metadata.campaignId "${SPRING.toUpperCase()}" is also managed by a.yaml:5:15: a CXone campaign is managed by one file only; remove or correct one of them`,
    ]);
  });

  it('collects every error of every file, and one broken file never stops the others', () => {
    const result = testValidator().validateDesiredState([
      fileOf('bad.yaml', campaignYaml('bad', SPRING, '  sync: { policy: always }\n  extra: 1\n').replace('validationSplit: 0.8', 'validationSplit: 2')),
      fileOf('syntax.yaml', 'spec: [\n'),
      fileOf('good.yaml', campaignYaml('good', 'b1b2c3d4-e5f6-7890-abcd-ef1234567890')),
    ]);
    expect(result.campaigns.map((campaign) => campaign.name)).to.deep.equal(['good']);
    expect(result.diagnostics.map((each) => `${each.path}:${each.line}:${each.column}`)).to.deep.equal([
      'bad.yaml:13:20',
      'bad.yaml:16:19',
      'bad.yaml:17:3',
      'syntax.yaml:2:1',
    ]);
  });

  it('accepts ControllerPolicy only as cxone-gitops.yaml at the root, and only one of them', () => {
    const policy = readFileSync(new URL('cxone-gitops.yaml', DESIRED_STATE));
    const result = testValidator().validateDesiredState([
      { path: 'repo/cxone-gitops.yaml', relativePath: 'cxone-gitops.yaml', bytes: policy },
      { path: 'repo/cxone-gitops.yml', relativePath: 'cxone-gitops.yml', bytes: policy },
      { path: 'repo/teams/cxone-gitops.yaml', relativePath: 'teams/cxone-gitops.yaml', bytes: policy },
    ]);
    expect(result.policy?.sync.policy).to.equal('enforce');
    expect(result.diagnostics.map((each) => `${each.path}:${each.line}:${each.column} ${each.rule}`)).to.deep.equal([
      'repo/cxone-gitops.yml:1:1 policy',
      'repo/teams/cxone-gitops.yaml:3:7 kind',
    ]);
  });

  it('leaves the policy undefined when the policy file is invalid, and still checks every campaign', () => {
    const result = testValidator().validateDesiredState([
      { path: 'cxone-gitops.yaml', bytes: utf8('apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync: { policy: sometimes }\n') },
      fileOf('a.yaml', campaignYaml('a', SPRING)),
    ]);
    expect(result.policy).to.equal(undefined);
    expect(result.campaigns.map((campaign) => [campaign.name, campaign.sync.policy])).to.deep.equal([['a', 'enforce']]);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([
      'cxone-gitops.yaml:4:19: spec.sync.policy is "sometimes": use one of enforce, observe, suspend',
    ]);
  });

  it('uses the built-in defaults when there is no policy file', () => {
    const result = testValidator().validateDesiredState([fileOf('a.yaml', campaignYaml('a', SPRING))]);
    expect(result.policy).to.deep.equal({
      sync: { policy: 'enforce' },
      simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
      regulatoryAbandonPercent: 3,
      syncWindows: [],
      alerts: { driftThreshold: 2, reminderAfterSeconds: 14400, routes: [] },
    });
    expect(result.policyPath).to.equal(undefined);
  });

  it('shows warnings apart from errors', () => {
    const { diagnostics } = testValidator().parseCampaignFile('tag.yaml', utf8(campaignYaml().replace('algorithmId: ', 'algorithmId: !custom ')));
    expect(diagnostics.map(formatDiagnostic)).to.deep.equal(['tag.yaml:9:16: warning: YAML: Unresolved tag: !custom']);
  });
});
