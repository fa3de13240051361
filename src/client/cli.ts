#!/usr/bin/env node
// The `benchmark` launcher. hyperfine times whole processes: Node's compile cache (in the OS temp dir)
// spares V8 recompiling the client each run, and must be on before the client's code loads.
import module from 'node:module';

module.enableCompileCache?.();
// An empty BENCHMARK_* variable is unset (compose and .env files pass unset ones as empty):
// commander would otherwise read '' as the flag's value.
for (const name of Object.keys(process.env)) if (name.startsWith('BENCHMARK_') && process.env[name] === '') delete process.env[name];
// Read deep inside a run (where a thread pool starts): its spelling is checked here, before anything starts
// (only when set: an unset one adds no module load to every timed start-up).
if (process.env.BENCHMARK_SKIP_THREAD_CHECK !== undefined) {
  const { booleanFromEnvironment, fail, UsageError } = await import('../common/usage.js');
  try {
    booleanFromEnvironment('BENCHMARK_SKIP_THREAD_CHECK');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(error.message, 2);
  }
}
await import('./run-entry.js');
