// The servers a measurement runs against: each distinct TargetSpec is started once, on first use, and
// kept to the end, so commands against different targets (a sweep over delays or RTTs) interleave.
import { UsageError } from '../common/cli-errors.js';
import { targetFromEnvironment, type Target as Address } from '../common/target.js';
import { runScript, type Runtime } from '../environment/runtime.js';
import { isStopping } from '../runner/children.js';
import { ExitedBeforeReady, freeLoopbackPort, startListening, startPolled, type Listening } from '../runner/processes.js';
import { PROJECT_FILES } from '../common/project-root.js';
import { isJsonObject, parseJsonOrUndefined } from '../common/json.js';

/** Where a command's requests go. */
export type TargetSpec =
  /** BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT, as the original. */
  | { kind: 'env' }
  /** Our benchmark-server on loopback, with this upstream delay, reached through the latency proxy when rtt > 0. */
  | { kind: 'ours'; delay: string; rtt: number }
  /** The Python original's server.py (uvicorn) from its checkout. */
  | { kind: 'original' };

export interface Target extends Address {
  /** host:port, as recorded and shown. */
  address: string;
  /** Whose server it is, in words, for the record. */
  name: string;
}

/** What starting the targets needs: the runtime of our server and proxy, the original's checkout. */
export interface TargetContext {
  serverRuntime: Runtime;
  original?: { dir: string; pythonCommand: string; python: string };
  say(line: string): void;
}

/** The --server choices of the suite, in words for its --help. */
export const SERVER_CHOICES = {
  env: 'BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT (default 127.0.0.1:8080), as the original',
  ours: 'our benchmark-server, started on a free loopback port and stopped at the end (Ctrl-C included)',
  original:
    "the Python original's server (server.py in --original DIR, FastAPI) started by --python's uvicorn as its README does, on a free loopback port, stopped at the end (Ctrl-C included)",
} as const;

export type ServerChoice = keyof typeof SERVER_CHOICES;

/** The suite's --server choice as a target. */
export function serverTarget(choice: ServerChoice): TargetSpec {
  return choice === 'ours' ? { kind: 'ours', delay: '0', rtt: 0 } : { kind: choice };
}

function onLoopback(port: number, name: string): Target {
  return { host: '127.0.0.1', port, address: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, name };
}

/** The original's server answers the one route it has (it has no /health). */
async function answersMultiply(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/multiply?number=1`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { result?: unknown };
  return response.status === 200 && body.result === 2;
}

/** A port taken between choosing it and uvicorn binding it ends uvicorn at once, silently: a new port then. */
const ORIGINAL_SERVER_ATTEMPTS = 3;

async function startOriginalServer(original: NonNullable<TargetContext['original']>): Promise<Listening> {
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

/** Every target of one measurement: started on first use, stopped together. */
export class Targets {
  private readonly started = new Map<string, Promise<Target>>();
  private readonly children: Listening[] = [];
  private readonly context: TargetContext;

  constructor(context: TargetContext) {
    this.context = context;
  }

  get(spec: TargetSpec): Promise<Target> {
    const key = spec.kind === 'ours' ? `ours delay=${spec.delay} rtt=${spec.rtt}` : spec.kind;
    let target = this.started.get(key);
    if (!target) this.started.set(key, (target = this.start(spec)));
    return target;
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.splice(0).map((child) => child.stop()));
  }

  private async listen(script: string, args: string[], name: string): Promise<Listening> {
    const [command, ...rest] = runScript(this.context.serverRuntime, script, args);
    const child = await startListening(command as string, rest, { name });
    this.children.push(child);
    return child;
  }

  private async start(spec: TargetSpec): Promise<Target> {
    const { say } = this.context;
    if (spec.kind === 'env') {
      const target = targetFromEnvironment();
      // Whose server that is, when the caller knows (compose's original profile says so).
      const name = process.env.BENCHMARK_SERVER_NAME?.trim() || 'given by BENCHMARK_SERVER_HOST/BENCHMARK_SERVER_PORT';
      return { ...target, address: `${target.host}:${target.port}`, name };
    }
    if (spec.kind === 'original') {
      const { original } = this.context;
      if (!original) throw new UsageError('--server original needs --original DIR (the checkout whose server.py it starts)');
      const server = await startOriginalServer(original);
      this.children.push(server);
      say(`the original's server (uvicorn server:app in ${original.dir}) on 127.0.0.1:${server.port} (pid ${server.child.pid})`);
      return onLoopback(server.port, "the original's server.py, FastAPI on uvicorn");
    }
    const server = await this.listen(PROJECT_FILES.serverCli, ['--host', '127.0.0.1', '--port', '0', '--log-level', 'error', '--delay', spec.delay], 'benchmark-server');
    const delay = spec.delay === '0' ? '' : `, delay ${spec.delay}`;
    if (spec.rtt === 0) {
      say(`server on 127.0.0.1:${server.port} (pid ${server.child.pid}${delay})`);
      return onLoopback(server.port, "benchmark-server, this project's");
    }
    const proxy = await this.listen(PROJECT_FILES.proxyCli, ['--listen', '127.0.0.1:0', '--target', `127.0.0.1:${server.port}`, '--rtt', String(spec.rtt)], 'latency-proxy');
    say(`server on 127.0.0.1:${server.port}${delay}, behind the latency proxy on 127.0.0.1:${proxy.port} (RTT ${spec.rtt} ms)`);
    return onLoopback(proxy.port, `benchmark-server, this project's, through the latency proxy (RTT ${spec.rtt} ms)`);
  }
}

/** The environment that points a client at `target`. */
export function targetEnvironment(target: Target): NodeJS.ProcessEnv {
  return { BENCHMARK_SERVER_HOST: target.host, BENCHMARK_SERVER_PORT: String(target.port) };
}

/** /multiply requests the server at `origin` has answered (its /stats), or null when it has no /stats. Throws when it does not answer. */
export async function requestCount(origin: string): Promise<number | null> {
  const response = await fetch(`${origin}/stats`, { signal: AbortSignal.timeout(10_000) });
  const body = parseJsonOrUndefined(await response.text());
  if (response.status !== 200 || !isJsonObject(body)) return null;
  return typeof body.requests === 'number' && Number.isSafeInteger(body.requests) ? body.requests : null;
}
