import type { Strategy } from './types.js';

/** hyperfine's --reference: the start-up every strategy pays (flags parsed, this module loaded), no request, no HTTP library. */
export const prepare: Strategy = async () => ({ run: async () => ({ pools: 0, requests: 0 }), teardown: async () => {} });
