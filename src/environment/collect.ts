// The conditions a result was measured under, recorded beside every export (<name>.meta.json), so a
// number never travels without its machine, versions and parameters. Local facts only: no network
// lookups (EC2's instance type comes from BENCHMARK_INSTANCE_TYPE or the DMI product name).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { isJsonObject, parseJsonOrUndefined } from '../common/json.js';
import { PROJECT_ROOT } from '../common/project-root.js';
import { readTextOrNull } from '../common/read-text.js';
import { loadAverageNow, otherCpuSince, type CpuSnapshot, type OtherCpu } from './cpu.js';
import { hyperfineVersion } from './hyperfine-version.js';
import { currentRuntime, runtimeName, type Runtime } from './runtime.js';

/** Record layout version, bumped when a field changes meaning. */
export const RECORD_VERSION = 1;

/** <name>.meta.json's environment part (docs/reports.md explains every field): what collectEnvironment finds, and endOfRun's fields once the run ends. */
export type EnvironmentRecord = ReturnType<typeof collectEnvironment> & Partial<ReturnType<typeof endOfRun>> & { schemaVersion?: number };

export interface ServerRecord { choice: string; name: string; host: string; port: number }

export interface OriginalRecord {
  /** --original DIR, absolute; its HEAD and dirtiness when DIR is a git checkout's top level. */
  dir: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  /** --python as given, the interpreter it resolved to, its version. */
  python: string;
  pythonExecutable: string;
  pythonVersion: string;
  packages: Record<string, string | null>;
  /** Its strategies in the run (original-<name>); none when only its server took part. */
  strategies: string[];
  /** How its client's requests were checked, or null and `unverified` says why. */
  verifiedBy: string | null;
  unverified?: string;
}

export const RECORDED_PACKAGES = ['undici', 'piscina', 'fastify'] as const;

function installedVersion(root: string, name: string): string | null {
  const manifest = parseJsonOrUndefined(readTextOrNull(`${root}node_modules/${name}/package.json`) ?? '');
  return isJsonObject(manifest) && typeof manifest.version === 'string' ? manifest.version : null;
}

function osName(): string {
  const release = readTextOrNull('/etc/os-release');
  const pretty = release ? /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] : undefined;
  return pretty ?? `${os.type()} ${os.release()}`;
}

function run(command: string, args: string[], cwd?: string): string | null {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** HEAD of the git work tree `dir` is in, and whether tracked files changed; null outside one (or without git). */
function gitHead(dir: string, options: readonly string[] = []): { commit: string; dirty: boolean | null } | null {
  const commit = run('git', [...options, '-C', dir, 'rev-parse', 'HEAD']);
  if (!commit) return null;
  const status = run('git', [...options, '-C', dir, 'status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === null ? null : status !== '' };
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** HEAD's commit read from the files of `gitDir`, for a machine (a container) without git. */
function headFromFiles(gitDir: string): string | null {
  const head = readTextOrNull(join(gitDir, 'HEAD'))?.trim();
  if (!head) return null;
  if (COMMIT.test(head)) return head;
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  if (!ref) return null;
  const loose = readTextOrNull(join(gitDir, ref))?.trim();
  if (loose && COMMIT.test(loose)) return loose;
  const packed = readTextOrNull(join(gitDir, 'packed-refs'))
    ?.split('\n')
    .map((line) => line.trim().split(' '))
    .find(([commit, name]) => name === ref && commit !== undefined && COMMIT.test(commit));
  return packed?.[0] ?? null;
}

/**
 * The commit of a checkout with its own .git (a clone of the original); null for a plain copy or a
 * folder inside another repository. Another user's checkout (mounted) is marked safe for git; without
 * git, HEAD is read from the files and dirtiness is unknown.
 */
export function checkoutCommit(dir: string): { commit: string | null; dirty: boolean | null } {
  const dotGit = join(dir, '.git');
  if (!existsSync(dotGit)) return { commit: null, dirty: null };
  const viaGit = gitHead(dir, ['-c', 'safe.directory=*']);
  if (viaGit) return viaGit;
  // A linked work tree's .git is a file naming its git directory.
  const linked = /^gitdir: (.+)$/m.exec(readTextOrNull(dotGit) ?? '')?.[1]?.trim();
  return { commit: headFromFiles(linked ? resolve(dir, linked) : dotGit), dirty: null };
}

function instanceType(env: NodeJS.ProcessEnv): string | null {
  const fromEnv = env.BENCHMARK_INSTANCE_TYPE?.trim();
  if (fromEnv) return fromEnv;
  const vendor = readTextOrNull('/sys/devices/virtual/dmi/id/sys_vendor')?.trim();
  if (vendor === 'Amazon EC2') return readTextOrNull('/sys/devices/virtual/dmi/id/product_name')?.trim() || null;
  return null;
}

/** BENCHMARK_IMAGE_DIGESTS: JSON when it parses (e.g. {"server":"sha256:..."}), else the raw text. */
function imageDigests(env: NodeJS.ProcessEnv): unknown {
  const raw = env.BENCHMARK_IMAGE_DIGESTS?.trim();
  if (!raw) return null;
  const parsed = parseJsonOrUndefined(raw);
  return parsed === undefined ? raw : parsed;
}

/** What a record gains when its run ends: the load then (the run's own threads included), the time, and the CPU others used since `start`: what says whether other work competed. */
export function endOfRun(start: CpuSnapshot | null, now: Date = new Date()): { loadAverageAtEnd: number[]; finishedAt: string; otherCpu?: OtherCpu } {
  const other = start ? otherCpuSince(start) : null;
  return { loadAverageAtEnd: loadAverageNow(), finishedAt: now.toISOString(), ...(other ? { otherCpu: other } : {}) };
}

/** The warning a run prints at start when a 1-minute load above the core count says other work competes for the CPUs. */
export function busyMachineWarning(load: number = os.loadavg()[0] ?? 0, cores: number = os.availableParallelism()): string | null {
  if (load <= cores) return null;
  return `warning: load ${load.toFixed(2)} on ${cores} cores: the machine is busy, the numbers will be noisy (measure on an otherwise idle machine)`;
}

export interface CollectOptions {
  parameters?: Record<string, string | number>;
  /** The runtime of the timed clients; default: this process's. */
  runtime?: Runtime;
  env?: NodeJS.ProcessEnv;
  root?: string;
  now?: Date;
  /** The load when the run started, when the record is collected later; default: now's. */
  loadAverage?: number[];
  server?: ServerRecord;
  original?: OriginalRecord;
}

/** The record now; `server` and `original` only when given. */
export function collectEnvironment(options: CollectOptions = {}) {
  const env = options.env ?? process.env;
  const root = options.root ?? PROJECT_ROOT;
  const cpus = os.cpus();
  // Images and copied trees have no .git: the build passes the commit in.
  const git = gitHead(root) ?? { commit: env.BENCHMARK_GIT_COMMIT?.trim() || null, dirty: null };
  const packages: Record<string, string | null> = {};
  for (const name of RECORDED_PACKAGES) packages[name] = installedVersion(root, name);
  const runtime = options.runtime ?? currentRuntime();
  return {
    recordVersion: RECORD_VERSION,
    label: env.BENCHMARK_LABEL?.trim() || `${runtime.kind}${runtime.version}`,
    recordedAt: (options.now ?? new Date()).toISOString(),
    runtime: { name: runtimeName(runtime), kind: runtime.kind, version: runtime.version, node: runtime.node, v8: runtime.v8, engine: runtime.engine, binary: runtime.binary },
    node: runtime.node,
    v8: runtime.v8,
    packages,
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.version()}`.trim(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() || null,
    cpuCount: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverage: options.loadAverage ?? loadAverageNow(),
    cpuGovernor: readTextOrNull('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor')?.trim() || null,
    instanceType: instanceType(env),
    gitCommit: git.commit,
    gitDirty: git.dirty,
    imageDigests: imageDigests(env),
    hyperfine: hyperfineVersion(),
    parameters: options.parameters ?? {},
    ...(options.server ? { server: options.server } : {}),
    ...(options.original ? { original: options.original } : {}),
  };
}
