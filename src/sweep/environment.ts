import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function output(command: string, args: string[], cwd?: string): Promise<string | undefined> {
  try {
    return (await run(command, args, { cwd, timeout: 15_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * The environment of a sweep. Uses the project's `benchmark environment` (same fields as
 * every other result) when this build has it, else a minimal record of its own; adds what
 * only a sweep knows (how the link and the server were set up).
 */
export async function recordEnvironment(args: {
  node: string;
  clientCli: string;
  parameters: Record<string, string | number>;
  conditions: Record<string, string | number | null>;
  hyperfine: string | undefined;
}): Promise<Record<string, unknown>> {
  const sets = Object.entries(args.parameters).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
  const shared = await output(args.node, [args.clientCli, 'environment', ...sets]);
  let base: Record<string, unknown> | undefined;
  try {
    base = shared ? (JSON.parse(shared) as Record<string, unknown>) : undefined;
  } catch {
    base = undefined;
  }
  if (!base) {
    const cpus = os.cpus();
    base = {
      node: (await output(args.node, ['-p', 'process.version'])) ?? 'unknown',
      os: `${os.type()} ${os.release()}`,
      cpuModel: cpus[0]?.model ?? 'unknown',
      cpuCount: cpus.length,
      memoryBytes: os.totalmem(),
      gitCommit: (await output('git', ['rev-parse', 'HEAD'], new URL('../..', import.meta.url).pathname)) ?? process.env.BENCHMARK_GIT_COMMIT ?? null,
      instanceType: process.env.BENCHMARK_INSTANCE_TYPE ?? null,
      label: process.env.BENCHMARK_LABEL ?? null,
      parameters: args.parameters,
      recordedAt: new Date().toISOString(),
      source: 'sweep (benchmark environment not available in this build)',
    };
  }
  return { ...base, hyperfine: args.hyperfine ?? null, conditions: args.conditions };
}
