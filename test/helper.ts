// Shared test support, as autocannon keeps its test/helper.js: where the built programs
// are, real processes on loopback (started by the project's own process helper), and the
// checks the tests make on processes and their output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Outcome } from '../src/outcome/outcome.ts';
import type { OutcomeLine as WrittenOutcomeLine } from '../src/outcome/outcome-lines.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLIENT_CLI = `${ROOT}dist/client/cli.js`;
export const SERVER_CLI = `${ROOT}dist/server/cli.js`;
export const PROXY_CLI = `${ROOT}dist/proxy/cli.js`;
export const RUN_SH = `${ROOT}scripts/run.sh`;

/** A built module, e.g. dist<typeof import('../src/report/table.ts')>('report/table.js'): src modules import their siblings as .js, so tests load dist/ (typed from src). */
export async function dist<T>(path: string): Promise<T> {
  return (await import(new URL(`../dist/${path}`, import.meta.url).href)) as T;
}

/** A file under test/fixtures/, e.g. fixture('hyperfine/strategies.json'). */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
}

type Processes = typeof import('../src/runner/processes.ts');
function processes(): Promise<Processes> {
  return dist<Processes>('runner/processes.js');
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ServerStats {
  requests: number;
  /** Warm-up requests (marked by the client, --warm), counted apart from `requests`. */
  warmupRequests: number;
  connections: number;
}

export interface Started {
  child: import('node:child_process').ChildProcess;
  port: number;
  origin: string;
  stdout(): string;
  stderr(): string;
  /** The benchmark server's /stats (meaningful for a server). */
  stats(): Promise<ServerStats>;
  /** SIGTERM; resolves once it exited, with everything it wrote. */
  stop(): Promise<Ran>;
}

/** Runs `node script args` (this test's node) and resolves once it reports "... listening on ...:PORT". */
export async function startListening(script: string, args: string[]): Promise<Started> {
  const started = await (await processes()).startListening(process.execPath, [script, ...args]);
  const origin = `http://127.0.0.1:${started.port}`;
  return {
    child: started.child,
    port: started.port,
    origin,
    stdout: started.stdout,
    stderr: started.stderr,
    stats: () => serverStats(started.port),
    stop: async () => ({ ...(await started.stop()), stdout: started.stdout(), stderr: started.stderr() }),
  };
}

/** benchmark-server on a free loopback port. */
export function startServer(extraArgs: string[] = []): Promise<Started> {
  return startListening(SERVER_CLI, ['--host', '127.0.0.1', '--port', '0', '--log-level', 'error', ...extraArgs]);
}

export async function serverStats(port: number): Promise<ServerStats> {
  const response = await fetch(`http://127.0.0.1:${port}/stats`);
  return (await response.json()) as ServerStats;
}

/**
 * A benchmark-server for the tests of this file, or of the describe block it is called in:
 * started before them, stopped after them. Its fields are there inside the tests.
 */
export function serverForTests(extraArgs: string[] = []): Started {
  let server: Started | undefined;
  before(async () => {
    server = await startServer(extraArgs);
  });
  after(async () => {
    await server?.stop();
  });
  const current = (): Started => server ?? assert.fail('the server starts in before()');
  return {
    get child() {
      return current().child;
    },
    get port() {
      return current().port;
    },
    get origin() {
      return current().origin;
    },
    stdout: () => current().stdout(),
    stderr: () => current().stderr(),
    stats: () => current().stats(),
    stop: () => current().stop(),
  };
}

/** /stats over a connection of its own (no keep-alive), so each read adds exactly one connection. */
function statsOverOwnConnection(port: number): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/stats', agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body) as ServerStats));
      })
      .on('error', reject);
  });
}

/** A client run against the server on `port` that must succeed: its --json outcome. */
export async function verifiedOutcome(args: string[], port: number): Promise<Outcome> {
  const ran = await runClient([...args, '--json'], target(port));
  assert.equal(ran.code, 0, ran.stderr);
  const outcome = JSON.parse(ran.stdout) as Outcome;
  assert.equal(outcome.succeeded, outcome.requests, 'every request verified');
  return outcome;
}

/**
 * verifiedOutcome, with the /multiply requests (warm-ups apart) and the connections the
 * server accepted meanwhile (the /stats reads' own left out).
 */
export async function measuredRun(server: Started, args: string[]): Promise<{ outcome: Outcome; requests: number; warmupRequests: number; connections: number }> {
  const before = await statsOverOwnConnection(server.port);
  const outcome = await verifiedOutcome(args, server.port);
  const after = await statsOverOwnConnection(server.port);
  // The second read's own connection is the last one the server accepted.
  return {
    outcome,
    requests: after.requests - before.requests,
    warmupRequests: after.warmupRequests - before.warmupRequests,
    connections: after.connections - before.connections - 1,
  };
}

/** Runs a command to its end (killed after timeoutMs) and keeps its output. */
export async function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Ran> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

/** This test's node (Node 24), whatever node is first on PATH. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs?: number): Promise<Ran> {
  return runCommand(process.execPath, args, env, timeoutMs);
}

/** The benchmark CLI, e.g. runClient(['report', file]). */
export function runClient(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return runNode([CLIENT_CLI, ...args], env);
}

/** Env that points the client at a server on loopback. */
export function target(port: number): NodeJS.ProcessEnv {
  return { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(port) };
}

/** The --json outcome of the benchmark client, and a line of an outcomes.jsonl that holds one. */
export type { Outcome };
export type OutcomeLine = Omit<WrittenOutcomeLine, 'outcome'> & { outcome: Outcome | null };

/** One strategy against the server on `port`, with --json: its outcome when it printed one. */
export async function runStrategy(strategy: string, port: number, flags: string[] = []): Promise<Ran & { outcome?: Outcome }> {
  const ran = await runClient([strategy, ...flags, '--json'], target(port));
  try {
    return { ...ran, outcome: JSON.parse(ran.stdout) as Outcome };
  } catch {
    return ran;
  }
}

/** Output of a CLI that failed cleanly: a message, never a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at (file|node):/m.test(text);
}

/** A loopback port that was free a moment ago (nothing listens there now): the process helper's. */
export async function freePort(): Promise<number> {
  return (await processes()).freeLoopbackPort();
}

/** Whether a process still exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passed; resolves whether it held. */
export async function waitUntil(check: () => boolean, timeoutMs = 120_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** PIDs below `pid`, children and theirs, at this moment (Linux /proc). */
export function descendantsOf(pid: number): number[] {
  const below = childrenOf(pid);
  return [...below, ...below.flatMap(descendantsOf)];
}
