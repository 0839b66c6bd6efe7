import { Rng } from '../controller/simulation/rng.js';

/** Uniform random numbers in [0, 1), seeded: the simulator's generator serves the emulator too. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}
