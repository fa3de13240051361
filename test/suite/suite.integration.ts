// `benchmark suite` itself (run.sh's own tests are in test/suite/run-script.integration.ts): its
// help, its own server (--server ours) started and stopped on every path, npm run bench.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRATEGIES, SUITE_STRATEGIES } from '../../src/strategies/registry.ts';
import { alive, childrenOf, CLIENT_CLI, descendantsOf, hasStackTrace, ROOT, runClient, runCommand, waitUntil, dist } from '../helper.ts';

interface Export {
  results: { command: string; exit_codes: number[] }[];
}

interface Meta {
  parameters: Record<string, string | number>;
  settings: Record<string, { warmup: number; runs: number; reason: string; probeSeconds?: number }>;
  incomplete?: string;
  loadAverageAtEnd?: number[];
}

/** The pid of the server the suite started, from its "server on 127.0.0.1:PORT (pid N)" line. */
function serverPid(stderr: string): number {
  const match = /suite: server on 127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stderr);
  assert.ok(match, `no server line in: ${stderr}`);
  return Number(match[1]);
}

async function gone(pids: number[]): Promise<number[]> {
  // A killed process may take a moment to be reaped by its parent.
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(alive);
}

describe('benchmark suite', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-suite-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('--help describes every option, the servers and the defaults from the registry', async () => {
    const help = await runClient(['suite', '--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const option of ['-w, --warmup', '-r, --runs', '-q, --queries', '-c, --chunk', '-o, --output', '-s, --strategies', '--runtime', '--server-runtime', '--server', '--aa', '--seed']) {
      assert.ok(help.stdout.includes(option), `help lacks ${option}`);
    }
    // Every option reads its variable too, and says which.
    for (const variable of ['BENCHMARK_WARMUP', 'BENCHMARK_RUNS', 'BENCHMARK_QUERIES', 'BENCHMARK_CHUNK', 'BENCHMARK_STRATEGIES', 'BENCHMARK_RUNTIME']) {
      assert.ok(help.stdout.replace(/\s+/g, ' ').includes(`env: ${variable})`), `help lacks ${variable}`);
    }
    assert.match(help.stdout, /^ {2}env +BENCHMARK_SERVER_HOST/m);
    assert.match(help.stdout, /^ {2}ours +our benchmark-server/m);
    const compact = help.stdout.replace(/\s+/g, ' ');
    assert.ok(compact.includes(`default: ${SUITE_STRATEGIES.map((s) => s.name).join(', ')}`), compact);
    for (const other of STRATEGIES.filter((s) => !s.suite)) assert.ok(compact.includes(other.name), `help lacks ${other.name}`);
    // run.sh --help shows the same options, whatever node is first on PATH.
    const viaScript = await runCommand('bash', [join(ROOT, 'scripts/run.sh'), process.execPath, '--help']);
    assert.equal(viaScript.code, 0, viaScript.stderr);
    assert.match(viaScript.stdout, /^Usage: scripts\/run\.sh <runtime> \[options\]/);
    assert.ok(viaScript.stdout.includes(help.stdout), 'run.sh --help prints the suite help');
  });

  test('--server ours: measures against its own server, then stops it', { timeout: 120_000 }, async () => {
    const output = join(dir, 'ours.json');
    const ran = await runClient(['suite', '--server', 'ours', '-w', '0', '-r', '1', '-q', '6', '-c', '3', '-s', 'async-for,threads-reuse', '-o', output], {
      // Nothing listens here: the suite must not use the environment's server.
      BENCHMARK_SERVER_HOST: '127.0.0.1',
      BENCHMARK_SERVER_PORT: '1',
      // Empty variables are unset (compose passes unset ones as empty), not the value ''.
      BENCHMARK_SEED: '',
      BENCHMARK_CONNECTIONS: '',
    });
    assert.equal(ran.code, 0, ran.stderr);
    const exported = JSON.parse(readFileSync(output, 'utf8')) as Export;
    assert.deepEqual(exported.results.map((r) => [r.command, r.exit_codes]), [['async-for', [0]], ['threads-reuse', [0]]]);
    const meta = JSON.parse(readFileSync(join(dir, 'ours.meta.json'), 'utf8')) as { node: string; parameters: Record<string, unknown> };
    assert.equal(meta.node, process.versions.node);
    assert.match(String(meta.parameters.server), /^127\.0\.0\.1:\d+$/);
    assert.notEqual(meta.parameters.server, '127.0.0.1:1');
    assert.deepEqual(await gone([serverPid(ran.stderr)]), [], 'the server is stopped');
    assert.match(ran.stderr, /suite: files: .*ours\.outcomes\.jsonl .*ours\.json .*ours\.md .*ours\.meta\.json .*ours\.report\.md .*ours\.svg/);
    // -w 0 -r 1 is exactly one invocation per strategy: the probe is the run.
    const lines = readFileSync(join(dir, 'ours.outcomes.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
  });

  /** Starts `benchmark suite ARGS`, waits until it runs hyperfine and hyperfine a client; returns them all. */
  async function suiteAtWork(args: string[], env: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, [CLIENT_CLI, 'suite', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    let children: number[] = [];
    let grandchildren: number[] = [];
    for (let i = 0; i < 200 && grandchildren.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      children = childrenOf(child.pid as number);
      grandchildren = children.flatMap(childrenOf);
    }
    assert.ok(grandchildren.length > 0, `no client started: ${stderr}`);
    return { child, processes: [...children, ...grandchildren], stderr: () => stderr };
  }

  test('Ctrl-C stops the suite, its own server, hyperfine and the client being timed', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 60_000 }, async () => {
    const running = await suiteAtWork(['--server', 'ours', '-w', '0', '-r', '200', '-q', '300', '-c', '2', '-s', 'async-limit', '-o', join(dir, 'interrupted.json')]);
    assert.ok(running.processes.includes(serverPid(running.stderr())), 'the server is a child of the suite');
    running.child.kill('SIGINT');
    const [exitCode] = (await once(running.child, 'close')) as [number | null];
    assert.equal(exitCode, 130, running.stderr());
    assert.deepEqual(await gone(running.processes), [], 'nothing left running');
    assert.equal(hasStackTrace(running.stderr()), false, running.stderr());
  });

  test('SIGKILL of the suite (no handler runs) still takes its server, hyperfine and the client with it; the next run clears its scratch folder', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 60_000 }, async () => {
    const running = await suiteAtWork(['--server', 'ours', '-w', '0', '-r', '200', '-q', '300', '-c', '2', '-s', 'async-limit', '-o', join(dir, 'killed.json')]);
    const scratch = readdirSync(tmpdir()).filter((name) => name.startsWith(`ntab-measure-${running.child.pid}-`));
    assert.equal(scratch.length, 1, 'the run keeps its temporary files in one folder of its own');
    running.child.kill('SIGKILL');
    await once(running.child, 'close');
    assert.deepEqual(await gone(running.processes), [], 'nothing left running');
    assert.ok(!existsSync(join(dir, 'killed.json.lock')) || readFileSync(join(dir, 'killed.json.lock'), 'utf8').trim() === String(running.child.pid), 'at most its own stale lock');
    // The next run starts as if nothing had happened: the stale lock is taken over, the stale scratch folder removed.
    const next = await runClient(['suite', '--server', 'ours', '-w', '0', '-r', '1', '-q', '4', '-c', '2', '-s', 'async-for', '-o', join(dir, 'killed.json')]);
    assert.equal(next.code, 0, next.stderr);
    assert.ok(!existsSync(join(tmpdir(), scratch[0]!)), 'the killed run\'s scratch folder is gone');
  });

  test('two suites with the same -o at once: the second exits 2 naming the first one\'s pid, and writes nothing', { timeout: 60_000 }, async () => {
    const output = join(dir, 'shared.json');
    const first = await suiteAtWork(['--server', 'ours', '-w', '0', '-r', '200', '-q', '300', '-c', '2', '-s', 'async-limit', '-o', output]);
    try {
      const second = await runClient(['suite', '--server', 'ours', '-w', '0', '-r', '1', '-q', '4', '-s', 'async-for', '-o', output]);
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, new RegExp(`shared\\.json is being written by another run \\(pid ${first.child.pid}\\)`));
      assert.equal(second.stderr.trim().split('\n').length, 1);
    } finally {
      first.child.kill('SIGINT');
      await once(first.child, 'close');
    }
  });

  test('-o naming a directory is refused before anything starts', async () => {
    const ran = await runClient(['suite', '--server', 'ours', '-w', '0', '-r', '1', '-q', '4', '-s', 'async-for', '-o', `${dir}/folder.json`], {});
    assert.equal(ran.code, 0, ran.stderr);
    const folder = join(dir, 'is-a-folder.json');
    mkdirSync(folder);
    const refused = await runClient(['suite', '--server', 'ours', '-w', '0', '-r', '1', '-q', '4', '-s', 'async-for', '-o', folder]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /is a directory: give the path of the export file/);
    assert.doesNotMatch(refused.stderr, /server on/, 'no server was started');
  });

  test('SIGTERM also stops a client that waits on a server that never answers', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 60_000 }, async () => {
    // Accepts connections and never answers: the client would wait for its 30 s timeout.
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as AddressInfo;
      const running = await suiteAtWork(['-w', '0', '-r', '1', '-q', '2', '-s', 'async-for', '-o', join(dir, 'terminated.json')], {
        BENCHMARK_SERVER_HOST: '127.0.0.1',
        BENCHMARK_SERVER_PORT: String(port),
      });
      running.child.kill('SIGTERM');
      const [exitCode] = (await once(running.child, 'close')) as [number | null];
      assert.equal(exitCode, 143, running.stderr());
      assert.deepEqual(await gone(running.processes), [], 'hyperfine and the client are stopped, not left waiting');
    } finally {
      silent.close();
    }
  });

  test('npm run bench (scripts/bench.sh): our own server, results where it says', { timeout: 120_000 }, async () => {
    const output = join(dir, 'bench', 'run.json');
    const ran = await runCommand('bash', [join(ROOT, 'scripts/bench.sh'), '-w', '0', '-r', '1', '-q', '4', '-c', '2', '-s', 'async-map'], {
      NODE_BIN: process.execPath,
      BENCH_OUTPUT: output,
      BENCHMARK_SERVER_PORT: '1',
    });
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(readdirSync(join(dir, 'bench')).sort(), ['run.json', 'run.md', 'run.meta.json', 'run.outcomes.jsonl', 'run.report.md', 'run.svg']);
    assert.ok(ran.stderr.includes(`suite: files: ${join(dir, 'bench', 'run.outcomes.jsonl')} ${output}`), ran.stderr);
    const meta = JSON.parse(readFileSync(join(dir, 'bench', 'run.meta.json'), 'utf8')) as { command: string };
    assert.equal(meta.command, 'npm run bench -- -w 0 -r 1 -q 4 -c 2 -s async-map');
    assert.deepEqual(await gone([serverPid(ran.stderr)]), []);
  });

  test('--exact: exactly -w warmups and -r runs, no probe, recorded as such', { timeout: 120_000 }, async () => {
    const output = join(dir, 'exact.json');
    const ran = await runClient(['suite', '--server', 'ours', '--exact', '-w', '2', '-r', '3', '-q', '4', '-c', '2', '-s', 'async-for', '-o', output]);
    assert.equal(ran.code, 0, ran.stderr);
    const lines = readFileSync(join(dir, 'exact.outcomes.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { invocation: number; of: number; warmup: boolean });
    assert.deepEqual(lines.map((line) => [line.invocation, line.of, line.warmup]), [[1, 5, true], [2, 5, true], [3, 5, false], [4, 5, false], [5, 5, false]]);
    const meta = JSON.parse(readFileSync(join(dir, 'exact.meta.json'), 'utf8')) as Meta;
    assert.deepEqual(meta.settings['async-for'], { warmup: 2, runs: 3, reason: '-w 2 -r 3 as given' });
    assert.equal(meta.parameters.budget, 'exact');
    assert.doesNotMatch(ran.stderr, /probe/);
  });

  test('the time budget: each strategy\'s settings are the rule applied to its probe, printed and recorded', { timeout: 120_000 }, async () => {
    const output = join(dir, 'budget.json');
    const ran = await runClient(['suite', '--server', 'ours', '--budget', '2', '-w', '3', '-r', '4', '-q', '10', '-c', '5', '-s', 'threads-reuse,async-for', '-o', output]);
    assert.equal(ran.code, 0, ran.stderr);
    const { settingsAfterProbe } = await dist<typeof import('../../src/measure/settings.ts')>('measure/settings.js');
    const meta = JSON.parse(readFileSync(join(dir, 'budget.meta.json'), 'utf8')) as Meta;
    assert.deepEqual(Object.keys(meta.settings), ['threads-reuse', 'async-for']);
    for (const [strategy, used] of Object.entries(meta.settings)) {
      assert.equal(typeof used.probeSeconds, 'number');
      assert.deepEqual(used, settingsAfterProbe({ warmup: 3, runs: 4, budgetSeconds: 2 }, used.probeSeconds!), strategy);
      assert.ok(ran.stderr.includes(`suite: ${strategy}: ${used.warmup} warmup + ${used.runs} runs (${used.reason})`), ran.stderr);
      const exported = JSON.parse(readFileSync(output, 'utf8')) as { results: { command: string; times: number[] }[] };
      assert.equal(exported.results.find((r) => r.command === strategy)?.times.length, used.runs);
    }
    assert.equal(meta.parameters.budget, 2);
  });

  test('SIGTERM to npm run bench mid-run: its server, hyperfine and the client stop; what was measured is kept', { skip: process.platform !== 'linux' && 'reads /proc', timeout: 120_000 }, async () => {
    const output = join(dir, 'bench-term', 'run.json');
    const npm = spawn('npm', ['run', 'bench', '--', '--exact', '-w', '0', '-r', '40', '-q', '20', '-c', '5', '-s', 'async-for,async-limit'], {
      cwd: ROOT,
      env: { ...process.env, NODE_BIN: process.execPath, BENCH_OUTPUT: output },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    assert.ok(await waitUntil(() => /\[round 3\]/.test(stderr)), stderr);
    const processes = descendantsOf(npm.pid!);
    assert.ok(processes.includes(serverPid(stderr)), 'the server is below npm');
    npm.kill('SIGTERM');
    const [code] = (await once(npm, 'close')) as [number | null];
    assert.equal(code, 143, stderr);
    assert.deepEqual(await gone(processes), [], 'nothing left running');
    assert.match(stderr, /stopped by SIGTERM during async-(for|limit): what this run measured \(.+\) is in /);
    // Both strategies ran in every round so far: both are kept, each with the runs it had.
    const exported = JSON.parse(readFileSync(output, 'utf8')) as Export;
    assert.deepEqual(exported.results.map((r) => r.command), ['async-for', 'async-limit']);
    assert.ok(exported.results.every((r) => r.exit_codes.length >= 2 && r.exit_codes.length < 40));
    const meta = JSON.parse(readFileSync(join(dir, 'bench-term', 'run.meta.json'), 'utf8')) as Meta;
    assert.match(meta.incomplete ?? '', /^stopped by SIGTERM during async-(for|limit)$/);
    assert.equal(meta.loadAverageAtEnd?.length, 3);
    assert.ok(readFileSync(join(dir, 'bench-term', 'run.report.md'), 'utf8').includes('async-for'));
  });

  test('bad input: one line, exit 2, nothing started', async () => {
    const output = join(dir, 'never.json');
    for (const [args, message] of [
      [['-s', ','], /--strategies names no strategy, got ','/],
      [['-s', 'async-for,threads-magic'], /unknown strategy 'threads-magic'; valid: /],
      [['--server', 'elsewhere'], /Allowed choices are env, ours/],
      [['-q'], /option -q needs a value/],
      [['-q', '010x'], /--queries must be an integer from 1 to 100000000, got '010x'/],
      [['--aa', 'async-limit', '-s', 'async-for'], /--aa async-limit: not among the commands of this run \(async-for\)/],
      [['--seed', '-1'], /--seed must be an integer from 0 to 4294967295, got '-1'/],
      [['-s', ''], /--strategies names no strategy, got ''/],
      [['--budget', 'soon'], /--budget must be a number from 0 to 86400/],
      [['--node', '/nonexistent/node'], /--node '\/nonexistent\/node': not found/],
      [['--runtime', '/bin/true'], /--runtime '\/bin\/true': does not run as node, bun or deno/],
    ] as const) {
      const ran = await runClient(['suite', '-o', output, ...args]);
      assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, message);
      assert.equal(hasStackTrace(ran.stderr), false);
    }
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('never')), []);
  });
});
