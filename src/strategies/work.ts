import { hash } from 'node:crypto';
import { isMainThread } from 'node:worker_threads';
import type { Gauge } from './gauge.js';

/**
 * --work-ms: fixed, deterministic CPU work after each verified response, standing for what a handler
 * does with an answer. One unit is a SHA-256 of a 1 KiB block, its digest written back into the block
 * (no round can be skipped or cached), every call from the same block. Native code costs the same in a
 * fresh isolate as on the warm main thread (a JavaScript loop would wait for the JIT). Synchronous, on
 * the calling thread, never on libuv's pool.
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
 * CPU time this thread has used, in microseconds; null where Node cannot tell threads apart (no
 * process.threadCpuUsage before Node 23.9). Linux's per-thread figure (RUSAGE_THREAD) leaves out the
 * time since the scheduler last accounted the thread: around 0.3 ms calls in a thread that sleeps
 * between them it read a tenth of their time. Reading the process's (RUSAGE_SELF) first brings the
 * thread's account up to date.
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
 * The work of one verified response, its CPU time measured around the call on the thread doing it
 * and added to the shared gauge: the outcome reports its real cost and where it ran. Where Node
 * cannot tell threads apart nothing is measured, rather than the whole process's CPU.
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
 * Units of work per CPU millisecond on this thread, measured once per run before the clock. CPU time,
 * not wall time: preemption on a busy machine does not slow the work, so MS means "MS ms on one idle
 * core". The median of a few rounds after a warm-up: the best round overstated what a run sustains,
 * and one round varies by a fifth between processes, which is why a sweep calibrates once and hands
 * the rate to every invocation (--work-units-per-ms).
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
