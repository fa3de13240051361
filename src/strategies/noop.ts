import type { Strategy } from './types.js';

/**
 * Reference for hyperfine's --reference: the CLI starts, parses its flags, loads this
 * module and exits, with no request and no HTTP library loaded. Its time is the
 * start-up every other strategy pays too (they add their library's load on top).
 */
export const prepare: Strategy = async () => ({ run: async () => ({ pools: 0, requests: 0 }), teardown: async () => {} });
