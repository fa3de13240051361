import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { track } from './children.js';

const SERVER_CLI = fileURLToPath(new URL('../server/cli.js', import.meta.url));
const PROXY_CLI = fileURLToPath(new URL('../proxy/cli.js', import.meta.url));

export interface Service {
  port: number;
  stop: () => Promise<void>;
}

/** Starts a node CLI that prints "... listening on ...:PORT" and resolves with that port. */
async function startService(node: string, script: string, args: string[], what: string): Promise<Service> {
  const child: ChildProcess = track(spawn(node, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not report its port within 15 s: ${output.trim()}`)), 15_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = / listening on \S*:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before listening: ${output.trim()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const exited = once(child, 'exit');
  return {
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export function startServer(node: string, delay: string): Promise<Service> {
  return startService(node, SERVER_CLI, ['--host', '127.0.0.1', '--port', '0', '--log-level', 'error', '--delay', delay], 'benchmark-server');
}

export function startProxy(node: string, targetPort: number, rttMs: number): Promise<Service> {
  return startService(node, PROXY_CLI, ['--listen', '127.0.0.1:0', '--target', `127.0.0.1:${targetPort}`, '--rtt', String(rttMs)], 'latency-proxy');
}
