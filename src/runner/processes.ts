// Starting the project's own servers (and any program that announces its port the same
// way) as child processes: wait for the port, stop them on every path.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_FILES } from '../common/project-root.js';
import { track, type Exit } from './children.js';

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
  timeoutMs?: number;
}

/** benchmark-server, latency-proxy and the harness's bare server all print this line on stdout. */
const LISTENING = / listening on \S*:(\d+)/;
const KEEP = 1 << 20;

/**
 * Starts `command args` and resolves once it prints "... listening on ...:PORT" on stdout,
 * with that port. Rejects with its output when it exits first or stays silent too long;
 * it is stopped then, and in any case when this process exits.
 */
export async function startListening(command: string, args: readonly string[], options: ListenOptions = {}): Promise<Listening> {
  const name = options.name ?? command;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  const { stop } = track(child);
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-KEEP)));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out = (out + chunk).slice(-KEEP)));
  const timeoutMs = options.timeoutMs ?? 15_000;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const said = () => `${out}${err}`.trim();
      const timer = setTimeout(() => reject(new Error(`${name} did not report its port within ${timeoutMs / 1000} s: ${said()}`)), timeoutMs);
      child.stdout.on('data', () => {
        const match = LISTENING.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before listening: ${said()}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`${name} could not start: ${error.message}`));
      });
    });
    return { child, port, stdout: () => out, stderr: () => err, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Our benchmark-server on a free loopback port, run by `node`. */
export function startBenchmarkServer(node: string, extraArgs: readonly string[] = []): Promise<Listening> {
  return startListening(node, [PROJECT_FILES.serverCli, '--host', '127.0.0.1', '--port', '0', '--log-level', 'error', ...extraArgs], { name: 'benchmark-server' });
}

/** Our latency proxy on a free loopback port in front of 127.0.0.1:targetPort. */
export function startLatencyProxy(node: string, targetPort: number, rttMs: number): Promise<Listening> {
  return startListening(node, [PROJECT_FILES.proxyCli, '--listen', '127.0.0.1:0', '--target', `127.0.0.1:${targetPort}`, '--rtt', String(rttMs)], {
    name: 'latency-proxy',
  });
}
