// Local rehearsal of the EC2 deployment: the user-data templates rendered by Terraform with
// mode = "rehearsal" (loopback instead of the server's private address, a temporary results
// directory, no apt/sysctl/metadata/pulls) run their container commands against the local
// Docker engine with host networking, and must leave the results files the EC2 client would.
// Skipped with the reason when Docker, the base image or terraform is missing; with
// BENCHMARK_REQUIRE_DOCKER=1 (CI) a missing Docker engine or base image is a failure.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, ec2ClientVars, ec2ServerVars, hasCommand, renderTemplates, type TemplateValue } from './terraform-tools.ts';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { freePort } from '../helper.ts';

// The client's one memory model (benchmark check in the client image): its base plus MiB per thread.
const { THREAD_COST } = (await import(join(REPO, 'dist/strategies/thread-budget.js'))) as typeof import('../../src/strategies/thread-budget.ts');
const estimate = (threads: number, mibPerThread: number): number => THREAD_COST.baseMiB + threads * mibPerThread;

const SERVER_IMAGE = 'ntab-tf-server:test';
const CLIENT_IMAGE = 'ntab-tf-client:test';
/** The client image for another runtime (client_runtimes = ["bun"]), as scripts/push-images-ecr.sh builds it. */
const BUN_IMAGE = 'ntab-tf-client:test-bun';
const BASE_IMAGE = 'node:24-bookworm-slim';
const PREFIX = `ntab-tf-rehearsal-${process.pid}`;
const REQUIRE_DOCKER = process.env.BENCHMARK_REQUIRE_DOCKER === '1';

function run(command: string, args: string[], timeoutMs = 600_000) {
  const r = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Why the rehearsal cannot run here, or false. */
function unavailable(): string | false {
  if (!hasCommand('terraform')) return 'terraform is not installed: the rehearsal runs the scripts terraform console renders';
  let reason: string | undefined;
  const info = run('docker', ['info', '--format', '{{.ServerVersion}}'], 30_000);
  if (info.code !== 0) reason = `no Docker engine reachable (docker info: ${info.out.trim().split('\n')[0] || 'docker not installed'})`;
  else if (run('docker', ['image', 'inspect', BASE_IMAGE], 30_000).code !== 0) {
    reason = `base image ${BASE_IMAGE} is missing and cannot be pulled here: run 'bash scripts/build-base-images.sh'`;
  } else if (process.getuid?.() !== 0) {
    reason = 'needs root: the results directory is handed to the container user (uid 1000), as on the EC2 host';
  }
  if (reason && REQUIRE_DOCKER) throw new Error(`BENCHMARK_REQUIRE_DOCKER=1 but ${reason}`);
  return reason ?? false;
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const SKIP = unavailable();

describe('local rehearsal of the EC2 hosts (rendered user data, local Docker, host networking)', () => {
  let dir: string;
  let port: number;

  function clientScript(resultsDir: string, overrides: Record<string, TemplateValue>): string {
    const vars: Record<string, TemplateValue> = {
      ...ec2ClientVars(),
      mode: 'rehearsal',
      container_prefix: PREFIX,
      server_image: SERVER_IMAGE,
      server_host: '127.0.0.1',
      server_port: port,
      results_dir: resultsDir,
      queries: 20,
      chunk: 5,
      runs: 1,
      warmup: 0,
      server_wait_seconds: 60,
      ...overrides,
    };
    return renderTemplates({ client: { template: 'client-user-data.sh.tftpl', vars } }).client!;
  }

  before(async () => {
    if (SKIP) return;
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-rehearsal-'));
    port = await freePort();
    // The images from the repository's Dockerfiles, as scripts/push-images-ecr.sh builds them.
    for (const [file, tag] of [['Dockerfile.server', SERVER_IMAGE], ['Dockerfile.client', CLIENT_IMAGE]] as const) {
      const build = run('docker', ['build', '-q', '-f', file, '-t', tag, '--label', 'org.ntab.test=true', '.']);
      assert.equal(build.code, 0, `docker build ${file}:\n${build.out}`);
    }
  });

  after(() => {
    if (SKIP) return;
    const ids = run('docker', ['ps', '-aq', '--filter', `name=^${PREFIX}-`]).out.split('\n').filter((id) => /^[0-9a-f]+$/.test(id));
    if (ids.length > 0) run('docker', ['rm', '-f', ...ids]);
    run('docker', ['rmi', SERVER_IMAGE, CLIENT_IMAGE, BUN_IMAGE]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the server script starts the server container with host networking, restarting on failure', { skip: SKIP }, () => {
    const { server } = renderTemplates({
      server: { template: 'server-user-data.sh.tftpl', vars: { ...ec2ServerVars(), mode: 'rehearsal', container_prefix: PREFIX, server_image: SERVER_IMAGE, server_port: port } },
    });
    const start = spawnSync('bash', ['-c', server!], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(start.status, 0, start.stderr);
    assert.match(start.stderr, new RegExp(`answers on port ${port}`));
    const inspect = run('docker', ['inspect', '--format', '{{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}} {{index .Config.Labels "org.ntab.test"}}', `${PREFIX}-server`]);
    assert.equal(inspect.out.trim(), 'host unless-stopped true');
  });

  test('the client script runs the suite per Node version and leaves the results the EC2 client would', { skip: SKIP }, () => {
    const results = join(dir, 'results');
    // Two labels with the one local image: the per-version loop and the side-by-side report
    // run as with node_versions = ["22", "24"] (CI builds only the Node 24 base image).
    // A container limit just under threads-map's estimate (20 worker threads at 24 MiB): it
    // does not fit and is skipped with a note, as it is with the defaults on a c5.large.
    const limit = estimate(20, 24) - 40;
    const script = clientScript(results, {
      client_images: { node24: CLIENT_IMAGE, 'node24-again': CLIENT_IMAGE },
      memory_limit_mib: limit,
      worker_thread_mib: 24,
      calibrate_memory: false, // the configured figure: the skip below is then certain
    });
    const client = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(client.status, 0, `client script:\n${client.stdout.slice(-3000)}${client.stderr}`);

    const status = readFileSync(join(results, 'STATUS'), 'utf8');
    assert.match(status, /^done: 2 of 2 suites ran \(node24 node24-again\) on local-rehearsal/);
    assert.match(
      status,
      new RegExp(`memory: node24: skipped threads-map \\(estimated up to ${estimate(20, 24)} MiB, the host allows ${limit} MiB; the results record it as did not fit\\); node24-again: skipped threads-map`),
    );
    const check = readFileSync(join(results, 'memory-check.md'), 'utf8');
    assert.match(check, /## node24: 24 MiB per worker thread \(configured\)/);
    assert.match(check, new RegExp(`\\| threads-map \\| 20 \\| ${estimate(20, 24)} \\| no \\|`));
    // The suite's progress, a line per invocation, in the log.
    assert.match(readFileSync(join(results, 'client.log'), 'utf8'), /suite: \[round 1\] threads-recreate (warmup|run) 1 of \d+: /);

    // Every original strategy but the one the memory check skips; the suite, given the check's
    // figures, leaves it out itself and records its verdict as a result.
    const planned = ORIGINAL_STRATEGIES.map((s) => s.name);
    const ran = planned.filter((name) => name !== 'threads-map');
    for (const label of ['node24', 'node24-again']) {
      const base = join(results, label, label);
      const hyperfine = readJson(`${base}.json`);
      assert.deepEqual(hyperfine.results.map((r: { command: string }) => r.command), ran);
      for (const r of hyperfine.results) assert.deepEqual(r.exit_codes, [0], `${label} ${r.command} succeeded`);
      assert.match(readFileSync(`${base}.md`, 'utf8'), /\| `?threads-reuse`? \|/);
      const meta = readJson(`${base}.meta.json`);
      assert.equal(meta.label, label);
      assert.equal(meta.instanceType, 'local-rehearsal (not EC2)');
      assert.match(meta.imageDigests, /^server=sha256:[0-9a-f]{64},client=sha256:[0-9a-f]{64}$/);
      assert.match(meta.node, /^24\./);
      assert.equal(meta.gitCommit, '0123456789abcdef0123456789abcdef01234567');
      assert.equal(meta.parameters.queries, 20);
      assert.equal(meta.parameters.strategies, planned.join(','));
      assert.deepEqual(
        meta.notMeasured.map((v: { strategy: string; threads: number; needMiB: number; mibPerThread: number }) => [v.strategy, v.threads, v.needMiB, v.mibPerThread]),
        [['threads-map', 20, estimate(20, 24), 24]],
      );
      assert.equal(meta.parameters.server, `127.0.0.1:${port}`);
      assert.ok(existsSync(`${base}.report.md`), `${label}: readable report`);
    }
    assert.ok(existsSync(join(results, 'comparison.report.md')), 'side-by-side report of the two suites');
    assert.equal(run('docker', ['ps', '-aq', '--filter', `name=^${PREFIX}-client-`]).out.trim(), '', 'client containers removed');
  });

  test('sweep_presets: the work sweep runs after the suite in the client image, against the server host, results beside it', { skip: SKIP }, () => {
    const results = join(dir, 'sweep');
    // Tiny sizes: two values, two runs, 20 requests (the pool at C = 100 starts 20 threads).
    const script = clientScript(results, {
      client_images: { node24: CLIENT_IMAGE },
      strategies: 'async-for',
      calibrate_memory: false,
      sweep_presets: 'work',
      sweep_flags: '-r 20 --values 0,1 --runs 2 --warmup 0',
    });
    const client = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(client.status, 0, `client script:\n${client.stdout.slice(-3000)}${client.stderr}`);
    assert.match(readFileSync(join(results, 'STATUS'), 'utf8'), /^done: 1 of 1 suites ran \(node24\) on local-rehearsal \(not EC2\) against 127\.0\.0\.1:\d+; sweeps: node24\/sweep-work$/m);
    const out = join(results, 'node24', 'sweep-work');
    const sweep = readJson(join(out, 'sweep.json'));
    assert.equal(sweep.preset, 'work');
    assert.deepEqual(sweep.values, [0, 1]);
    assert.equal(sweep.fixed.warm, true);
    assert.ok(sweep.points.length === 2 * sweep.strategies.length && sweep.points.every((p: { error?: string }) => p.error === undefined));
    assert.equal(sweep.crossover.figure, 'in-process');
    assert.equal(sweep.target, `127.0.0.1:${port} (BENCHMARK_SERVER_HOST/PORT)`);
    // The records the suite gets: instance type, label, image digests, commit, the network the client script names.
    assert.equal(sweep.environment.instanceType, 'local-rehearsal (not EC2)');
    assert.equal(sweep.environment.label, 'node24');
    assert.match(sweep.environment.imageDigests, /^server=sha256:[0-9a-f]{64},client=sha256:[0-9a-f]{64}$/);
    assert.equal(sweep.environment.gitCommit, '0123456789abcdef0123456789abcdef01234567');
    assert.equal(sweep.environment.conditions.network, 'loopback (local rehearsal of the EC2 hosts)');
    for (const file of ['sweep.md', 'chart.svg', 'runs.json', 'runs.outcomes.jsonl']) assert.ok(existsSync(join(out, file)), file);
    assert.match(readFileSync(join(results, 'client.log'), 'utf8'), /^sweep: `[^`]+` (beats the best event-loop strategy from|does not beat the event loop up to) [01] ms of nominal CPU work per response/m);
    assert.equal(run('docker', ['ps', '-aq', '--filter', `name=^${PREFIX}-sweep-`]).out.trim(), '', 'sweep containers removed');
  });

  test('an OOM kill is reported as such, with advice, never as an unexplained failure', { skip: SKIP }, () => {
    const results = join(dir, 'oom');
    // memory_guard = warn runs threads-map anyway; 60 worker threads cannot fit in 256 MiB.
    const script = clientScript(results, {
      client_images: { node24: CLIENT_IMAGE },
      strategies: 'threads-map',
      queries: 60,
      memory_guard: 'warn',
      memory_limit_mib: 256,
      calibrate_memory: false,
    });
    const client = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(client.status, 1, `client script:\n${client.stderr}`);
    const status = readFileSync(join(results, 'STATUS'), 'utf8');
    assert.match(status, /^failed: 0 of 1 suites ran/);
    assert.match(status, /node24: killed for lack of memory \(OOM kill, exit code \d+\)/);
    assert.match(status, /client instance type with more memory/);
    assert.match(readFileSync(join(results, 'node24', 'FAILED.txt'), 'utf8'), /OOM kill/);
    assert.match(readFileSync(join(results, 'memory-check.md'), 'utf8'), new RegExp(`node24: ran threads-map although estimated up to ${estimate(60, 24)} MiB`));
    // Nothing was measured, so no result file was written (an earlier run's would have stayed as it was).
    assert.equal(existsSync(join(results, 'node24', 'node24.json')), false);
    assert.equal(existsSync(join(results, 'node24', 'node24.meta.json')), false);
  });

  test('client_runtimes = ["bun"]: the memory check measures a worker thread under Bun, and the suite times its clients on Bun', { skip: SKIP }, () => {
    const build = run('docker', ['build', '-q', '-f', 'Dockerfile.client', '--build-arg', 'RUNTIME=bun', '-t', BUN_IMAGE, '--label', 'org.ntab.test=true', '.']);
    assert.equal(build.code, 0, `docker build RUNTIME=bun:\n${build.out}`);
    const results = join(dir, 'bun');
    const script = clientScript(results, {
      client_images: { bun: BUN_IMAGE },
      strategies: 'async-for,threads-reuse',
      calibrate_memory: true,
    });
    const client = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(client.status, 0, `client script:\n${client.stdout.slice(-3000)}${client.stderr}`);
    assert.match(readFileSync(join(results, 'STATUS'), 'utf8'), /^done: 1 of 1 suites ran \(bun\)/);
    assert.match(readFileSync(join(results, 'memory-check.md'), 'utf8'), /## bun: \d+ MiB per worker thread \(measured\)/);
    const meta = readJson(join(results, 'bun', 'bun.meta.json'));
    assert.equal(meta.runtime.kind, 'bun');
    assert.match(meta.runtime.name, /^bun \d+\.\d+\.\d+$/);
    assert.deepEqual(meta.verifiedBy, { 'async-for': 'server /stats', 'threads-reuse': 'server /stats' });
  });

  test('the memory check measures the cost of a worker thread on the host, with the client image', { skip: SKIP }, () => {
    const results = join(dir, 'calibrate');
    // The defaults' 1000 queries with a 2000 MiB limit: threads-map cannot fit, refused.
    const script = clientScript(results, {
      client_images: { node24: CLIENT_IMAGE },
      queries: 1000,
      chunk: 100,
      memory_guard: 'refuse',
      memory_limit_mib: 2000,
      calibrate_memory: true,
      worker_thread_mib: 1, // would let everything "fit" if it were used instead of the measurement
    });
    const client = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(client.status, 1, client.stderr);
    const check = readFileSync(join(results, 'memory-check.md'), 'utf8');
    const measured = /## node24: (\d+) MiB per worker thread \(measured\)/.exec(check);
    assert.ok(measured, check);
    assert.ok(Number(measured[1]) >= 2, `a worker thread costs megabytes: ${measured[1]} MiB`);
    assert.match(check, /\| threads-map \| 1000 \| \d+ \| no \|/);
    assert.match(readFileSync(join(results, 'STATUS'), 'utf8'), /^failed: refused to run: with node24, threads-map would need about \d+ MiB, the host allows 2000 MiB/);
    assert.equal(existsSync(join(results, 'node24')), false, 'nothing ran');
  });
});

