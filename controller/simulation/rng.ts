/**
 * xoshiro128** (Blackman and Vigna), a fast 32-bit PRNG built only from 32-bit integer operations,
 * so a seed gives the same stream on every platform. Seeded through splitmix32.
 */

const TWO_POW_32 = 4294967296;
const GOLDEN_GAMMA = 0x9e3779b9;

/** The murmur3 finaliser: a bijective 32-bit mix. */
export function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Folds a safe integer (negative ones too) into 32 bits, using both its low and high words. */
export function hashSeed(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) | 0;
  return mix32(low ^ mix32(high + GOLDEN_GAMMA));
}

/** The seed of replication `index` (0-based) of a simulation seeded with `seed`. */
export function deriveReplicationSeed(seed: number, index: number): number {
  return mix32(hashSeed(seed) + Math.imul(index + 1, GOLDEN_GAMMA));
}

export class Rng {
  /**
   * s0..s3 in an Int32Array: fields holding 32-bit values outside the small-integer range would
   * be boxed, and every step would allocate (docs/architecture.md, "The simulator").
   */
  private readonly state = new Int32Array(4);
  private spare = 0;
  private hasSpare = false;

  /** @param seed a safe integer; equal seeds give equal streams. */
  constructor(seed: number) {
    let state = hashSeed(seed);
    const next = (): number => {
      state = (state + GOLDEN_GAMMA) | 0;
      return mix32(state) | 0;
    };
    for (let index = 0; index < 4; index += 1) this.state[index] = next();
    if ((this.state[0]! | this.state[1]! | this.state[2]! | this.state[3]!) === 0) this.state[0] = 1;
  }

  /** Copies the state s0..s3 into `target` (the call engine's module continues the stream from it). */
  writeState(target: Int32Array): void {
    target.set(this.state);
  }

  /** The next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const state = this.state;
    const s0 = state[0]!;
    const s1 = state[1]!;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    let s2 = state[2]! ^ s0;
    let s3 = state[3]! ^ s1;
    state[1] = s1 ^ s2;
    state[0] = s0 ^ s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    state[2] = s2;
    state[3] = s3;
    return result >>> 0;
  }

  /**
   * Fills `target` with the next 32-bit outputs, as that many calls of nextUint32() would return
   * them (the state stays in locals for the whole block).
   */
  fillBits(target: Uint32Array): void {
    const state = this.state;
    let s0 = state[0]!;
    let s1 = state[1]!;
    let s2 = state[2]!;
    let s3 = state[3]!;
    for (let index = 0; index < target.length; index += 1) {
      const product = Math.imul(s1, 5);
      target[index] = Math.imul((product << 7) | (product >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
  }

  /** Uniform on [0, 1) with 32-bit resolution. */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * Fills `target` with the next uniforms on [0, 1), as that many calls of uniform() would return
   * them, and returns 0 (the index of the first one): callers that draw in blocks keep the stream.
   */
  fill(target: Float64Array): number {
    for (let index = 0; index < target.length; index += 1) target[index] = this.nextUint32() / TWO_POW_32;
    return 0;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}
