// One load generator for every server in a run: wrk when installed, else autocannon.
import autocannon from 'autocannon';
import { capture, hasCommand } from './processes.ts';

export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  requestsPerSecond: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  connections: number;
  seconds: number;
}

const useWrk = hasCommand('wrk');

export async function generateLoad(port: number, connections: number, seconds: number): Promise<LoadResult> {
  const url = `http://127.0.0.1:${port}/multiply?number=21`;
  if (useWrk) {
    const threads = Math.min(2, connections);
    const out = await capture('bash', ['-c', `ulimit -n 65536 2>/dev/null; exec wrk -t${threads} -c${connections} -d${seconds}s --timeout 10s '${url}'`]);
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    return { tool: 'wrk', requestsPerSecond: rps, requests, errors: socketErrors + non2xx, connections, seconds };
  }
  const result = await autocannon({ url, connections, duration: seconds, timeout: 10 });
  return {
    tool: 'autocannon',
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    connections,
    seconds,
  };
}
