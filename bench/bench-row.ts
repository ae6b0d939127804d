/** One line of benchmark output: what was measured and how many times per second it ran. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  note?: string;
}
