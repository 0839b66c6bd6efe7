/**
 * Fast exact samplers on the simulator's RNG (docs/architecture.md, "The simulator"): the
 * ziggurat method of Marsaglia and Tsang (2000) for the standard exponential (256 layers) and the
 * standard normal (128 layers), with the layer index, the sign and the value taken from disjoint
 * bits of one 32-bit draw (Doornik 2005: reusing the index bits in the value skews the tails).
 *
 * One 32-bit draw gives the layer (low 8 bits: 8 for the exponential, 7 + a sign bit for the
 * normal) and a 24-bit value. About 99% of draws end there with one multiply and one compare; the
 * rest take the wedge test or the tail (Marsaglia's method), which draw more words. The tables are
 * computed once at load from IEEE arithmetic (Math.exp, Math.log, Math.sqrt), the same on every
 * platform, so a seed gives the same samples everywhere.
 *
 * The call engine writes the fast path out in its hot loop and calls the slow paths below; these
 * functions give the same samples one at a time (tests, and any caller off the hot path).
 */
import type { Rng } from './rng.js';

/** Words drawn into a block at once (RandomBits.refill). */
export const BIT_BLOCK = 512;
/** 2^-32: a 32-bit word times this is a uniform on [0, 1), exactly as Rng.uniform() gives it. */
export const TWO_POW_MINUS_32 = 1 / 4294967296;
const VALUE_SCALE = 16_777_216; // 2^24: the value bits of a draw

/** The 32-bit words of an Rng drawn in blocks; `next` is the index of the next unused word. */
export class RandomBits {
  next = BIT_BLOCK;

  /** @param block BIT_BLOCK words of scratch (its contents are overwritten before they are read). */
  constructor(
    private readonly rng: Rng,
    readonly block: Uint32Array<ArrayBuffer> = new Uint32Array(BIT_BLOCK),
  ) {}

  /** Fills the block with the next words of the stream and returns 0 (the new `next`). */
  refill(): number {
    this.rng.fillBits(this.block);
    this.next = 0;
    return 0;
  }

  /** The next word. */
  word(): number {
    if (this.next === BIT_BLOCK) this.refill();
    return this.block[this.next++]!;
  }

  /** A uniform on the open interval (0, 1) (a word's midpoint), safe for a logarithm. */
  openUniform(): number {
    return (this.word() + 0.5) * TWO_POW_MINUS_32;
  }
}

interface Ziggurat {
  /** Layer i accepts a value v < k[i] at once (its point lies under the layer above). */
  k: Float64Array;
  /** x = v · w[i]. */
  w: Float64Array;
  /** The density at the right edge of layer i (unnormalised, f(0) = 1). */
  f: Float64Array;
}

/** Marsaglia and Tsang's tables for a decreasing density f with inverse, r the base layer's edge, v each layer's area. */
function ziggurat(layers: number, r: number, v: number, f: (x: number) => number, inverse: (y: number) => number): Ziggurat {
  const k = new Float64Array(layers);
  const w = new Float64Array(layers);
  const d = new Float64Array(layers);
  const q = v / f(r);
  k[0] = (r / q) * VALUE_SCALE;
  k[1] = 0;
  w[0] = q / VALUE_SCALE;
  w[layers - 1] = r / VALUE_SCALE;
  d[0] = 1;
  d[layers - 1] = f(r);
  let edge = r;
  for (let i = layers - 2; i >= 1; i -= 1) {
    const next = inverse(v / edge + f(edge));
    k[i + 1] = (next / edge) * VALUE_SCALE;
    edge = next;
    d[i] = f(edge);
    w[i] = edge / VALUE_SCALE;
  }
  return { k, w, f: d };
}

/** Right edge of the exponential's base layer, and each layer's area (256 layers). */
export const EXPONENTIAL_R = 7.697117470131487;
const EXPONENTIAL_V = 3.949659822581572e-3;
/** Right edge of the normal's base layer, and each layer's area (128 layers). */
export const NORMAL_R = 3.442619855899;
const NORMAL_V = 9.91256303526217e-3;

const EXPONENTIAL = ziggurat(256, EXPONENTIAL_R, EXPONENTIAL_V, (x) => Math.exp(-x), (y) => -Math.log(y));
const NORMAL = ziggurat(128, NORMAL_R, NORMAL_V, (x) => Math.exp(-0.5 * x * x), (y) => Math.sqrt(-2 * Math.log(y)));

/** The exponential's tables: accept a draw's value `word >>> 8` in layer `word & 255` when below EXPONENTIAL_K. */
export const EXPONENTIAL_K = EXPONENTIAL.k;
export const EXPONENTIAL_W = EXPONENTIAL.w;
/** The exponential's density at each layer's right edge (the wedge test). */
export const EXPONENTIAL_F = EXPONENTIAL.f;
/** The normal's tables: layer `word & 127`, sign bit `word & 128`, value `word >>> 8`. */
export const NORMAL_K = NORMAL.k;
export const NORMAL_W = NORMAL.w;
/** The normal's density at each layer's right edge (the wedge test). */
export const NORMAL_F = NORMAL.f;

/**
 * A standard exponential whose first word `word` was not accepted at once (its value was not below
 * EXPONENTIAL_K of its layer): the wedge test, the tail, or a new word, until one is accepted.
 */
export function exponentialSlow(word: number, bits: RandomBits): number {
  const { k, w, f } = EXPONENTIAL;
  let layer = word & 255;
  let value = word >>> 8;
  for (;;) {
    // The base layer's overhang is the tail beyond r: r plus an exponential (memoryless).
    if (layer === 0) return EXPONENTIAL_R - Math.log(bits.openUniform());
    const x = value * w[layer]!;
    if (f[layer]! + bits.openUniform() * (f[layer - 1]! - f[layer]!) < Math.exp(-x)) return x;
    const next = bits.word();
    layer = next & 255;
    value = next >>> 8;
    if (value < k[layer]!) return value * w[layer]!;
  }
}

/** A standard normal whose first word was not accepted at once (see exponentialSlow). */
export function normalSlow(word: number, bits: RandomBits): number {
  const { k, w, f } = NORMAL;
  let current = word;
  for (;;) {
    const layer = current & 127;
    const negative = (current & 128) !== 0;
    const value = current >>> 8;
    let x = -1;
    if (layer === 0) {
      // Marsaglia's tail beyond r: x = -ln(U1)/r, y = -ln(U2), accept when 2y > x².
      let tail: number;
      let y: number;
      do {
        tail = -Math.log(bits.openUniform()) / NORMAL_R;
        y = -Math.log(bits.openUniform());
      } while (y + y < tail * tail);
      x = NORMAL_R + tail;
    } else {
      const candidate = value * w[layer]!;
      if (f[layer]! + bits.openUniform() * (f[layer - 1]! - f[layer]!) < Math.exp(-0.5 * candidate * candidate)) x = candidate;
    }
    if (x >= 0) return negative ? 0 - x : x;
    current = bits.word();
    const nextValue = current >>> 8;
    if (nextValue < k[current & 127]!) {
      const accepted = nextValue * w[current & 127]!;
      return (current & 128) !== 0 ? 0 - accepted : accepted;
    }
  }
}

/** A standard exponential (mean 1) by the ziggurat, one word in about 99% of draws. */
export function zigguratExponential(bits: RandomBits): number {
  const word = bits.word();
  const value = word >>> 8;
  return value < EXPONENTIAL_K[word & 255]! ? value * EXPONENTIAL_W[word & 255]! : exponentialSlow(word, bits);
}

/** A standard normal by the ziggurat. */
export function zigguratNormal(bits: RandomBits): number {
  const word = bits.word();
  const value = word >>> 8;
  if (!(value < NORMAL_K[word & 127]!)) return normalSlow(word, bits);
  const x = value * NORMAL_W[word & 127]!;
  return (word & 128) !== 0 ? 0 - x : x;
}
