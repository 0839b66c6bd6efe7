/**
 * The simulator's model versions (README, "Model versions"; docs/architecture.md, "The
 * simulator"). Every prediction names the model that made it. A version fixes the pacing rule and
 * the random draws: a change to either is a new version, never a silent change of an old one's
 * numbers. Old versions stay runnable, so a prediction a record or a report names can be
 * reproduced bit for bit by asking for its model; a name the simulator does not know is refused
 * with the list of those it knows.
 */
import type { Samplers } from './call-engine.js';

/** The campaign model (weights' pacing, section "The dialer simulator") used when none is asked for. */
export const MODEL_ID = 'dialer-des/v2';
/** Every campaign model that can be run, oldest first. */
export const MODEL_IDS = ['dialer-des/v1', MODEL_ID] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** The OutboundSkill model (Personal Connection pacing, "The pc-v1 pacing model") used when none is asked for. */
export const PC_MODEL_ID = 'dialer-des/pc-v2';
/** Every OutboundSkill model that can be run, oldest first. */
export const PC_MODEL_IDS = ['dialer-des/pc-v1', PC_MODEL_ID] as const;
export type PcModelId = (typeof PC_MODEL_IDS)[number];

/**
 * The draws of each version: v1 and pc-v1 draw exponentials by inversion and normals by
 * Box–Muller; v2 and pc-v2 draw both by the ziggurat (`ziggurat.ts`) and are otherwise the same
 * models (same pacing, same call process, same RNG stream of 32-bit words).
 */
const SAMPLERS: Readonly<Record<ModelId | PcModelId, Samplers>> = {
  'dialer-des/v1': 'inverse',
  'dialer-des/v2': 'ziggurat',
  'dialer-des/pc-v1': 'inverse',
  'dialer-des/pc-v2': 'ziggurat',
};

export function samplersOf(model: ModelId | PcModelId): Samplers {
  return SAMPLERS[model];
}

/**
 * The problem with an input's `model` (undefined when it is missing or known): it must be one of
 * `known`; a model of the other kind (campaign vs OutboundSkill) says which command runs it.
 */
export function modelProblem(model: unknown, kind: 'campaign' | 'skill'): string | undefined {
  if (model === undefined) return undefined;
  const known: readonly string[] = kind === 'campaign' ? MODEL_IDS : PC_MODEL_IDS;
  if (typeof model === 'string' && known.includes(model)) return undefined;
  const other: readonly string[] = kind === 'campaign' ? PC_MODEL_IDS : MODEL_IDS;
  const shown = typeof model === 'string' ? `"${model}"` : String(model);
  const hint =
    typeof model === 'string' && other.includes(model)
      ? `: ${model} is a model of ${kind === 'campaign' ? 'OutboundSkill files' : 'campaign files'}, not of ${kind === 'campaign' ? 'campaigns' : 'skills'}`
      : '';
  return `model must be one of ${known.join(', ')} (got ${shown}${hint}); leave it out for the current ${known.at(-1)}`;
}
