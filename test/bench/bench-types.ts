/** One row of the benchmark report. */
export interface BenchRow {
  benchmark: string;
  figure: string;
  median: string;
  spread: string;
  runs: number;
  aim?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}
