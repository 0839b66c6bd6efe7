/**
 * A simulation pool for one bulk run (`plan --simulate` on either dialect): created and warmed
 * (SimulationPool.warmUp) before the run reads the live state and the audit history, so the
 * workers compile their hot loop while those requests are in flight (docs/architecture.md "The
 * simulator"), and closed when the run ends, whether it succeeded or not.
 */
import { createSimulationPool, type SimulationPool, type SimulationPoolOptions } from './simulation-pool.js';

/** Makes a pool (createSimulationPool unless a caller passes another). */
export type CreateSimulationPool = (options: SimulationPoolOptions) => SimulationPool;

/**
 * Runs `body` with a warmed pool of `size` workers when `wanted`, else with none (no thread is
 * started), and closes the pool after it, also when it throws.
 */
export async function withWarmPool<T>(
  wanted: boolean,
  size: number,
  body: (pool: SimulationPool | undefined) => Promise<T>,
  createPool: CreateSimulationPool = createSimulationPool,
): Promise<T> {
  const pool = wanted ? createPool({ size }) : undefined;
  pool?.warmUp();
  try {
    return await body(pool);
  } finally {
    await pool?.close();
  }
}
