#!/usr/bin/env node
// The `benchmark` launcher. hyperfine times whole processes, so start-up is part of every
// figure: Node's compile cache (kept across runs, in the OS temp dir) spares V8 from
// recompiling the client on each run; it must be on before the client's code loads. A plain
// strategy run then goes the lean way, without commander (run-entry.ts); the rest to main.ts.
import module from 'node:module';

module.enableCompileCache?.();
// An empty BENCHMARK_* variable is unset (compose and .env files pass unset ones as empty):
// commander would otherwise read '' as the flag's value.
for (const name of Object.keys(process.env)) if (name.startsWith('BENCHMARK_') && process.env[name] === '') delete process.env[name];
await import('./run-entry.js');
