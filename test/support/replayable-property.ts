/**
 * Property runs with a recorded, replayable seed: a fresh random seed each run (so every run tries
 * new inputs), printed before the run, and a failure that says how to re-run exactly it:
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path>` replays the shrunk counterexample first.
 */
import fc from 'fast-check';

export interface ReplayableRun {
  seed: number;
  path?: string;
}

/** The run's seed and path: FUZZ_SEED / FUZZ_PATH when set, else a new random seed. */
export function replayableRun(env: NodeJS.ProcessEnv = process.env): ReplayableRun {
  const given = env.FUZZ_SEED?.trim();
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${given}"`);
    return { seed, ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}) };
  }
  return { seed: Math.floor(Math.random() * 0x7fff_ffff) };
}

/** Runs `property` `numRuns` times from `run`; throws naming the seed and path to replay it. */
export async function assertReplayable<T>(
  what: string,
  property: fc.IAsyncPropertyWithHooks<T>,
  options: { numRuns: number; run?: ReplayableRun; print?: (line: string) => void },
): Promise<void> {
  const run = options.run ?? replayableRun();
  (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(`      ${what}: seed ${run.seed} (replay with FUZZ_SEED=${run.seed})`);
  const details = await fc.check(property, { numRuns: options.numRuns, seed: run.seed, ...(run.path ? { path: run.path } : {}) });
  if (!details.failed) return;
  const replay = `FUZZ_SEED=${details.seed}${details.counterexamplePath ? ` FUZZ_PATH=${details.counterexamplePath}` : ''}`;
  throw new Error(`${what} failed; replay exactly this run with ${replay}\n${fc.defaultReportMessage(details) ?? ''}`);
}
