// Client start-up: whole-process time of the client with no request (the no-op reference) and
// with one verified request (async-for -r 1), against `node -e 0` and against a bare node:http
// script making the same one request (bench/bare-request.mjs), all in one run. The commands
// are interleaved: every round runs each once, in a shuffled order, so drift and a noisy
// neighbour hit them alike; each figure is the median of its rounds. A baseline client (an
// older build's cli.js) can run in the same rounds, for a before/after measured side by side.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLIENT_CLI, median, ROOT } from './lib/processes.ts';
import { dist } from './lib/dist.ts';

const { shuffled } = await dist<typeof import('../src/measure/engine.ts')>('measure/engine.js');

export interface StartupCost {
  rounds: number;
  nodeMs: number;
  /** The bare node:http script making the one request. */
  bareRequestMs: number;
  noopMs: number;
  oneRequestMs: number;
  noopRatio: number;
  oneRequestRatio: number;
  /** async-for -r 1 over the bare node:http script: what the harness adds to one request. */
  oneRequestOverBare: number;
  /** With a baseline client: its noop and one-request times, and this build's over them. */
  baseline?: { cli: string; noopMs: number; oneRequestMs: number; oneRequestOverBare: number; oneRequestRatioToBaseline: number };
}

const BARE_REQUEST = `${ROOT}bench/bare-request.mjs`;

/** Wall time of one run of `node args`, ms; throws unless it exits 0. */
async function timed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}`);
  return ms;
}

export async function measureStartup(serverPort: number, rounds = 30, baselineCli?: string): Promise<StartupCost> {
  const env = { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(serverPort) };
  const commands: Record<string, readonly string[]> = {
    node: ['-e', '0'],
    bare: [BARE_REQUEST],
    noop: [CLIENT_CLI, 'noop'],
    one: [CLIENT_CLI, 'async-for', '-r', '1'],
    ...(baselineCli ? { baselineNoop: [baselineCli, 'noop'], baselineOne: [baselineCli, 'async-for', '-r', '1'] } : {}),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  // Warm-up: file caches, and the compile cache of each client.
  for (const args of Object.values(commands)) for (let i = 0; i < 3; i++) await timed(args, env);
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(Object.keys(commands), Math.random)) times[name]!.push(await timed(commands[name]!, env));
  }
  const ms = (name: string): number => median(times[name]!);
  const result: StartupCost = {
    rounds,
    nodeMs: ms('node'),
    bareRequestMs: ms('bare'),
    noopMs: ms('noop'),
    oneRequestMs: ms('one'),
    noopRatio: ms('noop') / ms('node'),
    oneRequestRatio: ms('one') / ms('node'),
    oneRequestOverBare: ms('one') / ms('bare'),
  };
  if (baselineCli) {
    result.baseline = {
      cli: baselineCli,
      noopMs: ms('baselineNoop'),
      oneRequestMs: ms('baselineOne'),
      oneRequestOverBare: ms('baselineOne') / ms('bare'),
      oneRequestRatioToBaseline: ms('one') / ms('baselineOne'),
    };
  }
  return result;
}
