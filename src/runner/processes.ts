// Starting servers as children: wait for the port they announce, stop them on every path. One that
// says nothing (uvicorn at --log-level critical) is given a free port and polled until it answers.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { spawnTracked, type Exit } from './children.js';

export interface Listening {
  child: ChildProcess;
  port: number;
  /** What it wrote so far (the last MiB of each). */
  stdout(): string;
  stderr(): string;
  /** SIGTERM (SIGKILL if it lingers); resolves once it has exited and its output is read. */
  stop(): Promise<Exit>;
}

export interface ListenOptions {
  /** Named in errors; default: the command. */
  name?: string;
  env?: NodeJS.ProcessEnv;
  /** Working directory; default: this process's. */
  cwd?: string;
  timeoutMs?: number;
}

/** benchmark-server, latency-proxy and the harness's bare server all print this line on stdout. */
const LISTENING = / listening on \S*:(\d+)/;
const KEEP = 1 << 20;

/** The program ended before it was ready (as opposed to: it did not get ready in time). */
export class ExitedBeforeReady extends Error {}

/** A tracked child with its output kept, for the two ways of waiting until it is ready. */
function spawnKept(command: string, args: readonly string[], options: ListenOptions) {
  const { child, stop } = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd, env: { ...process.env, ...options.env } });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-KEEP)));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out = (out + chunk).slice(-KEEP)));
  return { child, stop, stdout: () => out, stderr: () => err, said: () => `${out}${err}`.trim() };
}

/** Waits for `ready` to resolve the port; rejects (stopping the child) when it exits first, cannot start, or `timeoutMs` passes. */
async function whenReady(
  kept: ReturnType<typeof spawnKept>,
  name: string,
  timeoutMs: number,
  ready: (resolve: (port: number) => void) => () => void,
): Promise<Listening> {
  const { child, stop } = kept;
  let cancel = () => {};
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs / 1000} s: ${kept.said() || 'it said nothing'}`)), timeoutMs);
      const done = (value: number) => {
        clearTimeout(timer);
        resolve(value);
      };
      cancel = ready(done);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new ExitedBeforeReady(`${name} exited (${code ?? signal}) before it was ready: ${kept.said() || 'it said nothing'}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`${name} could not start: ${error.message}`));
      });
    });
    return { child, port, stdout: kept.stdout, stderr: kept.stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    cancel();
  }
}

/** Starts `command args`, resolving with the port of its "... listening on ...:PORT" line; rejects with its output as whenReady does. */
export function startListening(command: string, args: readonly string[], options: ListenOptions = {}): Promise<Listening> {
  const kept = spawnKept(command, args, options);
  return whenReady(kept, options.name ?? command, options.timeoutMs ?? 15_000, (resolve) => {
    const onData = () => {
      const match = LISTENING.exec(kept.stdout());
      if (match) resolve(Number(match[1]));
    };
    kept.child.stdout!.on('data', onData);
    return () => kept.child.stdout!.off('data', onData);
  });
}

/** A loopback port that was free a moment ago, for a program that must be told its port. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** How often startPolled asks whether the program is ready. */
const POLL_MS = 100;

/** Starts `command args`, told to listen on `port` but announcing nothing, resolving once `isReady()` holds (asked every POLL_MS, one at a time). */
export function startPolled(command: string, args: readonly string[], port: number, isReady: () => Promise<boolean>, options: ListenOptions = {}): Promise<Listening> {
  const kept = spawnKept(command, args, options);
  return whenReady(kept, options.name ?? command, options.timeoutMs ?? 30_000, (resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const ask = async () => {
      const ready = await isReady().catch(() => false);
      if (cancelled) return;
      if (ready) resolve(port);
      else timer = setTimeout(() => void ask(), POLL_MS);
    };
    void ask();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  });
}
