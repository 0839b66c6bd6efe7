import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const timerModule = fileURLToPath(new URL('../../../controller/lib/timer.js', import.meta.url));

/** How long a fresh node process that schedules `callback` on `timer` for 3 s lives, ms. */
async function lifetimeMs(timer: 'unrefTimer' | 'referencedTimer', cancel: boolean): Promise<{ ms: number; fired: boolean }> {
  const script = `const t = await import(${JSON.stringify(timerModule)});
const cancel = t.${timer}(() => { process.stdout.write('fired'); }, 3000);
${cancel ? 'cancel();' : ''}`;
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return { ms: performance.now() - started, fired: stdout === 'fired' };
}

describe('lib/timer', () => {
  it('unrefTimer never keeps the process alive on its own', async () => {
    const { fired } = await lifetimeMs('unrefTimer', false);
    expect(fired).to.equal(false);
  });

  it('referencedTimer keeps the process alive until it fires, and its cancel lets the process go', async () => {
    const kept = await lifetimeMs('referencedTimer', false);
    expect(kept.fired).to.equal(true);
    expect(kept.ms).to.be.at.least(3000);
    const cancelled = await lifetimeMs('referencedTimer', true);
    expect(cancelled.fired).to.equal(false);
  });
});
