// The Python original beside ours (issue 14), run for real: the stand-in client (its
// command-line shape, no code of the original) against our server in scripts/run.sh, and
// with npm run bench against a FastAPI server run by Debian's uvicorn; the server's /stats
// check; bad input; Ctrl-C leaving no uvicorn and no Python behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OriginalRecord, ServerRecord } from '../../src/environment/collect.ts';
import { ORIGINAL_STRATEGIES, SUITE_STRATEGIES } from '../../src/strategies/registry.ts';
import { alive, CLIENT_CLI, descendantsOf, hasStackTrace, ROOT, RUN_SH, runClient, runCommand, startServer, target, waitUntil, type Started } from '../helper.ts';
import { PYTHON, SKIP, STANDIN, standinClone } from './python.ts';

interface Export {
  results: { command: string; exit_codes: number[]; mean: number; stddev: number | null; times: number[] }[];
}

interface OutcomeLine {
  strategy: string;
  invocation: number;
  of: number;
  warmup: boolean;
  outcome: Record<string, unknown> | null;
}

interface Meta {
  parameters: Record<string, string | number>;
  settings: Record<string, { warmup: number; runs: number }>;
  incomplete?: string;
  server?: ServerRecord;
  original?: OriginalRecord;
}

const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const outcomeLines = (file: string): OutcomeLine[] =>
  readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as OutcomeLine);
/** Ours and the original's, interleaved: each strategy, then original-<strategy>. */
/** The suite's strategies, ours beside the original's where it has one, as the suite runs them. */
const PAIRED = SUITE_STRATEGIES.flatMap((s) => (s.original ? [s.name, `original-${s.name}`] : [s.name]));

/** The pid of the server the suite started, from its "... on 127.0.0.1:PORT (pid N)" line. */
function serverPid(stderr: string): number {
  const match = /suite: the original's server \(uvicorn server:app in .*\) on 127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stderr);
  assert.ok(match, `no server line in: ${stderr}`);
  return Number(match[1]);
}

async function gone(pids: number[]): Promise<number[]> {
  await waitUntil(() => !pids.some(alive), 5_000);
  return pids.filter(alive);
}

/** Command lines of the processes below `pid` (Linux /proc). */
function commandLines(pid: number): { pid: number; argv: string[] }[] {
  return descendantsOf(pid).flatMap((child) => {
    try {
      return [{ pid: child, argv: readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean) }];
    } catch {
      return [];
    }
  });
}

describe('the Python original beside ours', { skip: SKIP }, () => {
  const python = PYTHON as string;
  let dir: string;
  let server: Started;
  const clones: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-original-test-'));
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    for (const path of [dir, ...clones]) rmSync(path, { recursive: true, force: true });
  });

  test('scripts/run.sh -w 0 -r 1 -q 20 -c 5 --original DIR: one export, each of ours beside the original one, all succeeded; the server saw exactly 20 requests per invocation', { timeout: 300_000 }, async () => {
    const output = join(dir, 'out.json');
    const before = await server.stats();
    const ran = await runCommand('bash', [RUN_SH, process.execPath, '-w', '0', '-r', '1', '-q', '20', '-c', '5', '--original', STANDIN, '--python', python, '-o', output], target(server.port), 300_000);
    assert.equal(ran.code, 0, ran.stderr);
    const exported = json<Export>(output);
    assert.deepEqual(exported.results.map((r) => r.command), PAIRED);
    for (const result of exported.results) assert.deepEqual(result.exit_codes, [0], result.command);
    // Every invocation, warmups and probes included, is one outcome line: null for the original's client.
    const lines = outcomeLines(join(dir, 'out.outcomes.jsonl'));
    assert.deepEqual([...new Set(lines.map((l) => l.strategy))].sort(), [...PAIRED].sort());
    for (const line of lines) assert.equal(line.outcome === null, line.strategy.startsWith('original-'), `${line.strategy} ${line.invocation}`);
    const meta = json<Meta>(join(dir, 'out.meta.json'));
    const invocations = Object.values(meta.settings).reduce((sum, s) => sum + s.warmup + s.runs, 0);
    assert.equal(lines.length, invocations);
    assert.equal((await server.stats()).requests - before.requests, 20 * invocations, 'exactly 20 /multiply requests per invocation of every strategy');
    // Every strategy ran once per round: PAIRED x 20 requests per round of invocations.
    assert.equal(invocations % PAIRED.length, 0);
    // Progress lines and the time budget apply to the original's strategies as to ours.
    for (const name of PAIRED) assert.match(ran.stderr, new RegExp(`suite: \\[round 1\\] ${name} run 1 of \\d+: `), name);
    assert.ok(meta.settings['original-async-for'], "the original's strategies have settings of their own");
    assert.equal(meta.parameters.strategies, PAIRED.join(','));
    assert.equal(meta.server?.choice, 'env');
    assert.equal(meta.original?.dir, STANDIN.replace(/\/$/, ''));
    assert.equal(meta.original?.gitCommit, null, 'a folder inside another repository is not a checkout of its own');
    assert.equal(meta.original?.pythonVersion.split('.')[0], '3');
    for (const name of ['aiohttp', 'requests', 'fastapi', 'uvicorn']) assert.match(String(meta.original?.packages[name]), /^\d+\.\d+/, name);
    assert.deepEqual(meta.original?.strategies, PAIRED.filter((name) => name.startsWith('original-')));
    assert.equal(meta.original?.verifiedBy, 'server /stats');
    // The report lines the two up by strategy, and shows the record.
    const report = readFileSync(join(dir, 'out.report.md'), 'utf8');
    assert.match(report, /## Ours and the Python original, side by side/);
    for (const strategy of ORIGINAL_STRATEGIES) assert.match(report, new RegExp(`^\\| ${strategy.name} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|`, 'm'), strategy.name);
    assert.match(report, /^\| The original's client checked \| yes: every invocation made exactly the requests asked for \(server \/stats\) \|$/m);
    assert.match(report, /^\| Python \(the original's\) \| 3\.\d+\.\d+ \(/m);
  });

  test('npm run bench -- --original DIR --server original: both clients against a FastAPI server under uvicorn, ratios with their error, the record, no uvicorn left', { timeout: 300_000 }, async () => {
    const clone = standinClone();
    clones.push(clone.dir);
    const output = join(dir, 'bench', 'run.json');
    const ran = await runCommand(
      'bash',
      [join(ROOT, 'scripts/bench.sh'), '-w', '0', '-r', '3', '-q', '20', '-c', '5', '-s', 'threads-reuse,async-for', '--original', clone.dir, '--python', python, '--server', 'original'],
      { NODE_BIN: process.execPath, BENCH_OUTPUT: output, BENCHMARK_SERVER_PORT: '1' },
      300_000,
    );
    assert.equal(ran.code, 0, ran.stderr);
    const exported = json<Export>(output);
    assert.deepEqual(exported.results.map((r) => [r.command, r.exit_codes.every((c) => c === 0)]), [
      ['threads-reuse', true],
      ['original-threads-reuse', true],
      ['async-for', true],
      ['original-async-for', true],
    ]);
    const meta = json<Meta>(join(dir, 'bench', 'run.meta.json'));
    assert.equal(meta.server?.choice, 'original');
    assert.equal(meta.server?.name, "the original's server.py, FastAPI on uvicorn");
    assert.equal(`${meta.server?.host}:${meta.server?.port}`, meta.parameters.server);
    assert.deepEqual({ commit: meta.original?.gitCommit, dirty: meta.original?.gitDirty }, { commit: clone.commit, dirty: false });
    assert.equal(meta.original?.python, python);
    assert.equal(meta.original?.verifiedBy, null);
    assert.match(String(meta.original?.unverified), /has no \/stats to count requests with, and the original's client checks no response/);
    assert.match(ran.stderr, /suite: note: original-threads-reuse, original-async-for: unverified here: the server at 127\.0\.0\.1:\d+ \(the original's server\.py, FastAPI on uvicorn\) has no \/stats/);
    // Per strategy: ours, the original's, and original / ours with hyperfine's error.
    const report = readFileSync(join(dir, 'bench', 'run.report.md'), 'utf8');
    for (const strategy of ['threads-reuse', 'async-for']) {
      const ours = exported.results.find((r) => r.command === strategy)!;
      const theirs = exported.results.find((r) => r.command === `original-${strategy}`)!;
      const ratio = theirs.mean / ours.mean;
      const sigma = ratio * Math.hypot(theirs.stddev! / theirs.mean, ours.stddev! / ours.mean);
      const row = new RegExp(`^\\| ${strategy} \\| [^|]+ \\| [^|]+ \\| ${ratio.toFixed(2)} ± ${sigma.toFixed(2)} \\|`, 'm');
      assert.match(report, row, strategy);
    }
    assert.match(report, /^\| threads-reuse \| [\d.]+ ± [\d.]+/m, 'threads vs async on each side');
    assert.match(report, /^\| Server \| 127\.0\.0\.1:\d+ \(the original's server\.py, FastAPI on uvicorn\) \|$/m);
    assert.match(report, new RegExp(`^\\| The original's checkout \\| ${clone.dir.replaceAll('/', '\\/')} at ${clone.commit} \\|$`, 'm'));
    assert.match(report, /^\| The original's client checked \| no, unverified: the server at /m);
    for (const name of ['aiohttp', 'requests', 'fastapi', 'uvicorn']) assert.match(report, new RegExp(`^\\| ${name} \\(the original's\\) \\| \\d+\\.\\d+`, 'm'), name);
    assert.deepEqual(await gone([serverPid(ran.stderr)]), [], 'uvicorn is stopped');
    // The checkout is only read: uvicorn wrote no __pycache__ into it.
    assert.equal(existsSync(join(clone.dir, '__pycache__')), false);
  });

  test('requests the original lost without an error fail the run (exit 1) at the /stats check; what was measured before is kept', { timeout: 120_000 }, async () => {
    const output = join(dir, 'lost.json');
    const ran = await runClient(['suite', '-w', '0', '-r', '2', '-q', '20', '-c', '5', '-s', 'async-for,threads-reuse', '--original', STANDIN, '--python', python, '-o', output], {
      ...target(server.port),
      STANDIN_SKIP: '3',
    });
    assert.equal(ran.code, 1, ran.stderr);
    // Its first invocation already counts 17 of 20: it fails and is dropped; ours go on.
    assert.match(
      ran.stderr,
      /suite: error: original-async-for failed \(the server counted 17 \/multiply requests during one invocation of original-async-for, 20 expected: the original's client checks no response/,
    );
    assert.match(ran.stderr, /what this run measured \(async-for, threads-reuse\) is in /);
    assert.equal(hasStackTrace(ran.stderr), false);
    assert.deepEqual(json<Export>(output).results.map((r) => r.command), ['async-for', 'threads-reuse']);
    assert.deepEqual(Object.keys(json<Meta & { failed: Record<string, string> }>(join(dir, 'lost.meta.json')).failed).sort(), ['original-async-for', 'original-threads-reuse']);
  });

  test('an original strategy that fails says how to see why (hyperfine hides its output)', { timeout: 120_000 }, async () => {
    const ran = await runClient(['suite', '--exact', '-w', '0', '-r', '1', '-q', '4', '-c', '2', '-s', 'async-map', '--original', STANDIN, '--python', python, '-o', join(dir, 'failing.json')], {
      ...target(server.port),
      STANDIN_FAIL: '1',
    });
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stderr, /suite: error: original-async-map failed \(exit code 1\)/);
    assert.ok(ran.stderr.includes(`run it by hand to see why: cd ${STANDIN.replace(/\/$/, '')} && ${python} benchmark.py async-map -r 4 -c 2`), ran.stderr);
  });

  test('bad input: one line naming the problem, exit 2, nothing run', { timeout: 120_000 }, async () => {
    const tools = mkdtempSync(join(tmpdir(), 'ntab-python-'));
    try {
      // A Python that does not see Debian's packages (as a pyenv shim or a venv): site-packages off.
      const blind = join(tools, 'python-without-site');
      writeFileSync(blind, `#!/bin/sh\nexec ${python} -S "$@"\n`, { mode: 0o755 });
      const old = join(tools, 'python-3.9');
      writeFileSync(old, '#!/bin/sh\necho \'{"version": "3.9.2", "major": 3, "minor": 9, "executable": "/opt/py39/bin/python3", "packages": {}, "unimportable": {}}\'\n', { mode: 0o755 });
      const noBenchmark = join(tools, 'empty');
      mkdirSync(noBenchmark);
      const output = join(dir, 'never.json');
      const requests = (await server.stats()).requests;
      for (const [args, message] of [
        [['--original', join(tools, 'missing')], /--original '.*missing': no such directory/],
        [['--original', noBenchmark], /--original '.*empty' has no benchmark\.py: give the top folder of a checkout of the Python original/],
        [['--original', STANDIN, '--python', join(tools, 'no-python')], /--python '.*no-python': not found/],
        [['--original', STANDIN, '--python', blind], /cannot import aiohttp, requests; the original's client needs aiohttp, requests: install Debian's python3-aiohttp python3-requests/],
        [['--original', STANDIN, '--python', blind, '--server', 'original'], /client and server need aiohttp, requests, fastapi, uvicorn: install Debian's python3-aiohttp python3-requests python3-fastapi python3-uvicorn/],
        [['--original', STANDIN, '--python', old], /--python '.*python-3\.9' is Python 3\.9\.2; the original's benchmark\.py needs 3\.10 or newer/],
        [['--original', noBenchmark, '--python', python, '--server', 'original'], /has no benchmark\.py/],
        [['--server', 'original'], /--server original needs --original DIR/],
        [['--python', python], /--python is for the Python original: give --original DIR too/],
        [['--original', STANDIN, '--python', python, '-s', 'async-chunk'], /-s names none of them \(async-chunk\)/],
      ] as const) {
        const ran = await runClient(['suite', '-q', '4', '-c', '2', '-o', output, ...args], target(server.port));
        assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
        assert.match(ran.stderr, message, args.join(' '));
        assert.equal(ran.stderr.trim().split('\n').length, 1, ran.stderr);
        assert.equal(hasStackTrace(ran.stderr), false);
      }
      assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('never')), []);
      assert.equal((await server.stats()).requests, requests, 'nothing was run');
    } finally {
      rmSync(tools, { recursive: true, force: true });
    }
  });

  test('a python3 that does not see Debian\'s packages is told to use /usr/bin/python3', { skip: PYTHON !== '/usr/bin/python3' && 'needs /usr/bin/python3 with the packages', timeout: 60_000 }, async () => {
    const venv = mkdtempSync(join(tmpdir(), 'ntab-venv-'));
    try {
      const made = await runCommand(python, ['-m', 'venv', '--without-pip', venv]);
      if (made.code !== 0) return assert.fail(`python -m venv: ${made.stderr}`);
      const ran = await runClient(['suite', '-o', join(dir, 'never.json'), '--original', STANDIN, '--python', join(venv, 'bin/python3')]);
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(ran.stderr, /they are Debian's python3-aiohttp python3-requests \(apt-get install python3-aiohttp python3-requests\), and \/usr\/bin\/python3 has them: run with --python \/usr\/bin\/python3/);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  });

  test('Ctrl-C while the original\'s client is timed against its own server: exit 130, no uvicorn and no Python left, what was measured kept', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 120_000 }, async () => {
    const output = join(dir, 'interrupted.json');
    const child = spawn(
      process.execPath,
      // Seed 1: round 1 runs async-for before original-async-for, so something is measured when the signal comes.
      [CLIENT_CLI, 'suite', '--server', 'original', '--exact', '-w', '0', '-r', '2', '-q', '4', '-c', '2', '-s', 'async-for', '--seed', '1', '--original', STANDIN, '--python', python, '-o', output],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, STANDIN_SLEEP: '60' } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let processes: { pid: number; argv: string[] }[] = [];
    const timing = await waitUntil(() => {
      processes = commandLines(child.pid!);
      return processes.some((p) => p.argv.includes('benchmark.py'));
    }, 60_000);
    assert.ok(timing, `the original's client never started: ${stderr}`);
    const uvicorn = serverPid(stderr);
    assert.ok(processes.some((p) => p.pid === uvicorn && p.argv.includes('uvicorn')), 'uvicorn is a child of the suite');
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 130, stderr);
    assert.deepEqual(await gone(processes.map((p) => p.pid)), [], 'nothing left running');
    assert.match(stderr, /stopped by SIGINT during original-async-for: what this run measured \(async-for\) is in /);
    assert.deepEqual(json<Export>(output).results.map((r) => r.command), ['async-for']);
    assert.equal(hasStackTrace(stderr), false);
  });

  test('benchmark suite --help describes --original, --python and --server original', async () => {
    const help = await runClient(['suite', '--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const text of ['--original <dir>', '--python <bin>', 'The Python original:', 'python3-aiohttp python3-requests']) assert.ok(help.stdout.includes(text), text);
    assert.match(help.stdout, /^ {2}original {2}the Python original's server \(server\.py in --original DIR, FastAPI\)/m);
  });
});
