import { onePoolStrategy } from './thread-pool.js';
import type { EventLoopWorkerData } from './event-loop-worker.js';
import type { Strategy } from './types.js';
import type { TaskOptions } from './worker-options.js';
import { shareOf, WorkerSlots } from './worker-slots.js';

const EVENT_LOOP_WORKER = new URL('./event-loop-worker.js', import.meta.url).href;

/**
 * One pool of W workers, as a Node service runs an event loop per core: all N submitted at once (no
 * barrier), each worker running up to its share of C over its own undici Pool with its share of the
 * connections. The shares add up exactly (worker-slots.ts); piscina's balancer would allow W * ceil(C/W).
 */
export const prepare: Strategy = (context) => {
  const workers = context.pools.size;
  const slots = new WorkerSlots(workers);
  const tasks = Math.min(context.options.chunk, context.options.requests);
  const capOf = (threadId: number): number => {
    const index = slots.indexOf(threadId);
    // A worker still loading its module has no index yet: the smallest share until then (at least 1: W <= C).
    return index === undefined ? Math.floor(tasks / workers) : shareOf(tasks, workers, index);
  };
  // The worker with the most free places in its share (piscina's least-busy, within shares).
  const loadBalancer: NonNullable<TaskOptions['loadBalancer']> = (_task, candidates) => {
    let best: (typeof candidates)[number] | null = null;
    let mostFree = 0;
    for (const worker of candidates) {
      const free = capOf(worker.id) - worker.currentUsage;
      if (free > mostFree) {
        best = worker;
        mostFree = free;
      }
    }
    return best;
  };
  const workerData: EventLoopWorkerData = { workers, connections: context.connections, slotsBuffer: slots.buffer };
  return onePoolStrategy((pool, { numbers }) => pool.runAll(numbers), {
    file: EVENT_LOOP_WORKER,
    workerData: { ...workerData },
    tasks: { concurrentTasksPerWorker: Math.ceil(tasks / workers), loadBalancer },
  })(context);
};
