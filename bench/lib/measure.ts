import { cpus } from 'node:os';

/** Median, p95 and p99 of a sample of timings, in milliseconds. */
export function summarise(samplesMs: readonly number[]): { median_ms: number; p95_ms: number; p99_ms: number; n: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { median_ms: round(at(0.5)), p95_ms: round(at(0.95)), p99_ms: round(at(0.99)), n: sorted.length };
}

/** Times `work` `count` times after `warmup` untimed runs. */
export function timeEach(count: number, work: (i: number) => void, warmup = Math.min(100, count)): number[] {
  for (let i = 0; i < warmup; i++) work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    work(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

/** Times `work` (awaited, one at a time) `count` times after `warmup` untimed runs. */
export async function timeEachAsync(count: number, work: (i: number) => Promise<unknown>, warmup = Math.min(100, count)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

export function machine(): { cores: number; cpu: string; node: string; platform: string } {
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}

/**
 * How the relay benches' 8E1 line is had on a socat pty pair: the board simulators and the driver's frame gap and
 * wire times count 11 bits a character, while the port opens 8N1, because a Linux pty refuses parity (the driver
 * refuses a port that dropped it: createRelayBoard's emulateParity).
 */
export const PTY_LINE_TIMING_8E1 = '8E1 emulated (11 bits/char); pty opened 8N1: Linux ptys refuse parity';
