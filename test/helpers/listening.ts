// Real processes on loopback for the tests of the conditions, controls, proxy, namespaces and sweeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_CLI = `${ROOT}dist/server/cli.js`;
export const CLIENT_CLI = `${ROOT}dist/client/cli.js`;
export const PROXY_CLI = `${ROOT}dist/proxy/cli.js`;

export interface Started {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Spawns a node CLI that prints one "... listening on http://ADDR:PORT" line and returns that port. */
export async function startListening(script: string, args: string[], pattern = /listening on \S*:(\d+)/): Promise<Started> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not report its port: ${out}${err}`)), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening: ${out}${err}`));
    });
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    port,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export function startServer(extraArgs: string[] = []): Promise<Started> {
  return startListening(SERVER_CLI, ['--host', '127.0.0.1', '--port', '0', '--log-level', 'error', ...extraArgs]);
}

export interface ServerStats {
  requests: number;
  connections: number;
}

export async function serverStats(port: number): Promise<ServerStats> {
  const response = await fetch(`http://127.0.0.1:${port}/stats`);
  return (await response.json()) as ServerStats;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runNode(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Ran> {
  return runCommand(process.execPath, args, env, timeoutMs);
}

export async function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Ran> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The --json outcome of the benchmark client (only the fields the tests read). */
export interface Outcome {
  test: string;
  requests: number;
  succeeded: number;
  failed: number;
  maxConcurrency: number;
  connections: number;
  connectionsOpened: number;
  threads: number;
  pools: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

export async function runClient(strategy: string, port: number, flags: string[] = []): Promise<Ran & { outcome?: Outcome }> {
  const ran = await runNode([CLIENT_CLI, strategy, ...flags, '--json'], {
    BENCHMARK_SERVER_HOST: '127.0.0.1',
    BENCHMARK_SERVER_PORT: String(port),
  });
  let outcome: Outcome | undefined;
  try {
    outcome = JSON.parse(ran.stdout) as Outcome;
  } catch {
    outcome = undefined;
  }
  return { ...ran, outcome };
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
