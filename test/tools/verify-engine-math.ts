/**
 * `npm run verify:engine-math`: the call engine's sine and cosine against Math.sin and Math.cos on
 * every Box–Muller angle model v1 and pc-v1 can draw, 2π · (w · 2^-32) for all 2^32 words w (about
 * five minutes on one core). Run it on each Node major the project supports: a V8 that changed
 * Math.sin or Math.cos would show here (docs/architecture.md, "The simulator").
 */
import { engineMath } from '../../controller/simulation/call-engine.js';

const { trigMismatches } = engineMath();
const WORDS = 2 ** 32;
const CHUNK = 2 ** 26;
const started = Date.now();
let mismatches = 0;
for (let from = 0; from < WORDS; from += CHUNK) {
  mismatches += trigMismatches(from, from + CHUNK);
  if (process.stdout.isTTY) process.stdout.write(`\r${((100 * (from + CHUNK)) / WORDS).toFixed(0)}% of the 2^32 angles, ${mismatches} mismatches`);
}
if (process.stdout.isTTY) process.stdout.write('\n');
console.log(`${mismatches} of ${2 * WORDS} sines and cosines differ from Math's (Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exitCode = mismatches === 0 ? 0 : 1;
