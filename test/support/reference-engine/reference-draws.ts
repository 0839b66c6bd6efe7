/**
 * The random draws of the reference engine for each model version's samplers (docs/architecture.md,
 * "The simulator"), one at a time: `inverse` (v1, pc-v1) is the Rng's own uniform, inversion
 * exponential and Box–Muller normal, as the first engine drew them; `ziggurat` (v2, pc-v2) takes
 * the same stream of 32-bit words through RandomBits: a uniform is word · 2^-32, the exponential
 * and the normal are ziggurat.ts's samplers. With these the first engine runs model v2 and pc-v2
 * too, so it checks that the call engine's data structures never change any model's results.
 */
import type { Samplers } from '../../../controller/simulation/call-engine.js';
import { Rng } from '../../../controller/simulation/rng.js';
import { RandomBits, TWO_POW_MINUS_32, zigguratExponential, zigguratNormal } from '../../../controller/simulation/ziggurat.js';

export interface ReferenceDraws {
  uniform(): number;
  exponential(mean: number): number;
  normal(): number;
}

export function referenceDraws(seed: number, samplers: Samplers = 'inverse'): ReferenceDraws {
  const rng = new Rng(seed);
  if (samplers === 'inverse') return rng;
  const bits = new RandomBits(rng);
  return {
    uniform: () => bits.word() * TWO_POW_MINUS_32,
    exponential: (mean) => mean * zigguratExponential(bits),
    normal: () => zigguratNormal(bits),
  };
}
