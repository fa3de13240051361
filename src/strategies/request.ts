import type { Dispatcher } from 'undici';
import { WARMUP_HEADER } from '../common/warmup-header.js';
import type { Gauge } from './gauge.js';

/** What the one request function says about one request (posted back by a worker thread as is). */
export interface Verdict {
  ok: boolean;
  /** Why a failed request failed: short and stable, so equal failures group together. */
  error?: string;
}

export interface RequestResult extends Verdict {
  /** From the hand-over (issued on the event loop, or submitted to the pool) to the verified answer on the main thread: waits for a connection, a starting thread and --work-ms's work included. */
  latencyMs: number;
  /** performance.now() on the main thread at the verified answer: latency from the run's start is taken from it. */
  answeredAt: number;
}

/** The largest honest body (`{"result": 2N}` is under 30 bytes, errors about 100): undici checks it while streaming, so a flood fails one request instead of filling memory. */
const MAX_RESPONSE_BYTES = 1024;

export interface RequestSettings {
  timeoutMs: number;
  /** The fixed CPU work after each verified response: where the response lands, or handed to a pool and awaited (async-offload). */
  work?: () => void | Promise<unknown>;
}

/**
 * Every dispatcher's options (a worker's Client, an event loop's Pool): HTTP/1.1 (the bundle leaves
 * undici's HTTP/2 out: scripts/bundle.mjs), one request per connection at a time, the body bounded,
 * and --timeout the only bound (undici's own 300 s header and body timeouts would cut a longer one short).
 */
export function dispatcherOptions(timeoutMs: number): { allowH2: false; pipelining: number; maxResponseSize: number; headersTimeout: number; bodyTimeout: number } {
  return { allowH2: false, pipelining: 1, maxResponseSize: MAX_RESPONSE_BYTES, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
}

/** The settings of a request path; --work-ms's work is loaded only when asked for. */
export async function requestSettings(timeoutMs: number, workUnits: number, gauge: Gauge): Promise<RequestSettings> {
  if (!(workUnits > 0)) return { timeoutMs };
  const { measuredWork } = await import('./work.js');
  return { timeoutMs, work: measuredWork(workUnits, gauge) };
}

function explain(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const code = (error as { code?: unknown }).code;
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return `response larger than ${MAX_RESPONSE_BYTES} bytes`;
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof cause === 'string') return cause;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Only work handed to a thread pool can fail this way: its worker died. */
const workerFailed = (error: unknown): Verdict => ({ ok: false, error: `worker failed: ${error instanceof Error ? error.message : String(error)}` });

const WARMUP_HEADERS = { [WARMUP_HEADER]: '1' };

/**
 * The one request function of worker threads and event loop alike: `GET /multiply?number=n`,
 * verified (200 and result === 2n), then the CPU work. A warm-up takes the same path, marked
 * with WARMUP_HEADER. Never throws.
 */
export async function multiply(dispatcher: Dispatcher, n: number, settings: RequestSettings, warmup = false): Promise<Verdict> {
  try {
    const { statusCode, body } = await dispatcher.request({
      method: 'GET',
      path: `/multiply?number=${n}`,
      signal: AbortSignal.timeout(settings.timeoutMs),
      ...(warmup ? { headers: WARMUP_HEADERS } : {}),
    });
    const text = await body.text();
    if (statusCode !== 200) return { ok: false, error: `HTTP ${statusCode}` };
    let result: unknown;
    try {
      result = (JSON.parse(text) as { result?: unknown }).result;
    } catch {
      return { ok: false, error: 'response is not JSON' };
    }
    if (result !== 2 * n) return { ok: false, error: 'wrong result' };
    // A warm-up runs the request path, not the work: hashing costs the same cold or warm, and K
    // warm-ups of it would add K x --work-ms of CPU per thread before the clock.
    if (settings.work && !warmup) {
      try {
        await settings.work();
      } catch (error) {
        return workerFailed(error);
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: explain(error, settings.timeoutMs) };
  }
}

/**
 * Hands one request over (`send`: issue it on the event loop, or submit it to a pool) and times it
 * on the main thread, the gauge counting it in flight until its answer is back. `since`
 * (performance.now()) dates the hand-over earlier: a pool created for these requests.
 */
export async function handOver(gauge: Gauge, send: () => Promise<Verdict>, since?: number): Promise<RequestResult> {
  gauge.requestStarted();
  const start = since ?? performance.now();
  // Only a thread pool rejects: the request function itself never throws.
  const verdict = await send().catch(workerFailed);
  gauge.requestEnded();
  const answeredAt = performance.now();
  return { ...verdict, latencyMs: answeredAt - start, answeredAt };
}

/** One GET /health: opens a connection before the clock without counting as a /multiply request. */
export async function openConnection(dispatcher: Dispatcher, timeoutMs: number): Promise<void> {
  try {
    const { body } = await dispatcher.request({ method: 'GET', path: '/health', signal: AbortSignal.timeout(timeoutMs) });
    await body.dump();
  } catch {
    // The timed requests will meet the same problem and report it, counted.
  }
}

/**
 * Sends `count` warm-ups numbered 0..count-1, at most `lanes` at once, stopping at the first that
 * fails: the timed requests report the problem, counted, instead of a warm-up waiting out every timeout.
 */
export async function warmUp(send: (n: number) => Promise<Verdict>, count: number, lanes: number): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < count) {
      if (!(await send(next++)).ok) failed = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, count)) }, lane));
}
