import { onePoolStrategy } from './thread-pool.js';

/** One pool of N threads, all N requests submitted at once: N requests really in flight together. */
export const prepare = onePoolStrategy((pool, { numbers }) => pool.runAll(numbers));
