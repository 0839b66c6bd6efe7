import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import { FIXTURES_DIR, testValidator, utf8 } from './test-validator.js';

interface Case {
  file: string;
  at: string;
  says: string[];
}

/** One bad campaign file per case: exactly one error, at this line:column, saying these things. */
const CAMPAIGN_CASES: Case[] = [
  { file: 'yaml-syntax-error.yaml', at: '12:5', says: ['YAML syntax error', 'end with a ]', 'close every bracket'] },
  { file: 'unclosed-quote.yaml', at: '4:9', says: ['YAML syntax error', 'this double quote is never closed', 'close it'] },
  { file: 'tab-indentation.yaml', at: '7:1', says: ['YAML syntax error', 'Tabs', 'indent with spaces'] },
  { file: 'empty.yaml', at: '1:1', says: ['the file is empty', 'delete the file'] },
  { file: 'comments-only.yaml', at: '1:1', says: ['the file is empty'] },
  { file: 'several-documents.yaml', at: '18:1', says: ['several YAML documents in one file', 'its own file'] },
  { file: 'duplicate-key.yaml', at: '13:5', says: ['duplicate key "answer_rate" in spec.parameterWeights (first set at line 11)', 'keep only one'] },
  { file: 'number-as-string.yaml', at: '13:20', says: ['spec.validationSplit must be a number, got the string "0.8": remove the quotes'] },
  { file: 'campaign-id-not-string.yaml', at: '5:15', says: ['metadata.campaignId must be a string, got the number 1234567: put it in quotes'] },
  { file: 'nan.yaml', at: '15:25', says: ['spec.convergenceThreshold is .nan, which is not a finite number'] },
  { file: 'inf.yaml', at: '11:18', says: ['spec.parameterWeights.answer_rate is -.inf, which is not a finite number'] },
  { file: 'unknown-key-top-level.yaml', at: '18:1', says: ['unknown key "status" at the top level (allowed: apiVersion, kind, metadata, spec)'] },
  { file: 'unknown-key-metadata.yaml', at: '5:3', says: ['unknown key "namespace" in metadata (allowed: name, campaignId, labels)'] },
  { file: 'unknown-key-spec.yaml', at: '13:3', says: ['unknown key "valdationSplit" in spec', 'did you mean "validationSplit"?'] },
  { file: 'unknown-key-parameter-weights.yaml', at: '11:5', says: ['unknown key "answerRate" in spec.parameterWeights', 'did you mean "answer_rate"?'] },
  { file: 'unknown-key-configuration.yaml', at: '20:5', says: ['unknown key "autoHeal" in spec.configuration', 'remove it'] },
  { file: 'unknown-key-profile.yaml', at: '21:7', says: ['unknown key "agentCount" in spec.simulation.profile', 'agents'] },
  { file: 'weight-out-of-range.yaml', at: '11:18', says: ['spec.parameterWeights.answer_rate is 1.2, above the maximum 1: use a number in [-1, 1]'] },
  {
    file: 'tutorial-example.yaml',
    at: '12:24',
    says: ['spec.parameterWeights.predictive_factor is 0.25, above maxDeviationLimit 0.2: lower the weight or raise maxDeviationLimit (at most 0.5)'],
  },
  { file: 'wrong-api-version.yaml', at: '1:13', says: ['apiVersion is "cxone-gitops/v1beta1": use "cxone-gitops/v1"'] },
  { file: 'wrong-kind.yaml', at: '2:7', says: ['kind is "Campaign"', 'kind CampaignWeights'] },
  { file: 'controller-policy-kind.yaml', at: '2:7', says: ['kind is "ControllerPolicy"', 'cxone-gitops.yaml at the root'] },
  { file: 'alias-bomb.yaml', at: '3:8', says: ['alias bomb', 'write the values out'] },
  { file: 'missing-required-key.yaml', at: '8:1', says: ['spec is missing required key "convergenceThreshold": add it (a number in [0.001, 0.1])'] },
  { file: 'invalid-name.yaml', at: '4:9', says: ['metadata.name is "Spring_Renewals", which is not valid', 'lowercase letters'] },
  { file: 'sync-policy-typo.yaml', at: '17:13', says: ['spec.sync.policy is "enforced": use one of enforce, observe, suspend (did you mean "enforce"?)'] },
  { file: 'empty-value.yaml', at: '17:5', says: ['spec.sync.policy is nothing (an empty value): use one of enforce, observe, suspend'] },
  { file: 'override-without-reason.yaml', at: '18:3', says: ['spec.override.reason is empty', 'write why'] },
  { file: 'not-a-mapping.yaml', at: '1:1', says: ['the document must be a mapping', 'got a list'] },
];

/** One bad policy file per case. */
const POLICY_CASES: Case[] = [
  { file: 'policy-bad-cron.yaml', at: '8:17', says: ['spec.syncWindows[0].schedule "0 8 * * MON-FRX" is not a cron expression', 'day of week "FRX"'] },
  { file: 'policy-bad-time-zone.yaml', at: '10:17', says: ['spec.syncWindows[0].timeZone "Europe/Londres" is not an IANA time zone', 'Europe/London'] },
  { file: 'policy-zero-duration.yaml', at: '9:17', says: ['spec.syncWindows[0].duration is "0h", which is no time at all'] },
  { file: 'policy-bad-duration.yaml', at: '9:17', says: ['spec.syncWindows[0].duration is "2 hours", which is not valid', 'such as 2h, 30m'] },
  { file: 'policy-unknown-key.yaml', at: '15:5', says: ['unknown key "escalateAfter" in spec.alerts (allowed: driftThreshold, reminderAfter, routes)'] },
  { file: 'policy-url-in-sink.yaml', at: '19:21', says: ['spec.alerts.routes[0].sinks[0].urlEnv is a URL', 'name the environment variable'] },
];

function read(file: string): Uint8Array {
  return readFileSync(new URL(`invalid/${file}`, FIXTURES_DIR));
}

describe('bad desired-state files (test/fixtures/invalid)', () => {
  for (const { file, at, says } of CAMPAIGN_CASES) {
    it(`reports ${file} once, at ${at}`, () => {
      const { document, diagnostics } = testValidator().parseCampaignFile(`invalid/${file}`, read(file));
      expect(document).to.equal(undefined);
      expect(diagnostics.map(formatDiagnostic)).to.have.length(1);
      const [line] = diagnostics.map(formatDiagnostic);
      expect(line).to.match(new RegExp(`^invalid/${file.replace('.', '\\.')}:${at}: `));
      for (const fragment of says) expect(line).to.include(fragment);
    });
  }

  for (const { file, at, says } of POLICY_CASES) {
    it(`reports the policy file ${file} once, at ${at}`, () => {
      const { document, diagnostics } = testValidator().parsePolicyFile(`invalid/${file}`, read(file));
      expect(document).to.equal(undefined);
      expect(diagnostics.map(formatDiagnostic)).to.have.length(1);
      expect(`${diagnostics[0]?.line}:${diagnostics[0]?.column}`).to.equal(at);
      for (const fragment of says) expect(diagnostics[0]?.message).to.include(fragment);
    });
  }

  it('covers every committed bad file', () => {
    const listed = [...CAMPAIGN_CASES, ...POLICY_CASES].map((each) => each.file).sort();
    const committed = readdirYaml(new URL('invalid/', FIXTURES_DIR));
    expect(listed).to.deep.equal(committed);
  });

  it('reports non-UTF-8 bytes at the line and column of the first bad byte', () => {
    const text = 'apiVersion: cxone-gitops/v1\n# caf';
    const bytes = new Uint8Array([...utf8(text), 0xe9, ...utf8(' latin-1\nkind: CampaignWeights\n')]);
    const { diagnostics } = testValidator().parseCampaignFile('latin1.yaml', bytes);
    expect(diagnostics.map(formatDiagnostic)).to.deep.equal([
      'latin1.yaml:2:6: the file is not valid UTF-8 (byte 0xE9 at offset 33): save it as UTF-8',
    ]);
  });

  it('refuses more than 1 MiB without parsing it', () => {
    const bytes = new Uint8Array(1024 * 1024 + 1).fill(0x23); // '#' characters: a comment
    const { diagnostics } = testValidator().parseCampaignFile('big.yaml', bytes);
    expect(diagnostics.map(formatDiagnostic)).to.deep.equal([
      'big.yaml:1:1: the file is 1048577 bytes, over the limit of 1048576 (1 MiB): a campaign file is a few hundred bytes; remove this file from the desired-state directory',
    ]);
  });

  it('refuses collections nested deeper than 64 levels instead of recursing into them', () => {
    const text = `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const { diagnostics } = testValidator().parseCampaignFile('deep.yaml', utf8(text));
    expect(diagnostics.map(formatDiagnostic)).to.deep.equal([
      'deep.yaml:1:67: YAML nested more than 64 levels deep: flatten the document (a campaign file needs 4 levels)',
    ]);
  });
});

function readdirYaml(dir: URL): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
}
