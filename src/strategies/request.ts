import type { Dispatcher } from 'undici';
import type { Gauge } from './gauge.js';

export interface RequestResult {
  ok: boolean;
  /** From issuing the request (including any wait for a free pooled connection) to the verified body. */
  latencyMs: number;
  /** Why a failed request failed: short and stable, so equal failures group together. */
  error?: string;
}

function explain(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const code = (error as { code?: unknown }).code;
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof cause === 'string') return cause;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * The one request function, shared by the worker threads and the async strategies:
 * `GET /multiply?number=n`, verified (status 200 and result === 2n). Never throws.
 */
export async function multiply(dispatcher: Dispatcher, n: number, timeoutMs: number, gauge: Gauge): Promise<RequestResult> {
  gauge.requestStarted();
  const start = performance.now();
  const done = (error?: string): RequestResult =>
    error === undefined ? { ok: true, latencyMs: performance.now() - start } : { ok: false, latencyMs: performance.now() - start, error };
  try {
    const { statusCode, body } = await dispatcher.request({
      method: 'GET',
      path: `/multiply?number=${n}`,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await body.text();
    if (statusCode !== 200) return done(`HTTP ${statusCode}`);
    let result: unknown;
    try {
      result = (JSON.parse(text) as { result?: unknown }).result;
    } catch {
      return done('response is not JSON');
    }
    return result === 2 * n ? done() : done('wrong result');
  } catch (error) {
    return done(explain(error, timeoutMs));
  } finally {
    gauge.requestEnded();
  }
}
