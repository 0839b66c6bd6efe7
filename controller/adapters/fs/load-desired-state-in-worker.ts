/**
 * `loadDesiredState` on a worker thread (docs/architecture.md, "Loading off the event loop"):
 * reading, parsing and validating thousands of campaign files takes seconds of CPU, which on the
 * main thread would hold every `/healthz` answer that long. One short-lived thread per load; its
 * heap is released when it exits. The same result as `loadDesiredState`, or the same error.
 */
import { Worker } from 'node:worker_threads';
import { createLoadedDesiredStateCollector, type DesiredStateThreadInput, type DesiredStateThreadMessage } from './desired-state-thread-protocol.js';
import type { LoadedDesiredState } from './load-desired-state.js';
import type { ReadDesiredStateOptions } from './read-desired-state.js';

/** Items per message: a slice is received in well under a millisecond. */
const SLICE_SIZE = 250;
/** The loader thread's young generation (its two semi-spaces and more), MB. */
const YOUNG_GENERATION_MB = 16;

export function loadDesiredStateInWorker(dir: string, options: ReadDesiredStateOptions = {}): Promise<LoadedDesiredState> {
  const input: DesiredStateThreadInput = { dir, options, sliceSize: SLICE_SIZE };
  // No node flags: a worker refuses V8 ones (--max-semi-space-size, …) and needs none of the others.
  // A small young generation: the thread's garbage is short-lived (a file's parse tree), and its
  // default of 48 MB would sit in the RSS next to the main thread's (docs/architecture.md, "Scale").
  const worker = new Worker(new URL('./desired-state-thread.js', import.meta.url), { workerData: input, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const collector = createLoadedDesiredStateCollector();
  return new Promise<LoadedDesiredState>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: DesiredStateThreadMessage) => {
      try {
        const loaded = collector.take(message);
        if (loaded) settle(() => resolve(loaded));
        // Ask for the next slice only after timers and I/O (a /healthz answer) have had their turn.
        else setImmediate(() => worker.postMessage('next'));
      } catch (error) {
        settle(() => reject(error as Error));
      }
    });
    worker.on('error', (error: Error) => settle(() => reject(new Error(`the desired-state loader thread failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code: number) => settle(() => reject(new Error(`the desired-state loader thread exited with code ${code} before it finished`))));
  });
}
