/**
 * The emulated simulation endpoint: runs the real dialer simulator asynchronously on a worker pool,
 * on the campaign's operating profile and its current (or the proposed) settings.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { SimulationPool } from '../controller/simulation/index.js';
import type { Campaign, DialerSettings, Faults, Simulation } from './types.js';

const MAX_SIMULATIONS_KEPT = 10_000;
/** Replications per emulated simulation. */
export const SIMULATION_REPLICATIONS = 20;

export interface SimulationRunnerOptions {
  pool: SimulationPool;
  now: () => number;
  random: () => number;
  faults: () => Faults;
  /** Base seed; each simulation derives its own from it and a counter. */
  seed: number;
}

export class SimulationRunner {
  private readonly simulations = new Map<string, Simulation>();
  private readonly running = new Set<Promise<void>>();
  private counter = 0;

  constructor(private readonly options: SimulationRunnerOptions) {}

  get(id: string): Simulation | undefined {
    return this.simulations.get(id);
  }

  list(): Simulation[] {
    return [...this.simulations.values()];
  }

  clear(): void {
    this.simulations.clear();
    this.counter = 0;
  }

  /** Starts a simulation and returns it in state `running`. */
  start(campaign: Campaign, simulationType: string, durationSeconds: number, settings?: DialerSettings): Simulation {
    const { now } = this.options;
    this.counter += 1;
    const seed = (this.options.seed * 1_000_003 + this.counter) >>> 0;
    const simulation: Simulation = {
      id: randomUUID(),
      campaignId: campaign.id,
      simulationType,
      durationSeconds,
      status: 'running',
      dateCreated: new Date(now()).toISOString(),
    };
    this.simulations.set(simulation.id, simulation);
    if (this.simulations.size > MAX_SIMULATIONS_KEPT) {
      const oldest = this.simulations.keys().next().value;
      if (oldest !== undefined) this.simulations.delete(oldest);
    }
    const weights = (settings ?? campaign.predictiveDialerSettings).parameterWeights;
    const task = this.execute(simulation, { weights, profile: campaign.operatingProfile, durationSeconds, seed });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return simulation;
  }

  /** Waits for the simulations under way. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async execute(
    simulation: Simulation,
    input: { weights: DialerSettings['parameterWeights']; profile: Campaign['operatingProfile']; durationSeconds: number; seed: number },
  ): Promise<void> {
    const { faults, random, now, pool } = this.options;
    const { simulationDelayMs, simulationFailureRate } = faults();
    const fail = random() < simulationFailureRate;
    // Always yield first: the 202 answer reports `running`, as the real service does.
    await delay(simulationDelayMs);
    try {
      if (fail) throw new Error('the predictive engine could not complete the simulation (injected fault)');
      const summary = await pool.run({ ...input, replications: SIMULATION_REPLICATIONS });
      simulation.result = {
        model: summary.model,
        predictedAnswerRate: summary.answerRate.mean,
        predictedAbandonRate: summary.abandonRate.mean,
        abandonRateUpper95: summary.abandonRateUpper95,
        agentOccupancy: summary.occupancy.mean,
        predictionAccuracyRate: summary.predictionAccuracyRate,
        replications: summary.replications,
        durationSeconds: summary.durationSeconds,
        seed: summary.seed,
      };
      simulation.status = 'completed';
    } catch (error) {
      simulation.status = 'failed';
      simulation.error = error instanceof Error ? error.message : String(error);
    }
    simulation.dateCompleted = new Date(now()).toISOString();
  }
}
