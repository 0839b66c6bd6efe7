import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { limitHeapGrowth } from '../../../controller/lib/heap-growth.js';

const run = promisify(execFile);
const HEAP_GROWTH = new URL('../../../controller/lib/heap-growth.js', import.meta.url).href;

/**
 * The largest heap (MB) of a node that holds 15 MB live while it makes garbage that lives long
 * enough to leave the young generation (30 to 60 MB of it at a time), as a sweep's audit records
 * do; with `limit`, after `limitHeapGrowth()`.
 */
async function peakHeapMb(limit: boolean): Promise<number> {
  const script = `
    ${limit ? `(await import(${JSON.stringify(HEAP_GROWTH)})).limitHeapGrowth();` : ''}
    const live = Array.from({ length: 5000 }, (_, i) => ({ name: 'c' + i, text: 'x'.repeat(3000) + i }));
    let recent = []; let peak = 0;
    for (let round = 0; round < 160; round += 1) {
      for (let i = 0; i < 500; i += 1) recent.push(JSON.stringify(live[(round * 500 + i) % live.length]));
      if (recent.length > 20000) recent = recent.slice(10000);
      await new Promise((resolve) => setImmediate(resolve));
      peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(peak / 1048576);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

describe('the controller heap growth (lib/heap-growth.ts)', () => {
  it('keeps the heap of a garbage-making process well below what node grows it to by default', async () => {
    const [unlimited, limited] = await Promise.all([peakHeapMb(false), peakHeapMb(true)]);
    expect(limited, `peak heap ${limited.toFixed(0)} MB limited, ${unlimited.toFixed(0)} MB by default`).to.be.lessThan(unlimited * 0.8);
  });

  it('leaves a --heap-growing-percent given to node alone', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'])).to.equal(false);
    expect(limitHeapGrowth(['--heap_growing_percent=50'])).to.equal(false);
  });
});
