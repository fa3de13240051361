// The server a suite measures against, one entry per --server choice: each gives the
// address the timed clients use and stops whatever it started. Another server (e.g. the
// Python original's, started from its checkout) is one more entry here.
import { targetFromEnvironment } from '../common/target.js';
import { startBenchmarkServer } from '../runner/processes.js';

export interface SuiteServer {
  /** host:port, as recorded in the environment record and shown to the user. */
  address: string;
  /** Added to the timed clients' environment. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface ServerContext {
  /** The node binary the clients run on. */
  node: string;
  say(line: string): void;
}

interface ServerChoiceEntry {
  help: string;
  start(context: ServerContext): Promise<SuiteServer>;
}

export const SERVERS = {
  env: {
    help: 'BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT (default 127.0.0.1:8080), as the original',
    start: async () => {
      const target = targetFromEnvironment();
      return { address: `${target.host}:${target.port}`, env: {}, stop: async () => {} };
    },
  },
  ours: {
    help: "our benchmark-server, started with --node on a free loopback port and stopped at the end (Ctrl-C included)",
    start: async ({ node, say }) => {
      const server = await startBenchmarkServer(node);
      say(`server on 127.0.0.1:${server.port} (pid ${server.child.pid})`);
      return {
        address: `127.0.0.1:${server.port}`,
        env: { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(server.port) },
        stop: async () => {
          await server.stop();
        },
      };
    },
  },
} satisfies Record<string, ServerChoiceEntry>;

export type ServerChoice = keyof typeof SERVERS;
