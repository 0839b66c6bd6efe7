/**
 * `npm run bench`: runs every benchmark and prints one markdown table (figure, median, spread, aim).
 * `--out FILE` also writes the table to FILE. `--only NAME` runs the benchmarks whose name contains NAME.
 * Benchmarks are measurements, not pass/fail tests.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchRow, Benchmark } from './bench-types.js';
import { bulkSimulationBenchmark } from './bulk-simulation.bench.js';
import { commitLatencyBenchmark } from './commit-latency.bench.js';
import { cxoneComposedBenchmark } from './cxone-composed.bench.js';
import { cxoneDialectBenchmark } from './cxone-dialect.bench.js';
import { desiredStateBenchmark } from './desired-state.bench.js';
import { emulatorBenchmark } from './emulator.bench.js';
import { rateLimitedChangeBenchmark } from './rate-limited-change.bench.js';
import { simulatorBenchmark } from './simulator.bench.js';
import { haBenchmark } from './ha.bench.js';
import { startupSweepBenchmarks } from './startup-sweep.bench.js';

const benchmarks: Benchmark[] = [simulatorBenchmark, bulkSimulationBenchmark, emulatorBenchmark, desiredStateBenchmark, commitLatencyBenchmark, ...startupSweepBenchmarks, rateLimitedChangeBenchmark, cxoneDialectBenchmark, cxoneComposedBenchmark, haBenchmark];

function parseArgs(argv: string[]): { out?: string; only?: string } {
  const result: { out?: string; only?: string } = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') result.out = argv[++i];
    else if (argv[i] === '--only') result.only = argv[++i];
  }
  return result;
}

function renderTable(rows: BenchRow[]): string {
  const lines = [
    '| benchmark | figure | median | spread (min–max) | runs | aim |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.benchmark} | ${r.figure} | ${r.median} | ${r.spread} | ${r.runs} | ${r.aim ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows: BenchRow[] = [];
  const selected = benchmarks.filter((bench) => !args.only || bench.name.includes(args.only));
  if (selected.length === 0) {
    process.stderr.write(`npm run bench: no benchmark matches --only ${args.only ?? ''}: use one of ${benchmarks.map((b) => b.name).join(', ')}\n`);
    process.exitCode = 1;
    return;
  }
  for (const bench of selected) {
    process.stderr.write(`running ${bench.name}…\n`);
    rows.push(...(await bench.run()));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n`;
  const table = header + renderTable(rows) + '\n';
  process.stdout.write(table);
  if (args.out) writeFileSync(args.out, table);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
