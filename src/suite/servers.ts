// The server a suite measures against, one entry per --server choice: each gives the
// address the timed clients use, says whose server it is for the record, and stops
// whatever it started.
import { targetFromEnvironment } from '../common/target.js';
import { UsageError } from '../common/cli-errors.js';
import { isStopping } from '../runner/children.js';
import { ExitedBeforeReady, freeLoopbackPort, startBenchmarkServer, startPolled, type Listening } from '../runner/processes.js';
import type { OriginalCheckout } from './original.js';

export interface SuiteServer {
  host: string;
  port: number;
  /** host:port, as recorded in the environment record and shown to the user. */
  address: string;
  /** http://host:port */
  origin: string;
  /** Whose server it is, in words, for the record ("benchmark-server, this project's"). */
  name: string;
  /** Added to the timed clients' environment. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface ServerContext {
  /** The node binary the clients run on. */
  node: string;
  /** The Python original's checkout and Python (--original, --python), when given. */
  original?: OriginalCheckout;
  say(line: string): void;
}

interface ServerChoiceEntry {
  help: string;
  start(context: ServerContext): Promise<SuiteServer>;
}

/** A server this suite started on 127.0.0.1: the clients are pointed at it, and it is stopped at the end (on a signal, children.ts stops it). */
function onLoopback(server: Listening, name: string): SuiteServer {
  return {
    host: '127.0.0.1',
    port: server.port,
    address: `127.0.0.1:${server.port}`,
    origin: `http://127.0.0.1:${server.port}`,
    name,
    env: { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(server.port) },
    stop: async () => {
      await server.stop();
    },
  };
}

/** The original's server answers the one route it has (it has no /health). */
async function answersMultiply(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/multiply?number=1`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { result?: unknown };
  return response.status === 200 && body.result === 2;
}

/** A port taken between choosing it and uvicorn binding it ends uvicorn at once, silently: a new port then. */
const ORIGINAL_SERVER_ATTEMPTS = 3;

/** uvicorn started as the original's README starts it, from its checkout, on a free loopback port, polled until /multiply answers. */
async function startOriginalServer(original: OriginalCheckout): Promise<Listening> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ORIGINAL_SERVER_ATTEMPTS; attempt++) {
    const port = await freeLoopbackPort();
    const args = ['-m', 'uvicorn', '--no-access-log', '--log-level', 'critical', '--host', '127.0.0.1', '--port', String(port), 'server:app'];
    try {
      return await startPolled(original.pythonCommand, args, port, () => answersMultiply(port), {
        name: "the original's server (uvicorn)",
        cwd: original.dir,
        // The checkout is read, never written: no __pycache__ in it.
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      });
    } catch (error) {
      lastError = error;
      if (!(error instanceof ExitedBeforeReady) || isStopping()) break;
    }
  }
  const how = `${original.python} -m uvicorn --log-level info server:app, in ${original.dir}`;
  throw new Error(`${lastError instanceof Error ? lastError.message : String(lastError)} (uvicorn says nothing at --log-level critical; to see why, run ${how})`);
}

export const SERVERS = {
  env: {
    help: 'BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT (default 127.0.0.1:8080), as the original',
    start: async () => {
      const target = targetFromEnvironment();
      return {
        host: target.host,
        port: target.port,
        address: `${target.host}:${target.port}`,
        origin: target.origin,
        // Whose server that is, when the caller knows (compose's original profile says so).
        name: process.env.BENCHMARK_SERVER_NAME?.trim() || 'given by BENCHMARK_SERVER_HOST/BENCHMARK_SERVER_PORT',
        env: {},
        stop: async () => {},
      };
    },
  },
  ours: {
    help: 'our benchmark-server, started with --node on a free loopback port and stopped at the end (Ctrl-C included)',
    start: async ({ node, say }) => {
      const server = await startBenchmarkServer(node);
      say(`server on 127.0.0.1:${server.port} (pid ${server.child.pid})`);
      return onLoopback(server, "benchmark-server, this project's");
    },
  },
  original: {
    help:
      "the Python original's server (server.py in --original DIR, FastAPI) started by --python's uvicorn as its README does, on a free loopback port, stopped at the end (Ctrl-C included)",
    start: async ({ original, say }) => {
      if (!original) throw new UsageError('--server original needs --original DIR (the checkout whose server.py it starts)');
      const server = await startOriginalServer(original);
      say(`the original's server (uvicorn server:app in ${original.dir}) on 127.0.0.1:${server.port} (pid ${server.child.pid})`);
      return onLoopback(server, "the original's server.py, FastAPI on uvicorn");
    },
  },
} satisfies Record<string, ServerChoiceEntry>;

export type ServerChoice = keyof typeof SERVERS;
