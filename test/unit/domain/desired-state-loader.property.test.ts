import { expect } from 'chai';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../../controller/domain/diagnostic.js';
import { formatFieldPath } from '../../../controller/domain/field-path.js';
import { normalizeWeights } from '../../../controller/domain/normalize-campaign.js';
import { emitBlockYaml, leafPaths, printableString, validCampaignDocument, withValueAt } from './campaign-arbitraries.js';
import { testValidator, utf8 } from './test-validator.js';

/** Fields whose change another rule reports at another field (a weight against maxDeviationLimit, …). */
function crossFieldRule(diagnostic: Diagnostic, field: string): boolean {
  if (diagnostic.rule === 'max-deviation') return field === 'spec.maxDeviationLimit' || field.startsWith('spec.parameterWeights.');
  if (diagnostic.rule === 'profile') return field.startsWith('spec.simulation.profile.');
  if (diagnostic.rule === 'override') return field.startsWith('spec.override.');
  return false;
}

function expectWellFormed(diagnostics: readonly Diagnostic[], paths: readonly string[]): void {
  for (const diagnostic of diagnostics) {
    expect(paths).to.include(diagnostic.path);
    expect(diagnostic.line).to.be.a('number').and.at.least(1);
    expect(diagnostic.column).to.be.a('number').and.at.least(1);
    expect(diagnostic.message).to.be.a('string').and.not.equal('');
    expect(['error', 'warning']).to.include(diagnostic.severity);
  }
}

const mutationValue = fc.oneof(
  fc.double(),
  fc.integer({ min: -100, max: 100 }),
  fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  printableString(20),
  fc.constantFrom('enforce', 'observe', 'rollback', 'alert', 'manual', 'CXONE_PREDICTIVE_V2', 'cxone-gitops/v1', 'CampaignWeights', 'ControllerPolicy', '0.5', 'yes'),
);

/** Text with a few edits of characters that matter to YAML. */
const editedText = fc
  .tuple(
    validCampaignDocument.map((document) => stringify(document)),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.string({ unit: fc.constantFrom(...':-[]{}&*!|>\'"#%@ \n\t,?\r\\~0.9x'.split('')), maxLength: 4 })), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((current, [at, remove, insert]) => {
      const position = at % (current.length + 1);
      return current.slice(0, position) + insert + current.slice(position + remove);
    }, text),
  );

describe('the desired-state loader (properties)', () => {
  it('round-trips any valid campaign document', () => {
    fc.assert(
      fc.property(validCampaignDocument, (document) => {
        const bytes = utf8(stringify(document));
        const parsed = testValidator().parseCampaignFile('c.yaml', bytes);
        expect(parsed.diagnostics).to.deep.equal([]);
        expect(parsed.document).to.deep.equal(document);
        const [campaign] = testValidator().validateDesiredState([{ path: 'c.yaml', bytes }]).campaigns;
        expect(campaign?.parameterWeights).to.deep.equal(normalizeWeights(document.spec.parameterWeights));
        expect(campaign?.sync.policy).to.equal(document.spec.sync?.policy ?? 'enforce');
        expect(campaign?.simulation.durationSeconds).to.equal(document.spec.simulation?.durationSeconds ?? 300);
      }),
    );
  });

  it('reports a mutation of one field at that field, or finds the document still valid', () => {
    fc.assert(
      fc.property(validCampaignDocument, fc.nat(), mutationValue, (document, pick, value) => {
        const leaves = leafPaths(document).filter((path) => path.length > 0);
        const path = leaves[pick % leaves.length] ?? ['kind'];
        const original: unknown = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
        const mutated = withValueAt(document, path, value);
        const { text, lines } = emitBlockYaml(mutated);
        const { diagnostics } = testValidator().parseCampaignFile('m.yaml', utf8(text));
        const errors = diagnostics.filter((each) => each.severity === 'error');
        const field = formatFieldPath(path);
        for (const error of errors) {
          expect(error.message.includes(field) || crossFieldRule(error, field), `${error.message} (mutated ${field})`).to.equal(true);
          if (error.message.startsWith(`${field} `) && ['schema', 'yaml', 'kind'].includes(error.rule ?? '')) {
            expect(error.line, error.message).to.equal(lines.get(JSON.stringify(path)));
          }
        }
        const typeChanged = value === null || typeof value !== typeof original || (typeof value === 'number' && !Number.isFinite(value));
        if (typeChanged) expect(errors.length, `${field}: ${String(original)} → ${String(value)}`).to.be.at.least(1);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes, and locates every diagnostic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const campaign = testValidator().parseCampaignFile('bytes.yaml', bytes);
        const policy = testValidator().parsePolicyFile('cxone-gitops.yaml', bytes);
        expectWellFormed(campaign.diagnostics, ['bytes.yaml']);
        expectWellFormed(policy.diagnostics, ['cxone-gitops.yaml']);
        expect(campaign.document === undefined || campaign.diagnostics.every((each) => each.severity === 'warning')).to.equal(true);
      }),
    );
  });

  it('never throws on edited campaign files, arbitrary YAML values or whole directories of them', () => {
    const anyYaml = fc.jsonValue().map((value) => stringify(value));
    fc.assert(
      fc.property(fc.array(fc.oneof(editedText, anyYaml), { minLength: 1, maxLength: 4 }), (texts) => {
        const files = texts.map((text, index) => ({ path: index === 0 ? 'cxone-gitops.yaml' : `f${index}.yaml`, bytes: utf8(text) }));
        for (const file of files) expectWellFormed(testValidator().parseCampaignFile(file.path, file.bytes).diagnostics, [file.path]);
        const result = testValidator().validateDesiredState(files);
        expectWellFormed(result.diagnostics, files.map((file) => file.path));
        expect(result.campaigns.length).to.be.at.most(files.length - 1);
      }),
    );
  });
});
