import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_CLI, ROOT, runCommand, type Ran, alive } from '../helper.ts';

const SCRIPT = join(ROOT, 'scripts/netns-run.sh');
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const skip = !isRoot ? 'network namespaces need root' : !hasIp ? 'iproute2 (ip) is not installed' : false;
// Everything the script runs must find this Node (24), not an older one first on PATH.
const env = { PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` };

function netns(args: string[]): Promise<Ran> {
  return runCommand('bash', [SCRIPT, ...args], env, 180_000);
}

/** Asserts that the run whose log this is left no namespace, veth, server, proxy or command behind. */
function assertNothingLeft(stderr: string): void {
  const names = /namespaces (ntab-(\d+)-srv) (ntab-\d+-cli), veth (\S+) (\S+)/.exec(stderr);
  assert.ok(names, `no namespace line in: ${stderr}`);
  const [, srv, pid, cli, vethSrv, vethCli] = names as unknown as string[];
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  assert.ok(!namespaces.includes(`ntab-${pid}-`), `namespaces left: ${namespaces}`);
  for (const ns of [srv, cli]) assert.ok(!namespaces.includes(ns as string));
  const links = spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout;
  for (const veth of [vethSrv, vethCli]) assert.ok(!links.includes(`${veth}`), `veth ${veth} left`);
  for (const match of stderr.matchAll(/(?:server|proxy) pid (\d+)/g)) assert.ok(!alive(Number(match[1])), `process ${match[1]} left`);
  assert.match(stderr, /cleaned up ntab-\d+-srv, ntab-\d+-cli/);
}

describe('scripts/netns-run.sh', { skip, timeout: 600_000 }, () => {
  test('runs a tiny suite across the emulated link and leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntab-netns-'));
    try {
      const output = join(dir, 'netns.json');
      const ran = await netns(['--rtt', '4', '--', '-w', '0', '-r', '1', '-q', '20', '-c', '5', '-s', 'async-limit,threads-reuse', '-o', output]);
      assert.equal(ran.code, 0, ran.stderr);
      // auto picks netem where the kernel has it, else the proxy; either way it says which.
      assert.match(ran.stderr, /link (netem|proxy), rtt 4 ms/);
      assert.match(ran.stderr, /-> 10\.77\.0\.1:\d+/);
      const results = (JSON.parse(readFileSync(output, 'utf8')) as { results: { command: string }[] }).results;
      assert.deepEqual(results.map((r) => r.command), ['async-limit', 'threads-reuse']);
      assertNothingLeft(ran.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the command sees the server across the link, and the recorded network says how it was emulated', async () => {
    const ran = await netns(['--rtt', '2', '--link', 'proxy', '--server-delay', '1', '--', process.execPath, '-e',
      'const e = process.env; console.log(JSON.stringify({ host: e.BENCHMARK_SERVER_HOST, link: e.BENCHMARK_LINK, network: e.BENCHMARK_NETWORK }))']);
    assert.equal(ran.code, 0, ran.stderr);
    const seen = JSON.parse(ran.stdout) as { host: string; link: string; network: string };
    assert.equal(seen.host, '10.77.0.1');
    assert.equal(seen.link, 'proxy');
    assert.match(seen.network, /link proxy, rtt 2 ms, server delay 1/);
    assertNothingLeft(ran.stderr);
  });

  test('a sweep runs across the link with --target env and records the link it ran over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntab-netns-sweep-'));
    try {
      const ran = await netns(['--rtt', '3', '--', process.execPath, CLIENT_CLI, 'sweep', '--target', 'env', '--param', 'chunk', '--values', '2',
        '-s', 'async-limit', '-r', '10', '--runs', '1', '--warmup', '0', '-o', dir]);
      assert.equal(ran.code, 0, ran.stderr);
      const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { target: string; environment: { conditions: Record<string, unknown> } };
      assert.match(sweep.target, /^10\.77\.0\.1:\d+/);
      assert.match(String(sweep.environment.conditions.network), /^netns veth, link (netem|proxy), rtt 3 ms/);
      assertNothingLeft(ran.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failing run keeps its exit code and still cleans up', async () => {
    // The client aims at a closed port inside the client namespace: every request fails.
    const ran = await netns(['--rtt', '2', '--', 'env', 'BENCHMARK_SERVER_PORT=1', process.execPath, CLIENT_CLI, 'async-for', '-r', '3', '--timeout', '2000']);
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stderr, /3 of 3 requests .* failed/);
    assertNothingLeft(ran.stderr);
  });

  test('Ctrl-C (SIGINT) mid-run stops the command and cleans up', async () => {
    const child = spawn('bash', [SCRIPT, '--rtt', '2', '--', 'sh', '-c', 'echo command pid $$; exec sleep 60'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // A script that ends before the command runs fails the test instead of leaving it waiting.
    const started = new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        const match = /command pid (\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.on('close', (code) => reject(new Error(`the script ended (exit ${code}) before the command ran: ${stderr}`)));
    });
    const commandPid = await started;
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 130, stderr);
    assert.ok(!alive(commandPid), 'the command survived');
    assertNothingLeft(stderr);
  });

  test('Ctrl-C twice (the second during the clean-up), then SIGTERM: the clean-up still finishes', async () => {
    // The command takes 1.5 s to stop on SIGTERM, so the clean-up is still running when the
    // next signals come. It ignores SIGINT itself, as hyperfine's children would not.
    const command = `process.on('SIGINT', () => {});
      process.on('SIGTERM', () => { console.log('command stopping'); setTimeout(() => process.exit(0), 1500); });
      console.log('command pid', process.pid); setInterval(() => {}, 1000);`;
    // Its own process group, so a signal reaches every process in it, as Ctrl-C in a terminal does.
    const child = spawn('bash', [SCRIPT, '--rtt', '2', '--link', 'proxy', '--', process.execPath, '-e', command], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const seen = (pattern: RegExp): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const look = (): void => {
          const match = pattern.exec(stdout);
          if (match) resolve(match);
          else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`the script ended before ${pattern}: ${stderr}`));
          else setTimeout(look, 20);
        };
        look();
      });
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    const group = -(child.pid as number);
    // A signal to a group or process that is gone already is no error here: the assertions below say what went wrong.
    const signal = (target: number, name: NodeJS.Signals): void => {
      try {
        process.kill(target, name);
      } catch {
        // gone
      }
    };
    const commandPid = Number((await seen(/command pid (\d+)/))[1]);
    signal(group, 'SIGINT');
    await seen(/command stopping/);
    signal(group, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    signal(group, 'SIGINT');
    signal(child.pid as number, 'SIGTERM');
    const [code, killedBy] = await closed;
    assert.equal(killedBy, null, `netns-run.sh was killed by ${killedBy}: ${stderr}`);
    assert.equal(code, 130, stderr);
    assert.ok(!alive(commandPid), 'the command survived');
    assertNothingLeft(stderr);
    const work = /temp dir (\S+)/.exec(stderr)?.[1];
    assert.ok(work, stderr);
    assert.equal(existsSync(work), false, `temp dir ${work} left`);
  });

  /** Alive and not a zombie: a killed process whose parent died waits for init to reap it, which may take a moment. */
  function running(pid: number): boolean {
    if (!alive(pid)) return false;
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }

  // A command that ignores SIGINT and SIGTERM, and so does the child it starts (ignored
  // dispositions are inherited): only SIGKILL stops them.
  const STUBBORN = 'trap "" INT TERM; echo command pid $$; sleep 60 & echo child pid $!; wait $!';

  /** Starts the script with `launch` (its own args appended), and resolves once the stubborn command and its child run. */
  async function startStubborn(launch: string[]): Promise<{
    closed: Promise<[number | null, NodeJS.Signals | null]>;
    pids: () => { command: number; child: number; script?: number };
    stderr: () => string;
  }> {
    const child = spawn('bash', [...launch, '--rtt', '2', '--', 'sh', '-c', STUBBORN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    const pids = () => ({
      command: Number(/command pid (\d+)/.exec(stdout)?.[1]),
      child: Number(/child pid (\d+)/.exec(stdout)?.[1]),
      script: Number(/script pid (\d+)/.exec(stderr)?.[1] ?? child.pid),
    });
    while (!/child pid \d+/.test(stdout)) {
      if (child.exitCode !== null) assert.fail(`the script ended before the command ran: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { closed, pids, stderr: () => stderr };
  }

  test('SIGINT to a run started in the background by a script (SIGINT ignored on entry): the command that ignores signals is killed, exit 130', async () => {
    // `netns-run.sh ... &` in a non-interactive shell starts it with SIGINT ignored, which bash cannot trap.
    const run = await startStubborn(['-c', 'bash "$0" "$@" & echo "script pid $!" >&2; wait $!', SCRIPT]);
    const { command, child, script } = run.pids();
    process.kill(script as number, 'SIGINT');
    const [code, signal] = await run.closed;
    assert.deepEqual({ code, signal }, { code: 130, signal: null }, run.stderr());
    // TERM first, then KILL after the grace period: the log says so.
    assert.match(run.stderr(), /still running 5 s after SIGTERM: sending SIGKILL to pid/);
    assert.ok(!running(command), 'the command survived');
    assert.ok(!running(child), "the command's child survived");
    assertNothingLeft(run.stderr());
  });

  test('SIGTERM with a command that ignores signals: TERM, then KILL after the grace period, the clean-up, exit 143', async () => {
    const run = await startStubborn([SCRIPT]);
    const { command, child, script } = run.pids();
    process.kill(script as number, 'SIGTERM');
    const [code, signal] = await run.closed;
    assert.deepEqual({ code, signal }, { code: 143, signal: null }, run.stderr());
    assert.match(run.stderr(), /still running 5 s after SIGTERM: sending SIGKILL to pid/);
    assert.ok(!running(command), 'the command survived');
    assert.ok(!running(child), "the command's child survived");
    assertNothingLeft(run.stderr());
    const work = /temp dir (\S+)/.exec(run.stderr())?.[1];
    assert.ok(work && !existsSync(work), `temp dir ${work} left`);
  });

  test('a --node that is no Node.js gives a reason, not an empty one', async () => {
    for (const node of ['/bin/false', '/bin/true', '/nonexistent/node']) {
      const ran = await netns(['--node', node, '--', 'true']);
      assert.equal(ran.code, 2, `${node}: ${ran.stderr}`);
      assert.match(ran.stderr, new RegExp(`^netns-run: error: node '${node}'(: | is )\\S`), ran.stderr);
      assert.match(ran.stderr, /not a Node\.js binary\?|not an executable file/);
      assert.doesNotMatch(ran.stderr, /namespaces ntab-/);
    }
  });

  test('asking for netem where the kernel lacks it is a clear error, not a run without delay', async (t) => {
    const ran = await netns(['--rtt', '2', '--link', 'netem', '--', 'true']);
    if (ran.code === 0) {
      t.skip('this kernel has netem');
      return;
    }
    assert.equal(ran.code, 2, ran.stderr);
    assert.match(ran.stderr, /tc netem is not available on this kernel/);
    assertNothingLeft(ran.stderr);
  });

  test('bad options are usage errors before anything is created', async () => {
    for (const args of [['--rtt', 'abc'], ['--link', 'wire'], ['--loss', '150'], ['--link', 'proxy', '--jitter', '3'], ['--server-delay', 'uniform:3']]) {
      const ran = await netns(args);
      assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, /error: /);
      assert.doesNotMatch(ran.stderr, /namespaces ntab-/);
    }
  });
});
