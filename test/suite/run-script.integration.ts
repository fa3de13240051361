// scripts/run.sh drives the real hyperfine over the real client and server: one hyperfine
// call per strategy joined into one export, every invocation's outcome kept, a progress line
// per invocation, did-not-fit as a result, nothing lost on a failing re-run or a signal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUITE_STRATEGIES } from '../../src/strategies/registry.ts';
import { alive, descendantsOf, hasStackTrace, ROOT, RUN_SH, runCommand, serverForTests, startServer, target, waitUntil, type OutcomeLine } from '../helper.ts';

// What the suite runs by default, in its order.
const STRATEGIES = SUITE_STRATEGIES.map((s) => s.name);

interface Export {
  results: { command: string; times: number[]; exit_codes: number[]; mean: number }[];
}
interface Meta {
  command: string;
  parameters: Record<string, string | number>;
  settings: Record<string, { warmup: number; runs: number; reason: string }>;
  rounds: { seed: number; order: string[][] };
  failed?: Record<string, string>;
  notMeasured: { strategy: string; threads: number; fits: boolean; needMiB: number; needMaps: number; availableMiB: number; maxMapCount: number | null; cap: number | null; problems: string[]; advice: string }[];
  loadAverage: number[];
  loadAverageAtEnd?: number[];
  finishedAt?: string;
  cpuGovernor: string | null;
  incomplete?: string;
}

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;
const outcomeLines = async (file: string): Promise<OutcomeLine[]> =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as OutcomeLine);
/** "suite: <strategy> invocation i of n ..." progress lines. */
/** The progress lines: [round, command, warmup or run, i, of]. */
const progressLines = (stderr: string) => [...stderr.matchAll(/^suite: \[round (\d+)\] (\S+) (warmup|run) (\d+) of (\d+): [\d.]+ s; /gm)];

const server = serverForTests();
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ntab-run-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('run.sh with tiny sizes: one joined export and one Markdown table, one outcome line and one progress line per invocation', { timeout: 180_000 }, async () => {
  const output = path.join(dir, 'tiny.json');
  const before = await server.stats();
  const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '8', '-c', '4', '-o', output], target(server.port));
  assert.equal(result.code, 0, result.stderr);

  const exported = await readJson<Export>(output);
  assert.deepEqual(exported.results.map((r) => r.command), STRATEGIES);
  for (const r of exported.results) {
    assert.equal(r.times.length, 2);
    assert.deepEqual(r.exit_codes, [0, 0]);
  }
  // One table in hyperfine's layout, every strategy a row, the fastest at 1.00.
  const markdown = readFileSync(path.join(dir, 'tiny.md'), 'utf8').trim().split('\n');
  assert.match(markdown[0]!, /^\| Command \| Mean \[m?s\] \| Min \[m?s\] \| Max \[m?s\] \| Relative \|$/);
  assert.deepEqual(markdown.slice(2).map((row) => /^\| `([\w-]+)` \|/.exec(row)?.[1]), STRATEGIES);
  assert.equal(markdown.filter((row) => row.endsWith('| 1.00 |')).length, 1);

  // Every invocation hyperfine ran, warmups (the probe) first and marked, in order.
  const lines = await outcomeLines(path.join(dir, 'tiny.outcomes.jsonl'));
  const meta = await readJson<Meta>(path.join(dir, 'tiny.meta.json'));
  for (const strategy of STRATEGIES) {
    const mine = lines.filter((line) => line.strategy === strategy);
    const { warmup, runs } = meta.settings[strategy]!;
    assert.equal(warmup, 0, `${strategy}: with -w 0 the probe is the first run`);
    assert.equal(runs, 2);
    assert.deepEqual(mine.map((line) => [line.invocation, line.of, line.warmup, line.round]), [[1, 2, false, 1], [2, 2, false, 2]]);
    for (const line of mine) {
      assert.equal(line.outcome?.test, strategy);
      assert.equal(line.outcome?.requests, 8);
      assert.equal(line.outcome?.failed, 0);
    }
  }
  // One --connections default everywhere (aiohttp's 100), capped at the requests.
  assert.equal(lines.find((line) => line.strategy === 'async-for')?.outcome?.connections, 8);
  assert.equal(meta.parameters.connections, 100);
  // Each invocation's requests, verified by the client and counted by the server.
  assert.equal((await server.stats()).requests - before.requests, lines.length * 8);

  // A progress line per invocation, in the order they ran: round by round, every strategy once per round.
  const progress = progressLines(result.stderr);
  assert.deepEqual(
    progress.map((m) => [Number(m[1]), m[2], m[3] === 'warmup', Number(m[4])]),
    lines.map((line) => [line.round, line.strategy, line.warmup, line.invocation]),
  );
  assert.deepEqual(meta.rounds.order.map((order) => [...order].sort()), [[...STRATEGIES].sort(), [...STRATEGIES].sort()]);
  assert.match(result.stderr, /^suite: rough estimate for the whole suite: about \d+ (s|min|h)/m);
  assert.equal(meta.command, `scripts/run.sh ${process.execPath} -w 0 -r 2 -q 8 -c 4 -o ${output}`);
  assert.ok(Array.isArray(meta.loadAverageAtEnd) && meta.loadAverageAtEnd.length === 3, 'load at end recorded');
  assert.ok(typeof meta.finishedAt === 'string' && Date.parse(meta.finishedAt) >= Date.parse((meta as unknown as { recordedAt: string }).recordedAt));
  assert.ok('cpuGovernor' in meta);
  assert.equal(meta.incomplete, undefined);
});

test('run.sh stops when a strategy fails instead of timing a broken run, and says why', { timeout: 60_000 }, async () => {
  const output = path.join(dir, 'broken.json');
  // Nothing listens on port 1: every run fails, hyperfine must stop with an error.
  const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '3', '-s', 'async-for', '-o', output], target(1));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /\[round 1\] async-for run 1 of 2: FAILED after/);
  assert.match(result.stderr, /error: async-for failed \(3 of 3 requests to http:\/\/127\.0\.0\.1:1\/multiply failed: ECONNREFUSED \(3\)\)/);
  // The client's own reason, which hyperfine hides, is shown.
  assert.match(result.stderr, /the failing run said:\nerror: 3 of 3 requests to http:\/\/127\.0\.0\.1:1\/multiply failed: ECONNREFUSED \(3\)/);
  assert.match(result.stderr, /nothing was measured, no result files were written/);
  assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('broken')), []);
});

test('a strategy that does not fit is a result: exit 0, the others measured, its verdict recorded; --strict and BENCHMARK_STRICT=1 exit 1', { timeout: 240_000 }, async () => {
  const output = path.join(dir, 'capped.json');
  const args = [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '20', '-c', '5', '-o', output];
  const env = { ...target(server.port), BENCHMARK_MAX_THREADS: '8' };
  const result = await runCommand('bash', args, env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /did not fit, not measured: threads-map would run 20 worker threads at once.*BENCHMARK_MAX_THREADS=8/);
  assert.match(result.stderr, /note: did not fit this machine, not measured: threads-map: a result/);
  const measured = STRATEGIES.filter((name) => name !== 'threads-map');
  assert.deepEqual((await readJson<Export>(output)).results.map((r) => r.command), measured);
  const meta = await readJson<Meta>(path.join(dir, 'capped.meta.json'));
  assert.equal(meta.notMeasured.length, 1);
  const verdict = meta.notMeasured[0]!;
  assert.equal(verdict.strategy, 'threads-map');
  assert.equal(verdict.threads, 20);
  assert.equal(verdict.fits, false);
  assert.equal(verdict.cap, 8);
  for (const field of ['needMiB', 'needMaps', 'availableMiB'] as const) assert.equal(typeof verdict[field], 'number', field);
  assert.ok('maxMapCount' in verdict);
  assert.match(verdict.problems.join(' '), /BENCHMARK_MAX_THREADS=8/);
  assert.match(verdict.advice, /At most 8 worker threads fit here/);
  assert.deepEqual(Object.keys(meta.settings), measured);
  // A progress line per invocation of the four measured strategies.
  const lines = await outcomeLines(path.join(dir, 'capped.outcomes.jsonl'));
  assert.deepEqual([...new Set(lines.map((line) => line.strategy))].sort(), [...measured].sort());
  assert.equal(progressLines(result.stderr).length, lines.length);
  // The report has the did-not-fit row.
  assert.match(readFileSync(path.join(dir, 'capped.report.md'), 'utf8'), /threads-map.*did not fit/);

  for (const [how, extraArgs, extraEnv] of [
    ['--strict', ['--strict', '-s', 'threads-map,async-for'], {}],
    ['BENCHMARK_STRICT=1', ['-s', 'threads-map,async-for'], { BENCHMARK_STRICT: '1' }],
  ] as const) {
    const strict = await runCommand('bash', [...args.slice(0, -2), '-o', path.join(dir, 'strict.json'), ...extraArgs], { ...env, ...extraEnv });
    assert.equal(strict.code, 1, `${how}: ${strict.stderr}`);
    assert.match(strict.stderr, /error: did not fit this machine, not measured: threads-map \(--strict or BENCHMARK_STRICT=1/);
    // What did fit is still measured and kept.
    assert.deepEqual((await readJson<Export>(path.join(dir, 'strict.json'))).results.map((r) => r.command), ['async-for']);
  }
});

/** A /multiply that answers correctly for the first `good` requests, then 500. */
async function failingServer(good: number): Promise<{ server: Server; port: number }> {
  let answered = 0;
  const failing = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // No /stats here: the suite cannot count, and its questions use up no answer.
    if (url.pathname !== '/multiply') return void res.writeHead(404).end();
    const number = Number(url.searchParams.get('number'));
    if (answered++ < good) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 2 * number }));
    else res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
  }).listen(0, '127.0.0.1');
  await once(failing, 'listening');
  return { server: failing, port: (failing.address() as { port: number }).port };
}

async function snapshot(prefix: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((name) => name.startsWith(`${prefix}.`)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)));
}

test('re-run with the same -o: a run that measures nothing leaves the earlier files as they were; one that measures something replaces them with a complete new set', { timeout: 180_000 }, async () => {
  const output = path.join(dir, 'rerun.json');
  const args = (strategies: string) => [RUN_SH, process.execPath, '-w', '0', '-r', '1', '-q', '5', '-c', '5', '-s', strategies, '-o', output];
  const first = await runCommand('bash', args('async-for,async-map'), target(server.port));
  assert.equal(first.code, 0, first.stderr);
  const earlier = await snapshot('rerun');
  assert.deepEqual([...earlier.keys()], ['rerun.json', 'rerun.md', 'rerun.meta.json', 'rerun.outcomes.jsonl', 'rerun.report.md', 'rerun.svg']);

  // Against a server that answers 500 from the start: nothing measured, nothing touched.
  const down = await failingServer(0);
  try {
    const failed = await runCommand('bash', args('async-for,async-map'), target(down.port));
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /nothing was measured; .*rerun\.json and the files beside it, from an earlier run, were left as they were/);
    assert.doesNotMatch(failed.stderr, /what this run measured/);
    assert.deepEqual(await snapshot('rerun'), earlier, 'every earlier file byte for byte');
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('.tmp')), [], 'no temporary files left');
  } finally {
    down.server.close();
  }

  // The strategy the first round runs first (one run of 5 requests) succeeds, the other fails: the new set has the first, all files from this run.
  const later = await failingServer(5);
  try {
    const partial = await runCommand('bash', args('async-map,async-for'), target(later.port));
    assert.equal(partial.code, 1, partial.stderr);
    const now = await snapshot('rerun');
    const meta = JSON.parse(now.get('rerun.meta.json')!) as Meta & { parameters: { server: string } };
    const [first, second] = meta.rounds.order[0]!;
    assert.match(partial.stderr, new RegExp(`what this run measured \\(${first}\\) is in .*rerun\\.json`));
    assert.deepEqual([...now.keys()], [...earlier.keys()]);
    for (const [name, text] of now) assert.ok(text.length > 0, `${name} is not empty`);
    assert.deepEqual((JSON.parse(now.get('rerun.json')!) as Export).results.map((r) => r.command), [first]);
    assert.equal(meta.parameters.server, `127.0.0.1:${later.port}`);
    assert.match(meta.failed?.[second!] ?? '', /HTTP 500/);
    // Both invocations are in the outcomes, the failed one too.
    assert.deepEqual((await outcomeLines(path.join(dir, 'rerun.outcomes.jsonl'))).map((line) => line.strategy), [first, second]);
    // The report is this run's: it reads the new record, and knows the second was planned but not measured.
    const report = now.get('rerun.report.md')!;
    assert.ok(report.includes(`127.0.0.1:${later.port}`), 'the report shows the new run');
    assert.match(report, new RegExp(`incomplete, no results for ${second}`));
    assert.notEqual(now.get('rerun.svg'), earlier.get('rerun.svg'));
  } finally {
    later.server.close();
  }
});

test('SIGTERM to run.sh mid-run: hyperfine and the client stop, the strategies measured so far are kept with the load at the end and a report', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 120_000 }, async () => {
  const output = path.join(dir, 'term.json');
  const child = spawn('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '60', '-q', '20', '-c', '5', '-s', 'async-for,async-limit', '--exact', '-o', output], {
    env: { ...process.env, ...target(server.port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Until the third round: both strategies have runs by then.
  assert.ok(await waitUntil(() => /\[round 3\]/.test(stderr)), stderr);
  // run.sh exec's the suite: its pid is the suite's, below it hyperfine and the client.
  const processes = descendantsOf(child.pid!);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 143, stderr);
  for (let i = 0; i < 50 && processes.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(processes.filter(alive), [], 'nothing left running');
  assert.equal(hasStackTrace(stderr), false, stderr);
  assert.match(stderr, /stopped by SIGTERM during async-(for|limit): what this run measured \(async-for, async-limit\) is in /);

  // Every run that ended before the signal is kept, both strategies' alike.
  const exported = await readJson<Export>(output);
  assert.deepEqual(exported.results.map((r) => r.command), ['async-for', 'async-limit']);
  const runs = exported.results.map((r) => r.times.length);
  assert.ok(runs.every((n) => n >= 2 && n < 60), `${runs}`);
  const meta = await readJson<Meta>(path.join(dir, 'term.meta.json'));
  assert.match(meta.incomplete ?? '', /^stopped by SIGTERM during async-(for|limit)$/);
  assert.equal(meta.loadAverageAtEnd?.length, 3);
  assert.ok(meta.finishedAt);
  assert.ok((await outcomeLines(path.join(dir, 'term.outcomes.jsonl'))).length >= runs[0]! + runs[1]!);
  assert.ok(readFileSync(path.join(dir, 'term.report.md'), 'utf8').includes('async-limit'));
});

test('run.sh: bad input gets a clear error and exit 2', async () => {
  const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['/no/such/node'], /^error: --runtime '\/no\/such\/node': not found$/m],
    [[process.execPath, '-q', 'lots'], /--queries must be an integer from 1 to 100000000, got 'lots'/],
    [[process.execPath, '-r', '0'], /--runs must be an integer from 1 to 10000, got '0'/],
    [[process.execPath, '-w', '-1'], /--warmup must be an integer from 0 to 10000, got '-1'/],
    [[process.execPath, '-o', 'out.csv'], /--output must end in \.json/],
    [[process.execPath, '-s', 'threads-magic'], /unknown strategy 'threads-magic'/],
    [[process.execPath, '-s', ''], /--strategies names no strategy, got ''/],
    [[process.execPath, '-s', 'async-for,async_for'], /--strategies names async-for twice/],
    [[process.execPath, '--frobnicate', '1'], /unknown option '--frobnicate'/],
    [[process.execPath, '-q'], /option -q needs a value/],
    [[process.execPath, '--budget', '-5'], /--budget must be a number from 0 to 86400/],
    [[process.execPath, '--exact', '--budget', '60'], /--exact and --budget contradict each other/],
    [[process.execPath, '--connections', '0'], /--connections must be an integer from 1 to 65535/],
    [[process.execPath], /BENCHMARK_STRICT must be one of 1, true, yes, on, 0, false, no, off, got 'maybe'/, { BENCHMARK_STRICT: 'maybe' }],
    [[process.execPath], /from env 'BENCHMARK_QUERIES' is invalid\. --queries must be an integer from 1 to 100000000, got 'many'/, { BENCHMARK_QUERIES: 'many' }],
    [[], /Usage: scripts\/run\.sh/],
    [[process.execPath], /hyperfine is not installed/, { PATH: path.dirname(process.execPath) + ':/nonexistent' }],
  ];
  for (const [args, message, env] of cases) {
    const result = await runCommand('/bin/bash', [RUN_SH, ...args], env ?? {});
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(hasStackTrace(result.stderr), false, result.stderr);
  }
  assert.equal(existsSync(path.join(ROOT, 'out.csv')), false);
});

test('run.sh: numbers with leading zeros are decimal (-q 010 runs and records 10 requests, -q 08 eight), never octal', { timeout: 120_000 }, async () => {
  for (const [given, value] of [['010', 10], ['08', 8]] as const) {
    const output = path.join(dir, `decimal-${given}.json`);
    const before = await server.stats();
    const result = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '1', '-q', given, '-c', '05', '-s', 'async-for', '--exact', '-o', output], target(server.port));
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await server.stats()).requests - before.requests, value);
    const meta = await readJson<Meta>(path.join(dir, `decimal-${given}.meta.json`));
    assert.equal(meta.parameters.queries, value);
    assert.equal(meta.parameters.chunk, 5);
    assert.equal((await outcomeLines(path.join(dir, `decimal-${given}.outcomes.jsonl`)))[0]?.outcome?.requests, value);
  }
});

test('scripts/run.sh records the environment, the outcomes, the report and chart beside the export', async () => {
  const server = await startServer();
  try {
    await (async (dir: string) => {
      const output = path.join(dir, 'tiny.json');
      const done = await runCommand(
        'bash',
        [RUN_SH, process.execPath, '-w', '0', '-r', '2', '-q', '5', '-c', '2', '-s', 'async-for,threads-reuse', '-o', output],
        { ...target(server.port), BENCHMARK_LABEL: 'run.sh test' },
      );
      assert.equal(done.code, 0, done.stderr);
      assert.deepEqual((await readdir(dir)).sort(), ['tiny.json', 'tiny.md', 'tiny.meta.json', 'tiny.outcomes.jsonl', 'tiny.report.md', 'tiny.svg']);
      const meta = JSON.parse(await readFile(path.join(dir, 'tiny.meta.json'), 'utf8')) as { label: string; parameters: Record<string, unknown> };
      assert.equal(meta.label, 'run.sh test');
      const expected = { queries: 5, chunk: 2, runs: 2, warmup: 0, strategies: 'async-for,threads-reuse', server: `127.0.0.1:${server.port}` };
      for (const [key, value] of Object.entries(expected)) assert.equal(meta.parameters[key], value, key);
      const report = await readFile(path.join(dir, 'tiny.report.md'), 'utf8');
      assert.match(report, /\*\*run\.sh test\*\*/);
      assert.match(report, /^\| (\*\*)?async-for(\*\*)? \|/m);
      assert.match(report, /^\| (\*\*)?threads-reuse(\*\*)? \|/m);
      assert.match(report, /\| Parameter: chunk \| 2 \|/);
      assert.match(await readFile(path.join(dir, 'tiny.svg'), 'utf8'), /<svg/);
    })(await mkdtemp(path.join(tmpdir(), 'ntab-run-tiny-')));
  } finally {
    await server.stop();
  }
});
