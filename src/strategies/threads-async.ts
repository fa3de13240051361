import { onePoolStrategy } from './thread-pool.js';
import type { EventLoopWorkerData } from './event-loop-worker.js';
import type { Strategy } from './types.js';
import type { TaskOptions } from './worker-options.js';
import { shareOf, WorkerSlots } from './worker-slots.js';

const EVENT_LOOP_WORKER = new URL('./event-loop-worker.js', import.meta.url).href;

/**
 * One pool of W workers, as a Node service runs one event loop per core: all N requests are
 * submitted at once (no barrier), and each worker runs up to its share of C at once on its
 * own event loop, over its own undici Pool holding its share of the connections. The shares
 * add up to C and to the connections exactly (worker-slots.ts): piscina's own balancer would
 * give every worker ceil(C/W), so W * ceil(C/W) could be in flight.
 */
export const prepare: Strategy = (context) => {
  const workers = context.pools.size;
  const slots = new WorkerSlots(workers);
  const tasks = Math.min(context.options.chunk, context.options.requests);
  const capOf = (threadId: number): number => {
    const index = slots.indexOf(threadId);
    // piscina hands tasks to a worker still loading its module, before it has claimed its
    // index: until then it gets the smallest share (at least 1: there are no more workers than C).
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
