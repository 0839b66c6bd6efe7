/**
 * exp, log, sin and cos for the call engine's module (docs/architecture.md, "The simulator"):
 * fdlibm's algorithms (e_exp.c, e_log.c, k_sin.c, k_cos.c and e_rem_pio2.c's reduction for
 * |x| <= 2^19 · π/2), operation for operation as V8 implements JavaScript's Math.exp, Math.log,
 * Math.sin and Math.cos (including its exp(1) = Math.E). WebAssembly's f64 arithmetic is IEEE
 * round-to-nearest without contraction, so each function gives Math's result bit for bit: the
 * unit test engine-math.test.ts checks them on random and edge inputs, and
 * `npm run verify:engine-math` sin and cos on every angle the Box–Muller draw can make.
 * Computing them here, not calling Math, spares the loop a call that spills its registers.
 *
 * Derived from fdlibm, whose notice follows:
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided
 * that this notice is preserved.
 */

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWO54: f64 = 1.80143985094819840000e+16;
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;

/** The high and low 32-bit words of a double (fdlibm's GET_HIGH_WORD and GET_LOW_WORD). */
@inline function highWord(x: f64): i32 { return <i32>(reinterpret<u64>(x) >> 32); }
@inline function lowWord(x: f64): u32 { return <u32>reinterpret<u64>(x); }
@inline function withHighWord(x: f64, high: i32): f64 {
  return reinterpret<f64>((<u64><u32>high << 32) | (reinterpret<u64>(x) & 0xffffffff));
}

/** log(x) as fdlibm's __ieee754_log. */
export function log(input: f64): f64 {
  let x = input;
  let hx = highWord(x);
  const lx = lowWord(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | <i32>lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
const U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const INVLN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const TWOM1000: f64 = 9.33263618503218878990e-302;

/** exp(x) as fdlibm's __ieee754_exp (V8's exp(1) is exactly Math.E). */
export function exp(input: f64): f64 {
  let x = input;
  let hx = <u32>highWord(x);
  const xsb = <i32>((hx >> 31) & 1);
  hx &= 0x7fffffff;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862E42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3FF0A2B2) {
      if (x == 1.0) return 2.718281828459045;
      if (xsb == 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; }
      else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = <i32>(INVLN2 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x;
  } else {
    k = 0;
  }
  const t = x * x;
  let twopk: f64;
  if (k >= -1021) twopk = reinterpret<f64>(<u64><u32>(0x3ff00000 + (k << 20)) << 32);
  else twopk = reinterpret<f64>(<u64><u32>(0x3ff00000 + ((k + 1000) << 20)) << 32);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.98846567431158e307;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

// ---- sin and cos of 0 <= x < 2^19 · π/2 (fdlibm's __ieee754_rem_pio2 medium path and kernels). ----

const INVPIO2: f64 = 6.36619772367581382433e-01;
const PIO2_1: f64 = 1.57079632673412561417e+00;
const PIO2_1T: f64 = 6.07710050650619224932e-11;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_2T: f64 = 2.02226624879595063154e-21;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;
const S1: f64 = -1.66666666666666324348e-01;
const S2: f64 = 8.33333333332248946124e-03;
const S3: f64 = -1.98412698298579493134e-04;
const S4: f64 = 2.75573137070700676789e-06;
const S5: f64 = -2.50507602534068634195e-08;
const S6: f64 = 1.58969099521155010221e-10;
const C1: f64 = 4.16666666666666019037e-02;
const C2: f64 = -1.38888888888741095749e-03;
const C3: f64 = 2.48015872894767294178e-05;
const C4: f64 = -2.75573143513906633035e-07;
const C5: f64 = 2.08757232129817482790e-09;
const C6: f64 = -1.13596475577881948265e-11;

/** The high word of n · π/2 for n = 1..4 (fdlibm's npio2_hw, the quick no-cancellation check). */
@inline function npio2HighWord(n: i32): i32 {
  return n == 1 ? 0x3ff921fb : n == 2 ? 0x400921fb : n == 3 ? 0x4012d97c : n == 4 ? 0x401921fb : 0;
}

/** x − n · π/2 as reduced + reducedTail (globals: AssemblyScript has no out-parameters); returns n. */
let reduced: f64 = 0;
let reducedTail: f64 = 0;

/** __ieee754_rem_pio2 for π/4 < x <= 2^19 · π/2, x > 0. */
function reducePio2(x: f64): i32 {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    const z = x - PIO2_1;
    if (ix != 0x3ff921fb) {
      reduced = z - PIO2_1T;
      reducedTail = (z - reduced) - PIO2_1T;
    } else {
      const z2 = z - PIO2_2;
      reduced = z2 - PIO2_2T;
      reducedTail = (z2 - reduced) - PIO2_2T;
    }
    return 1;
  }
  let t = x;
  const n = <i32>(t * INVPIO2 + 0.5);
  const fn = <f64>n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0: f64;
  if (n < 5 && ix != npio2HighWord(n)) {
    y0 = r - w;
  } else {
    const j = ix >> 20;
    y0 = r - w;
    let i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 16) {
      t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - ((t - r) - w);
      y0 = r - w;
      i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - ((t - r) - w);
        y0 = r - w;
      }
    }
  }
  reduced = y0;
  reducedTail = (r - y0) - w;
  return n;
}

function kernelSin(x: f64, y: f64, iy: i32): f64 {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) {
    if (<i32>x == 0) return x;
  }
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy == 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

function kernelCos(x: f64, y: f64): f64 {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) {
    if (<i32>x == 0) return 1.0;
  }
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1.0 - (0.5 * z - (z * r - x * y));
  const qx: f64 = ix > 0x3fe90000 ? 0.28125 : reinterpret<f64>(<u64><u32>(ix - 0x00200000) << 32);
  const iz = 0.5 * z - qx;
  const a = 1.0 - qx;
  return a - (iz - (z * r - x * y));
}

/** Whether sin and cos below take x: 0 <= x <= 2^19 · π/2 (else the caller uses the host's Math). */
@inline export function trigInRange(x: f64): bool {
  return x >= 0 && highWord(x) <= 0x413921fb;
}

/** sin(x) for trigInRange(x), as fdlibm's sin. */
export function sin(x: f64): f64 {
  if (highWord(x) <= 0x3fe921fb) return kernelSin(x, 0, 0);
  const n = reducePio2(x) & 3;
  if (n == 0) return kernelSin(reduced, reducedTail, 1);
  if (n == 1) return kernelCos(reduced, reducedTail);
  if (n == 2) return -kernelSin(reduced, reducedTail, 1);
  return -kernelCos(reduced, reducedTail);
}

/** cos(x) for trigInRange(x), as fdlibm's cos. */
export function cos(x: f64): f64 {
  if (highWord(x) <= 0x3fe921fb) return kernelCos(x, 0);
  const n = reducePio2(x) & 3;
  if (n == 0) return kernelCos(reduced, reducedTail);
  if (n == 1) return -kernelSin(reduced, reducedTail, 1);
  if (n == 2) return -kernelCos(reduced, reducedTail);
  return kernelSin(reduced, reducedTail, 1);
}

/** cos(x) of the last sinCos (sinCos returns the sine). */
export let cosine: f64 = 0;

/** sin(x), and cos(x) into `cosine`, for trigInRange(x): one argument reduction for both, each as fdlibm's. */
export function sinCos(x: f64): f64 {
  if (highWord(x) <= 0x3fe921fb) {
    cosine = kernelCos(x, 0);
    return kernelSin(x, 0, 0);
  }
  const n = reducePio2(x) & 3;
  const s = kernelSin(reduced, reducedTail, 1);
  const c = kernelCos(reduced, reducedTail);
  if (n == 0) {
    cosine = c;
    return s;
  }
  if (n == 1) {
    cosine = -s;
    return c;
  }
  if (n == 2) {
    cosine = -c;
    return -s;
  }
  cosine = s;
  return -c;
}
