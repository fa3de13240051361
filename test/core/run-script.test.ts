// scripts/run.sh drives the real hyperfine over the real client and server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { ROOT, RUN_SH, runCommand, startServer, target, type Started } from '../helper.ts';

const STRATEGIES = ORIGINAL_STRATEGIES.map((s) => s.name);

let server: Started;
let dir: string;
before(async () => {
  server = await startServer();
  dir = await mkdtemp(path.join(tmpdir(), 'ntab-run-'));
});
after(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

test('run.sh with tiny sizes: one hyperfine result per strategy, named after it, plus Markdown', { timeout: 180_000 }, async () => {
  const output = path.join(dir, 'tiny.json');
  const before = await server.stats();
  const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '8', '-c', '4', '-o', output], target(server.port));
  assert.equal(result.code, 0, result.stderr);
  const exported = JSON.parse(await readFile(output, 'utf8')) as { results: { command: string; times: number[]; exit_codes: number[] }[] };
  assert.deepEqual(exported.results.map((r) => r.command), STRATEGIES);
  for (const r of exported.results) {
    assert.equal(r.times.length, 2);
    assert.deepEqual(r.exit_codes, [0, 0]);
  }
  assert.match(await readFile(path.join(dir, 'tiny.md'), 'utf8'), /threads-map/);
  // 5 strategies x 2 runs x 8 requests, each verified by the client and counted by the server.
  assert.equal((await server.stats()).requests - before.requests, 5 * 2 * 8);
});

test('run.sh stops when a strategy fails instead of timing a broken run', { timeout: 60_000 }, async () => {
  const output = path.join(dir, 'broken.json');
  // Nothing listens on port 1: every run fails, hyperfine must stop with an error.
  const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '3', '-s', 'async-for', '-o', output], target(1));
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /Command terminated with non-zero exit code|non-zero exit code/);
  // The client's own reason, which hyperfine hides, is shown.
  assert.match(result.stderr, /the failing run said:\nerror: 3 of 3 requests to http:\/\/127\.0\.0\.1:1\/multiply failed: ECONNREFUSED \(3\)/);
});

test('run.sh skips a thread strategy the machine cannot hold, measures the rest, exits 1', { timeout: 120_000 }, async () => {
  const output = path.join(dir, 'capped.json');
  const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '1', '-q', '20', '-c', '5', '-s', 'threads-map,threads-reuse,async-for', '-o', output], {
    ...target(server.port),
    BENCHMARK_MAX_THREADS: '10',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /skipping threads-map: threads-map would run 20 worker threads at once.*BENCHMARK_MAX_THREADS=10/);
  assert.match(result.stderr, /not measured on this machine: threads-map/);
  const exported = JSON.parse(await readFile(output, 'utf8')) as { results: { command: string }[] };
  assert.deepEqual(exported.results.map((r) => r.command), ['threads-reuse', 'async-for']);
  const meta = JSON.parse(await readFile(path.join(dir, 'capped.meta.json'), 'utf8')) as { parameters: Record<string, string> };
  assert.equal(meta.parameters.skipped, 'threads-map');
});

test('run.sh: bad input gets a clear error and exit 2', async () => {
  const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['/no/such/node'], /node binary '\/no\/such\/node' not found/],
    [[process.execPath, '-q', 'lots'], /QUERIES must be a positive integer, got 'lots'/],
    [[process.execPath, '-r', '0'], /RUNS must be a positive integer/],
    [[process.execPath, '-w', '-1'], /WARMUP must be an integer >= 0/],
    [[process.execPath, '-o', 'out.csv'], /OUTPUT must end in \.json/],
    [[process.execPath, '-s', 'threads-magic'], /unknown strategy 'threads-magic'/],
    [[process.execPath, '--frobnicate', '1'], /unknown option '--frobnicate'/],
    [[process.execPath, '-q'], /option -q needs a value/],
    [[], /Usage: scripts\/run\.sh/],
    [[process.execPath], /hyperfine is not installed/, { PATH: path.dirname(process.execPath) + ':/nonexistent' }],
  ];
  for (const [args, message, env] of cases) {
    const result = await runCommand('/bin/bash', [RUN_SH, ...args], env ?? {});
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  assert.equal(existsSync(path.join(ROOT, 'out.csv')), false);
});
