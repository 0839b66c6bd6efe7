/**
 * Rows of the simulator benchmark that compare, on the same replications, the current models
 * (dialer-des/v2 and pc-v2: ziggurat draws) with the old ones on the same engine (v1 and pc-v1)
 * and with the first engine (kept in test/support/reference-engine/): events per CPU second of
 * the process (less disturbed by other load than wall time) and the ratios, run i of each on the
 * same seeds (REPLICATIONS_PER_RUN replications), alternating.
 */
import { DEFAULT_PROFILE, PcDialer, resolvePcSettings, runReplication } from '../../controller/simulation/index.js';
import type { PcModelId } from '../../controller/simulation/index.js';
import { ReferencePcDialer } from '../support/reference-engine/pc-dialer.js';
import { referenceReplication } from '../support/reference-engine/reference-replication.js';
import type { BenchRow } from './bench-types.js';
import { median, spread } from './stats.js';

const RUNS = 15;
/**
 * Replications per run: one 8-hour replication is ~8 ms of CPU, short enough that scheduling on a
 * shared machine spreads single-replication figures widely; runs of 8 halved the interquartile
 * range and left the median where it was (docs/architecture.md "The simulator").
 */
const REPLICATIONS_PER_RUN = 8;
/** Warm-up by CPU time: the hot loop is large and its optimised compile takes long on a loaded machine. */
const WARM_UP_CPU_MS = 4000;
const EIGHT_HOURS = 28_800;
const PROFILE = { ...DEFAULT_PROFILE, agents: 100 };
const PC_SETTINGS = resolvePcSettings({ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' });

type Variant = 'current' | 'old' | 'first';

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Events per CPU second of each variant, run i of all on the same seeds, alternating (after a warm-up of all). */
function measure(runs: Record<Variant, (seed: number) => number>): Record<Variant, number[]> {
  const variants = Object.keys(runs) as Variant[];
  const warmUpStart = cpuMs();
  for (let seed = 100; cpuMs() - warmUpStart < WARM_UP_CPU_MS; seed += 1) for (const which of variants) runs[which](seed);
  const rates = { current: [] as number[], old: [] as number[], first: [] as number[] };
  for (let run = 0; run < RUNS; run += 1) {
    for (const which of variants) {
      const started = cpuMs();
      let events = 0;
      for (let replication = 0; replication < REPLICATIONS_PER_RUN; replication += 1) events += runs[which](5000 + run * REPLICATIONS_PER_RUN + replication);
      const elapsed = cpuMs() - started;
      rates[which].push(events / (elapsed / 1000));
    }
  }
  return rates;
}

function rows(current: string, old: string, rates: Record<Variant, number[]>, aim?: string): BenchRow[] {
  const perSecond = (value: number): string => `${(value / 1e6).toFixed(2)} M events/CPU s`;
  const ratio = (over: number[], under: number[]): number[] => over.map((rate, index) => rate / under[index]!);
  const times = (n: number): string => `${n.toFixed(2)}×`;
  const row = (figure: string, values: number[], format: (n: number) => string, rowAim?: string): BenchRow => ({
    benchmark: 'simulator', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, aim: rowAim,
  });
  return [
    row(`${current}: events per CPU second (100 agents, 8 h)`, rates.current, perSecond, aim),
    row(`${old} on the same engine: events per CPU second`, rates.old, perSecond),
    row(`${old} on the first engine (one heap): events per CPU second`, rates.first, perSecond),
    row(`${current} / ${old} on the same engine (run i vs run i)`, ratio(rates.current, rates.old), times),
    row(`${current} / ${old} on the first engine (run i vs run i)`, ratio(rates.current, rates.first), times),
  ];
}

function pcEvents(model: PcModelId, seed: number): number {
  const dialer = new PcDialer(PC_SETTINGS, PROFILE, seed, model);
  dialer.advanceTo(EIGHT_HOURS);
  dialer.finishAt(EIGHT_HOURS);
  return dialer.counts.events;
}

export function engineSpeedRows(): BenchRow[] {
  const v1 = measure({
    current: (seed) => runReplication({}, PROFILE, EIGHT_HOURS, seed, 'dialer-des/v2').events,
    old: (seed) => runReplication({}, PROFILE, EIGHT_HOURS, seed, 'dialer-des/v1').events,
    first: (seed) => referenceReplication({}, PROFILE, EIGHT_HOURS, seed).events,
  });
  const pc = measure({
    current: (seed) => pcEvents('dialer-des/pc-v2', seed),
    old: (seed) => pcEvents('dialer-des/pc-v1', seed),
    first: (seed) => {
      const dialer = new ReferencePcDialer(PC_SETTINGS, PROFILE, seed);
      dialer.advanceTo(EIGHT_HOURS);
      dialer.finishAt(EIGHT_HOURS);
      return dialer.counts.events;
    },
  });
  return [...rows('dialer-des/v2', 'dialer-des/v1', v1, '≥ 15 M events/s (issue 16)'), ...rows('dialer-des/pc-v2', 'dialer-des/pc-v1', pc)];
}
