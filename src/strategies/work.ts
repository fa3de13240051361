import { hash } from 'node:crypto';
import { isMainThread } from 'node:worker_threads';
import type { Gauge } from './gauge.js';

/**
 * --work-ms: a fixed, deterministic amount of CPU-bound work after each verified response,
 * standing for what a handler does with an answer (parse, validate, transform, hash).
 * One unit is a SHA-256 of a 1 KiB block whose digest is written back into the block, so
 * no round can be skipped or cached; every call starts from the same block, so it is the
 * same computation each time. Native code: it costs the same in a fresh worker isolate as
 * on the long-warm main thread (a JavaScript loop would not, until the JIT had warmed up).
 * It runs synchronously on the calling thread, never on libuv's pool.
 */
const BLOCK_BYTES = 1024;
const DIGEST_BYTES = 32;
const block = Buffer.alloc(BLOCK_BYTES);

export function doWork(units: number): void {
  block.fill(0);
  for (let i = 0; i < units; i++) {
    hash('sha256', block, 'buffer').copy(block, (i * DIGEST_BYTES) % BLOCK_BYTES);
  }
}

/**
 * CPU time this thread has used, in microseconds, exact to the moment; null where Node cannot
 * tell threads apart (no process.threadCpuUsage before Node 23.9).
 *
 * Linux's per-thread figure (getrusage RUSAGE_THREAD, what threadCpuUsage reads) leaves out
 * the time run since the scheduler last accounted this thread (a tick, or a switch): around
 * a call of 0.3 ms in a thread that sleeps between calls it read about a tenth of the time
 * the calls took, the rest booked to the sleep that follows. The whole process's figure
 * (RUSAGE_SELF, process.cpuUsage) first brings the calling thread's account up to date, so
 * reading it just before makes the thread's exact.
 */
function threadCpuMicros(): number | null {
  if (!process.threadCpuUsage) return null;
  process.cpuUsage();
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
}

/** CPU time this thread has used, in milliseconds (the whole process's where Node cannot tell threads apart). */
function threadCpuMs(): number {
  const micros = threadCpuMicros();
  if (micros !== null) return micros / 1000;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The work of one verified response, its CPU time measured on the thread that does it
 * (threadCpuMicros around the call) and added to the gauge, which every thread of the run
 * shares: the outcome then reports the work's real cost per response and where it ran, not
 * the nominal --work-ms. Where Node cannot tell threads apart nothing is measured, rather
 * than the whole process's CPU.
 */
export function measuredWork(units: number, gauge: Gauge): () => void {
  if (threadCpuMicros() === null) return () => doWork(units);
  return () => {
    const before = threadCpuMicros() as number;
    doWork(units);
    gauge.addWorkCpu((threadCpuMicros() as number) - before, isMainThread);
  };
}

/**
 * Units of work per millisecond of CPU on this thread, measured now (once per run, before
 * the clock starts). CPU time rather than wall time: a busy machine that preempts this
 * thread does not make the work look slower, so MS means "MS ms on one idle core".
 * The median of a few short rounds, after a warm-up round: the best round overstated the
 * rate a run sustains, and a single round's rate varies by a fifth here from one process to
 * the next. That variation is why a sweep calibrates once and hands the rate to every
 * invocation (--work-units-per-ms): every strategy at a point then does the same work.
 */
export function calibrateWork(roundMs = 20, rounds = 5): number {
  doWork(100);
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let units = 0;
    const start = threadCpuMs();
    let spent = 0;
    while (spent < roundMs) {
      doWork(100);
      units += 100;
      spent = threadCpuMs() - start;
    }
    rates.push(units / spent);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

/** The units that take about `ms` on one idle core at the calibrated rate (at least one when ms > 0). */
export function unitsFor(ms: number, unitsPerMs: number): number {
  return ms > 0 ? Math.max(1, Math.round(ms * unitsPerMs)) : 0;
}
