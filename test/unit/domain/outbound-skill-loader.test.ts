import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import { fileOf, testValidator, utf8 } from './test-validator.js';

function skillYaml(general: string[], { name = 'renewals-outbound', skillId = '4021337', extra = [] as string[] } = {}): string {
  return [
    'apiVersion: cxone-gitops/v1',
    'kind: OutboundSkill',
    'metadata:',
    `  name: ${name}`,
    `  skillId: ${skillId}`,
    'spec:',
    '  generalSettings:',
    ...general.map((line) => `    ${line}`),
    ...extra,
    '',
  ].join('\n');
}

const GOOD = ['maximumRatio: 2', 'aggressiveness: conservative', 'abandonRateThreshold: 2.5', 'abandonRateCutoff: 3'];

function errorsOf(...files: Array<{ path: string; text: string }>): string[] {
  return testValidator()
    .validateDesiredState(files.map(({ path, text }) => fileOf(path, text)))
    .diagnostics.map(formatDiagnostic);
}

describe('OutboundSkill files', () => {
  it('loads a valid skill with only the written fields managed, keys sorted', () => {
    const result = testValidator().validateDesiredState([fileOf('s.yaml', skillYaml(GOOD, { extra: ['  cpaSettings:', '    abandonTimeout: 2'] }))]);
    expect(result.diagnostics).to.deep.equal([]);
    expect(result.campaigns).to.deep.equal([]);
    expect(result.skills).to.have.length(1);
    const [skill] = result.skills;
    expect(skill!.skillId).to.equal(4021337);
    expect(Object.keys(skill!.groups.generalSettings!)).to.deep.equal(['abandonRateCutoff', 'abandonRateThreshold', 'aggressiveness', 'maximumRatio']);
    expect(skill!.groups.cpaSettings).to.deep.equal({ abandonTimeout: 2 });
    expect(skill!.groups.retrySettings).to.equal(undefined);
    expect(skill!.analysis).to.deep.equal({ windowSeconds: 3600, intervalSeconds: 300, minLiveAnswers: 200, maxWindowSeconds: 14400 });
  });

  it('rejects an abandon-rate cutoff below the threshold at the cutoff line', () => {
    const errors = errorsOf({ path: 's.yaml', text: skillYaml(['abandonRateThreshold: 2.5', 'abandonRateCutoff: 2']) });
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^s\.yaml:9:24: spec\.generalSettings\.abandonRateCutoff 2 is below abandonRateThreshold 2\.5/);
  });

  it('rejects a threshold above the default 3% regulatory cap, naming the policy setting', () => {
    const errors = errorsOf({ path: 's.yaml', text: skillYaml(['abandonRateThreshold: 4', 'abandonRateCutoff: 5']) });
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('s.yaml:8:27: spec.generalSettings.abandonRateThreshold 4 is above the regulatory cap of 3%');
    expect(errors[0]).to.contain('regulatoryAbandonPercent');
  });

  it('takes the regulatory cap from the policy file', () => {
    const policy = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  regulatoryAbandonPercent: 2\n';
    const files = [fileOf('cxone-gitops.yaml', policy), fileOf('s.yaml', skillYaml(GOOD))];
    const result = testValidator().validateDesiredState(files);
    expect(result.skills).to.deep.equal([]);
    expect(result.diagnostics.map(formatDiagnostic)).to.have.length(1);
    expect(formatDiagnostic(result.diagnostics[0]!)).to.contain('above the regulatory cap of 2%');
  });

  it('reports unknown fields, wrong types and out-of-range values with line and column, all at once', () => {
    const errors = errorsOf({ path: 's.yaml', text: skillYaml(['maximumRatio: 4', 'aggressiveness: reckless', 'abandonRateTreshold: 2', 'maximumRingingDuration: "25"']) });
    expect(errors.join('\n')).to.contain('s.yaml:8:19:');
    expect(errors.join('\n')).to.contain('s.yaml:9:21:');
    expect(errors.join('\n')).to.match(/s\.yaml:10:5: .*abandonRateTreshold/);
    expect(errors.join('\n')).to.contain('s.yaml:11:29:');
    expect(errors).to.have.length(4);
  });

  it('rejects a skill id that is not a whole number', () => {
    const errors = errorsOf({ path: 's.yaml', text: skillYaml(GOOD, { skillId: 'abc-12' }) });
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^s\.yaml:5:12: /);
  });

  it('rejects a skill with no parameter group to manage', () => {
    const text = 'apiVersion: cxone-gitops/v1\nkind: OutboundSkill\nmetadata:\n  name: a\n  skillId: 1\nspec:\n  sync: { policy: enforce }\n';
    expect(errorsOf({ path: 's.yaml', text })).to.deep.equal(['s.yaml:6:1: spec manages no parameter group: write at least one of generalSettings, cpaSettings or retrySettings with the fields to manage']);
  });

  it('rejects two files managing one skill id, and a skill sharing a campaign name; the other files go on', () => {
    const campaign = readFileSync(new URL('../../../../desired-state/retention/spring-renewals.yaml', import.meta.url), 'utf8');
    const result = testValidator().validateDesiredState([
      fileOf('a.yaml', skillYaml(GOOD, { name: 'a' })),
      fileOf('b.yaml', skillYaml(GOOD, { name: 'b' })),
      fileOf('c.yaml', skillYaml(GOOD, { name: 'spring-renewals', skillId: '7' })),
      fileOf('d.yaml', skillYaml(GOOD, { name: 'd', skillId: '8' })),
      fileOf('campaign.yaml', campaign),
    ]);
    const errors = result.diagnostics.map(formatDiagnostic);
    expect(errors.filter((error) => error.includes('metadata.skillId "4021337" is also managed by'))).to.have.length(2);
    expect(errors.filter((error) => error.includes('metadata.name "spring-renewals" is also used by'))).to.have.length(2);
    expect(result.skills.map((skill) => skill.name)).to.deep.equal(['d']);
  });

  it('suggests OutboundSkill for a misspelt kind', () => {
    const text = skillYaml(GOOD).replace('kind: OutboundSkill', 'kind: OutboundSkil');
    expect(errorsOf({ path: 's.yaml', text })).to.deep.equal(['s.yaml:2:7: kind is "OutboundSkil": did you mean "OutboundSkill"?']);
  });

  it('accepts every example file of desired-state-cxone/', () => {
    const root = new URL('../../../../desired-state-cxone/', import.meta.url).pathname;
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? walk(join(dir, entry)) : [join(dir, entry)]));
    const files = walk(root).map((path) => ({ path, relativePath: path.slice(root.length), bytes: utf8(readFileSync(path, 'utf8')) }));
    const result = testValidator().validateDesiredState(files);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([]);
    expect(result.skills.map((skill) => skill.name).sort()).to.deep.equal(['early-arrears-outbound', 'renewals-outbound', 'winback-outbound']);
  });
});
