// Moved to src/strategies/limits.ts; this re-export keeps src/suite/cli.ts compiling until the merge removes it.
export { MAX_CONNECTIONS } from '../strategies/limits.js';
