// A StrategyContext for driving the bundled thread pool directly (bench/), outside the CLI.
import { ROOT } from './processes.ts';
import type { StrategyContext } from '../../src/strategies/types.ts';
import type { RequestResult } from '../../src/strategies/request.ts';

export const { Gauge } = (await import(`${ROOT}dist/client/gauge.js`)) as typeof import('../../src/strategies/gauge.ts');
export const { createThreadPool } = (await import(`${ROOT}dist/client/thread-pool.js`)) as typeof import('../../src/strategies/thread-pool.ts');

export function threadContext(size: number, origin: string, record: (result: RequestResult) => void = () => {}): StrategyContext {
  return {
    strategy: 'bench',
    pools: { count: 1, size },
    connections: size,
    options: { origin, requests: size, chunk: size, connections: size, workers: size, timeoutMs: 10_000, warm: false, warmRequests: 0, workUnits: 0 },
    numbers: [],
    gauge: new Gauge(),
    record,
    addThreadStartup: () => {},
  };
}
