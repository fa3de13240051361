// Spawns the real built CLIs (dist/) the way a user runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_CLI = `${ROOT}dist/client/cli.js`;
export const SERVER_CLI = `${ROOT}dist/server/cli.js`;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export async function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

export function runClient(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return run(process.execPath, [CLIENT_CLI, ...args], env);
}

/** Env that points the client at a server on loopback. */
export function target(port: number): NodeJS.ProcessEnv {
  return { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(port) };
}

export interface RunningServer {
  port: number;
  origin: string;
  child: ChildProcess;
  stats(): Promise<{ requests: number; connections: number }>;
  stop(): Promise<Finished>;
}

/** Starts `benchmark-server --port 0` on loopback and reads the port it reports. */
export async function startServer(extraArgs: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [SERVER_CLI, '--host', '127.0.0.1', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    port,
    origin,
    child,
    async stats() {
      const response = await fetch(`${origin}/stats`);
      return (await response.json()) as { requests: number; connections: number };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code, signal] = await closed;
      return { code, signal, stdout, stderr };
    },
  };
}

/** Output of a CLI that failed cleanly: a message, never a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at (file|node):/m.test(text);
}

/** A loopback port that was free a moment ago (nothing listens there now). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
