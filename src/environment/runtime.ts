// The runtime of a timed client: a binary, its kind and version (probed from the binary), and how to
// run a script with it. Node, Bun and Deno run our client; the Python original's is kind python
// (probed by python.ts). Another JavaScript runtime is one more entry in RUNTIME_KINDS.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/cli-errors.js';
import { parseJsonOrUndefined } from '../common/json.js';
import { PROJECT_FILES, PROJECT_ROOT } from '../common/project-root.js';
import { readTextOrNull } from '../common/read-text.js';
import type { ThreadRuntime } from '../strategies/thread-budget.js';

/** What Deno needs, named rather than -A: files (the project, /proc, the outcome file), BENCHMARK_*, the network, system facts, FFI-free workers. */
const DENO_PERMISSIONS = ['--allow-read', '--allow-write', '--allow-env', '--allow-net', '--allow-sys'];

const RUNTIME_KINDS = {
  node: { engine: 'V8', script: (binary: string, file: string) => [binary, file] },
  bun: { engine: 'JavaScriptCore', script: (binary: string, file: string) => [binary, file] },
  deno: { engine: 'V8', script: (binary: string, file: string) => [binary, 'run', ...DENO_PERMISSIONS, file] },
  // The Python original's client (probed by environment/python.ts, not by the JavaScript probe).
  python: { engine: 'CPython', script: (binary: string, file: string) => [binary, file] },
} as const;

type RuntimeKind = keyof typeof RUNTIME_KINDS;

export interface Runtime {
  kind: RuntimeKind;
  /** As given (a path, or a name on PATH). */
  binary: string;
  /** The runtime's own version: Node's, Bun's, Deno's. */
  version: string;
  /** The Node API version it implements (Node itself: its version). */
  node: string;
  /** V8's version; null on JavaScriptCore (Bun). */
  v8: string | null;
  engine: string;
}

/** Whose thread memory model a client on `runtime` has (the thread budget's). */
export function threadRuntimeOf(runtime: Pick<Runtime, 'kind'>): ThreadRuntime | undefined {
  return runtime.kind === 'python' ? undefined : runtime.kind;
}

/** "node 24.21.0", "bun 1.4.5", "deno 2.9.6": how records, reports and charts name a runtime. */
export function runtimeName(runtime: Pick<Runtime, 'kind' | 'version'>): string {
  return `${runtime.kind} ${runtime.version}`;
}

/** The argument vector that runs `file` with `args` on `runtime`. */
export function runScript(runtime: Pick<Runtime, 'kind' | 'binary'>, file: string, args: readonly string[] = []): string[] {
  return [...RUNTIME_KINDS[runtime.kind].script(runtime.binary, file), ...args];
}

/** runtimes/: the pinned runtimes, named in its package.json ("binaries": name -> file), installed by `npm run runtimes`. */
const PINNED_RUNTIMES_DIR = join(PROJECT_ROOT, 'runtimes');

/** The pinned binary when `given` is one of runtimes/package.json's names (node22, node24, node26, bun, deno; a UsageError saying how to install it when missing), else `given`. */
function resolveRuntime(given: string, what = '--runtime'): string {
  const binaries = pinnedRuntimes();
  if (!Object.hasOwn(binaries, given)) return given;
  const binary = join(PINNED_RUNTIMES_DIR, binaries[given] as string);
  if (!existsSync(binary)) throw new UsageError(`${what} '${given}': the pinned ${given} is not installed (${binary} is missing): run 'npm run runtimes' first, or give a binary's path`);
  return binary;
}

/** runtimes/package.json's names and binaries, in its order; none where there is no runtimes/ (an npm install of the package). */
export function pinnedRuntimes(): Record<string, string> {
  const manifest = parseJsonOrUndefined(readTextOrNull(join(PINNED_RUNTIMES_DIR, 'package.json')) ?? '') as { binaries?: Record<string, string> } | null | undefined;
  return manifest?.binaries ?? {};
}

interface ProbeAnswer { kind?: unknown; version?: unknown; node?: unknown; v8?: unknown }

function isKind(kind: unknown): kind is RuntimeKind {
  return typeof kind === 'string' && Object.hasOwn(RUNTIME_KINDS, kind);
}

/**
 * Runs the project's probe (scripts/check-node.cjs) with `given` as each kind runs a script: its kind
 * and versions, or a UsageError naming `what` (e.g. "--runtime") for no runtime this project knows or
 * a Node older than package.json's engines.node.
 */
export function probeRuntime(given: string, what = '--runtime'): Runtime {
  const binary = resolveRuntime(given, what);
  let reason: string | undefined;
  // Each kind's way of running a script, in turn: a Deno binary only answers through `deno run`.
  for (const kind of ['node', 'deno'] as const satisfies RuntimeKind[]) {
    const [command, ...args] = runScript({ kind, binary }, PROJECT_FILES.checkNode);
    const result = spawnSync(command as string, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${what} '${binary}': not found`);
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'EACCES') throw new UsageError(`${what} '${binary}': not executable (chmod +x it)`);
    // Not the probe's answer (undefined): try the next way, or say why below.
    const answer = parseJsonOrUndefined(result.stdout.trim().split('\n').pop() ?? '') as ProbeAnswer | null | undefined;
    if (result.status === 0 && answer && isKind(answer.kind) && answer.kind !== 'python' && typeof answer.version === 'string' && typeof answer.node === 'string') {
      return {
        kind: answer.kind,
        binary,
        version: answer.version,
        node: answer.node,
        v8: typeof answer.v8 === 'string' ? answer.v8 : null,
        engine: RUNTIME_KINDS[answer.kind].engine,
      };
    }
    reason ??= result.status === 1 ? /^Node .* is too old: .*$/m.exec(result.stderr ?? '')?.[0] : undefined;
  }
  throw new UsageError(`${what} '${binary}': ${reason ?? 'does not run as node, bun or deno'}.`);
}

/** This process's own runtime, without spawning anything. */
export function currentRuntime(): Runtime {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  const kind: RuntimeKind = versions.bun ? 'bun' : versions.deno ? 'deno' : 'node';
  return {
    kind,
    binary: process.execPath,
    version: versions[kind] ?? versions.node,
    node: versions.node,
    v8: versions.bun ? null : versions.v8,
    engine: RUNTIME_KINDS[kind].engine,
  };
}
