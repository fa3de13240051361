// What the harness needs beyond the project's own process helper (src/runner/processes.ts,
// loaded from dist/ as the harness runs after a build): servers with a raised open-file
// limit and their memory, commands run to completion, and a median.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_CLI = `${ROOT}dist/client/cli.js`;

type Processes = typeof import('../../src/runner/processes.ts');
const { startListening } = (await import(`${ROOT}dist/runner/processes.js`)) as Processes;

export interface Server {
  name: string;
  port: number;
  pid: number;
  /** Resident memory now, from /proc (Linux). */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Starts a server that prints `... listening on http://127.0.0.1:PORT` and waits for that line. */
export async function startServer(name: string, args: string[], fdLimit = 65_536): Promise<Server> {
  // Through bash so the open-file limit can be raised for thousands of connections; exec keeps the pid.
  const server = await startListening('bash', ['-c', `ulimit -n ${fdLimit} 2>/dev/null || true; exec "$@"`, 'bash', ...args], { name });
  const pid = server.child.pid as number;
  return {
    name,
    port: server.port,
    pid,
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async stop() {
      await server.stop();
    },
  };
}

export async function capture(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw Object.assign(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}: ${err.trim().slice(-500)}`), { stderr: err, exit: code ?? signal });
  }
  return out;
}

export function hasCommand(name: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
