/**
 * Rows of the simulator benchmark that compare the call engine with the first engine (kept in
 * test/support/reference-engine/) on the same replications: events per CPU second of the process
 * (less disturbed by other load than wall time) and the ratio, for dialer-des/v1 and pc-v1.
 */
import { DEFAULT_PROFILE, PcDialer, resolvePcSettings, runReplication } from '../../controller/simulation/index.js';
import { ReferencePcDialer } from '../support/reference-engine/pc-dialer.js';
import { referenceReplication } from '../support/reference-engine/reference-replication.js';
import type { BenchRow } from './bench-types.js';
import { median, spread } from './stats.js';

const RUNS = 9;
const WARM_UP_RUNS = 2;
const EIGHT_HOURS = 28_800;
const PROFILE = { ...DEFAULT_PROFILE, agents: 100 };
const PC_SETTINGS = resolvePcSettings({ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' });

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Events per CPU second of each engine, run i of both on the same seed, alternating. */
function measure(runs: Record<'engine' | 'first', (seed: number) => number>): Record<'engine' | 'first', number[]> {
  const rates = { engine: [] as number[], first: [] as number[] };
  for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
    for (const which of ['engine', 'first'] as const) {
      const started = cpuMs();
      const events = runs[which](5000 + run);
      const elapsed = cpuMs() - started;
      if (run >= 0) rates[which].push(events / (elapsed / 1000));
    }
  }
  return rates;
}

function rows(model: string, rates: Record<'engine' | 'first', number[]>, aim?: string): BenchRow[] {
  const perSecond = (value: number): string => `${(value / 1e6).toFixed(2)} M events/CPU s`;
  const ratios = rates.engine.map((rate, index) => rate / rates.first[index]!);
  const row = (figure: string, values: number[], format: (n: number) => string, rowAim?: string): BenchRow => ({
    benchmark: 'simulator', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, aim: rowAim,
  });
  return [
    row(`${model}: call engine, events per CPU second (100 agents, 8 h)`, rates.engine, perSecond, aim),
    row(`${model}: first engine (one heap), events per CPU second`, rates.first, perSecond),
    row(`${model}: call engine / first engine (run i vs run i)`, ratios, (n) => `${n.toFixed(2)}×`),
  ];
}

export function engineSpeedRows(): BenchRow[] {
  const v1 = measure({
    engine: (seed) => runReplication({}, PROFILE, EIGHT_HOURS, seed).events,
    first: (seed) => referenceReplication({}, PROFILE, EIGHT_HOURS, seed).events,
  });
  const pc = measure({
    engine: (seed) => {
      const dialer = new PcDialer(PC_SETTINGS, PROFILE, seed);
      dialer.advanceTo(EIGHT_HOURS);
      dialer.finishAt(EIGHT_HOURS);
      return dialer.counts.events;
    },
    first: (seed) => {
      const dialer = new ReferencePcDialer(PC_SETTINGS, PROFILE, seed);
      dialer.advanceTo(EIGHT_HOURS);
      dialer.finishAt(EIGHT_HOURS);
      return dialer.counts.events;
    },
  });
  return [...rows('dialer-des/v1', v1, '≥ 15 M events/s (issue 16)'), ...rows('dialer-des/pc-v1', pc)];
}
