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
  /**
   * From the moment the strategy handed the request over (issued on the event loop, or
   * submitted to the thread pool) to its verified answer back on the main thread: any wait
   * for a free connection or a (starting) thread counts, and so does --work-ms's work.
   */
  latencyMs: number;
  /** performance.now() on the main thread when the verified answer was back: latency from the run's start is taken from it. */
  answeredAt: number;
}

/**
 * The largest body an honest answer can have: `{"result": 2N}` is under 30 bytes, error
 * bodies about 100. undici checks it while the body streams in (maxResponseSize), so a
 * server sending hundreds of megabytes fails that request instead of filling the memory.
 */
export const MAX_RESPONSE_BYTES = 1024;

export interface RequestSettings {
  timeoutMs: number;
  /**
   * The fixed CPU work done after each verified response: where the response lands, or
   * handed to a pool of worker threads and awaited (async-offload).
   */
  work?: () => void | Promise<unknown>;
}

/**
 * Options of every undici dispatcher of the strategies (a worker's Client, an event loop's
 * Pool): HTTP/1.1 (the bundle leaves undici's HTTP/2 client out: scripts/bundle.mjs), one
 * request per connection at a time, the body bounded, and --timeout the only bound on a
 * request (undici's own header and body timeouts, 300 s by default, would otherwise cut a
 * longer --timeout short).
 */
export function dispatcherOptions(timeoutMs: number): { allowH2: false; pipelining: number; maxResponseSize: number; headersTimeout: number; bodyTimeout: number } {
  return { allowH2: false, pipelining: 1, maxResponseSize: MAX_RESPONSE_BYTES, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
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

const WARMUP_HEADERS = { [WARMUP_HEADER]: '1' };

/**
 * The one request function, shared by the worker threads and the async strategies:
 * `GET /multiply?number=n`, verified (status 200 and result === 2n), then the CPU work.
 * A warm-up request takes the same path, marked with WARMUP_HEADER. Never throws.
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
        // Only work handed to a thread pool can fail (its worker died).
        return { ok: false, error: `worker failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: explain(error, settings.timeoutMs) };
  }
}

/**
 * Hands one request over and times it on the main thread, the same way for every
 * strategy: `send` issues it on the event loop or submits it to a thread pool. The gauge
 * counts it in flight from here until its answer is back. `since` (performance.now())
 * dates the hand-over earlier: a thread pool created for these requests.
 */
export async function handOver(gauge: Gauge, send: () => Promise<Verdict>, since?: number): Promise<RequestResult> {
  gauge.requestStarted();
  const start = since ?? performance.now();
  let verdict: Verdict;
  try {
    verdict = await send();
  } catch (error) {
    // Only a thread pool rejects (a worker died): the request function itself never throws.
    verdict = { ok: false, error: `worker failed: ${error instanceof Error ? error.message : String(error)}` };
  }
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
 * Sends `count` warm-up requests through `send`, at most `lanes` at once, numbered 0..count-1
 * as a run's are. Stops at the first that fails: the timed requests will meet the same
 * problem and report it, counted, instead of a warm-up that waits out every timeout.
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
