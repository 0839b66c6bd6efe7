/**
 * fast-check arbitraries of valid campaign documents, and a block-style YAML emitter that records
 * the line of every scalar so that properties can check positions without trusting the loader.
 */
import fc from 'fast-check';
import type { CampaignWeightsDocument } from '../../../controller/domain/desired-state-documents.js';
import { WEIGHT_KEYS } from '../../../controller/simulation/types.js';

/** Printable characters (YAML's c-printable, without line breaks). */
const printableChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xd7ff }), fc.integer({ min: 0x1f600, max: 0x1f64f }))
  .map((code) => String.fromCodePoint(code));

export function printableString(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: printableChar, maxLength });
}

const noNegativeZero = (value: number): number => (Object.is(value, -0) ? 0 : value);

function between(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true }).map(noNegativeZero);
}

const profile = fc
  .record(
    {
      agents: fc.integer({ min: 1, max: 10_000 }),
      answerProbability: between(0, 1),
      machineProbability: between(0, 1),
      ringMeanSeconds: between(0.001, 600),
      ringTimeoutSeconds: between(0.001, 600),
      avgTalkSeconds: between(0.001, 86_400),
      talkCv: between(0, 10),
      wrapSeconds: between(0, 3600),
      abandonAfterSeconds: between(0, 600),
      machineHoldSeconds: between(0, 600),
    },
    { requiredKeys: [] },
  )
  .filter((each) => (each.answerProbability ?? 0.25) + (each.machineProbability ?? 0.15) <= 1);

const override = fc.oneof(
  fc.record({ allowInsignificantChange: fc.constant(true), reason: printableString(60).filter((text) => text.trim() !== '') }),
  fc.record({ allowInsignificantChange: fc.constant(false), reason: printableString(60) }, { requiredKeys: ['allowInsignificantChange'] }),
);

/** A maxDeviationLimit and weights within it (the only part built per value: building arbitraries is slow). */
const limitAndWeights = between(0.01, 0.5).chain((limit) =>
  fc
    .record(Object.fromEntries(WEIGHT_KEYS.map((key) => [key, between(-limit, limit)])), { requiredKeys: [] })
    .map((weights) => ({ limit, weights })),
);

const metadata = fc.record(
  {
    name: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
    campaignId: fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9]{1,19}$/)),
    labels: fc.dictionary(
      fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?$/),
      fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['name', 'campaignId'] },
);

const optionalSpec = fc.record(
  {
    configuration: fc.record(
      { enablePredictiveTuning: fc.boolean(), simulationTrigger: fc.constantFrom('automatic' as const, 'manual' as const), driftProtection: fc.boolean() },
      { requiredKeys: [] },
    ),
    sync: fc.record({ policy: fc.constantFrom('enforce' as const, 'observe' as const, 'suspend' as const) }, { requiredKeys: [] }),
    simulation: fc.record(
      {
        durationSeconds: fc.integer({ min: 1, max: 86_400 }),
        maxAbandonRate: between(Number.MIN_VALUE, 1),
        onFailure: fc.constantFrom('rollback' as const, 'alert' as const),
        profile,
      },
      { requiredKeys: [] },
    ),
    override,
  },
  { requiredKeys: [] },
);

/** Any valid campaign document. */
export const validCampaignDocument: fc.Arbitrary<CampaignWeightsDocument> = fc
  .record({
    metadata,
    limitAndWeights,
    algorithmVersion: fc.integer({ min: 1, max: 9 }),
    validationSplit: between(0.1, 0.9),
    convergenceThreshold: between(0.001, 0.1),
    optionalSpec,
  })
  .map(({ metadata: meta, limitAndWeights: { limit, weights }, algorithmVersion, validationSplit, convergenceThreshold, optionalSpec: rest }) => ({
    apiVersion: 'cxone-gitops/v1' as const,
    kind: 'CampaignWeights' as const,
    metadata: meta,
    spec: {
      algorithmId: `CXONE_PREDICTIVE_V${algorithmVersion}`,
      parameterWeights: weights,
      validationSplit,
      maxDeviationLimit: limit,
      convergenceThreshold,
      ...rest,
    },
  }));

/** A YAML scalar: numbers in YAML's spelling (`.nan`, `-.inf`), strings double-quoted. */
export function yamlScalar(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Block-style YAML of nested mappings of scalars, and the line of every scalar by its path. */
export function emitBlockYaml(document: object): { text: string; lines: Map<string, number> } {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const emit = (node: object, indent: string, path: (string | number)[]): void => {
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
        out.push(`${indent}${JSON.stringify(key)}:`);
        emit(value, `${indent}  `, here);
      } else {
        out.push(`${indent}${JSON.stringify(key)}: ${typeof value === 'object' && value !== null ? '{}' : yamlScalar(value)}`);
        lines.set(JSON.stringify(here), out.length);
      }
    }
  };
  emit(document, '', []);
  return { text: `${out.join('\n')}\n`, lines };
}

/** The path of every scalar of a document. */
export function leafPaths(node: unknown, path: string[] = []): string[][] {
  if (typeof node !== 'object' || node === null) return [path];
  return Object.entries(node).flatMap(([key, value]) => leafPaths(value, [...path, key]));
}

/** A copy of `document` with the value at `path` replaced. */
export function withValueAt(document: object, path: readonly string[], value: unknown): object {
  const copy = structuredClone(document) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] ?? ''] = value;
  return copy;
}
