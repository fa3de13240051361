// What the container tests need from the Docker engine: is it there, which compose command,
// and cleanup of what the tests created (tags ntab-test-*, label org.ntab.test=true).
import { spawnSync } from 'node:child_process';
import { SUITE_STRATEGIES } from '../../src/strategies/registry.ts';
import { ROOT } from '../helper.ts';

// Before testcontainers is imported: the reaper image cannot be pulled here, and /.dockerenv
// on this VM would make testcontainers think it runs inside a container.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

export { ROOT };
/** Distinguishes this run's containers and images from anyone else's. */
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
export const TEST_LABELS = { 'org.ntab.test': 'true', 'org.ntab.test.run': RUN_ID };
/** Tiny sizes: the tests check behaviour, not speed. */
export const TINY = { BENCHMARK_QUERIES: '20', BENCHMARK_CHUNK: '5', BENCHMARK_RUNS: '1', BENCHMARK_WARMUP: '0' };
/** What the suite runs by default, in its order. */
export const SUITE_NAMES = SUITE_STRATEGIES.map((s) => s.name);

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function sh(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): Result {
  const r = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, cwd: ROOT });
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export function docker(...args: string[]): Result {
  return sh('docker', args);
}

/** Why the container tests cannot run here, or null when they can. */
export function dockerUnavailable(baseImage: string): string | null {
  const info = docker('info', '--format', '{{.ServerVersion}}');
  if (info.code !== 0) return `no Docker engine reachable (docker info: ${info.stderr.trim().split('\n')[0] || 'docker not installed'})`;
  if (docker('image', 'inspect', baseImage).code !== 0 && docker('pull', '-q', baseImage).code !== 0) {
    return `base image ${baseImage} is missing and cannot be pulled: run 'sudo bash scripts/build-base-images.sh'`;
  }
  return null;
}

/** Compose v2 (`docker compose`) where installed, else v1 (`docker-compose`). */
export function composeCommand(): string[] {
  if (docker('compose', 'version').code === 0) return ['docker', 'compose'];
  return ['docker-compose'];
}

export { freePort } from '../helper.ts';

/** Removes this run's containers (by label) and images (by tag); never anything else. */
export function cleanup(imageTags: string[]): void {
  const ids = docker('ps', '-aq', '--filter', `label=org.ntab.test.run=${RUN_ID}`).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) docker('rm', '-f', ...ids);
  const present = imageTags.filter((tag) => docker('image', 'inspect', tag).code === 0);
  if (present.length > 0) docker('rmi', '-f', ...present);
}

/** The hyperfine export the client wrote: strategy names and exit codes of every run. */
export interface HyperfineExport {
  results: Array<{ command: string; exit_codes: number[]; times: number[] }>;
}
