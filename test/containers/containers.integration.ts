// The images built from the real Dockerfiles, run for real: server answers and stops cleanly,
// the client runs the suite (bridge network and host networking), and `compose up` leaves the
// results on the host. Skipped with a reason when no Docker engine is reachable, except in CI
// (BENCHMARK_REQUIRE_DOCKER=1), where that is a failure.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SUITE_NAMES,
  ROOT,
  RUN_ID,
  TEST_LABELS,
  TINY,
  cleanup,
  composeCommand,
  docker,
  dockerUnavailable,
  freePort,
  sh,
  type HyperfineExport,
} from './docker.ts';
import { waitUntil } from '../helper.ts';

const BASE_IMAGE = 'node:24-bookworm-slim';
const SERVER_IMAGE = `ntab-test-server:${RUN_ID}`;
const CLIENT_IMAGE = `ntab-test-client:${RUN_ID}`;
const COMPOSE_PREFIX = `ntab-test-compose-${RUN_ID}`;
const COMPOSE_IMAGES = [`${COMPOSE_PREFIX}-server:node24`, `${COMPOSE_PREFIX}-client:node24`];
const RUNTIME_IMAGE = `ntab-test-client-runtime:${RUN_ID}`;
/** runtimes/package.json's pinned versions: the record names the runtime that ran. */
const PINNED = Object.fromEntries(
  Object.entries((JSON.parse(readFileSync(join(ROOT, 'runtimes/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).map(([name, spec]) => [name, spec.slice(spec.lastIndexOf('@') + 1)]),
) as Record<'node22' | 'node24' | 'node26' | 'bun' | 'deno', string>;
/** Owner the results must get: the user running the tests; as root, another uid proves the hand-over. */
const HOST_UID = process.getuid?.() === 0 ? 4321 : (process.getuid?.() ?? 1000);
const HOST_GID = process.getgid?.() === 0 ? 4321 : (process.getgid?.() ?? 1000);

const unavailable = dockerUnavailable(BASE_IMAGE);
const required = process.env.BENCHMARK_REQUIRE_DOCKER === '1';

if (unavailable) {
  // Counted as skipped (or, in CI, failed) with the reason, never silently absent.
  test('container tests', { skip: required ? false : unavailable }, () => {
    assert.fail(`BENCHMARK_REQUIRE_DOCKER=1 but the container tests cannot run: ${unavailable}`);
  });
} else describe('containers', () => {
  // Imported only when there is an engine: testcontainers reads its settings (docker.ts) at import.
  let tc: typeof import('testcontainers');
  const tempDirs: string[] = [];

  function resultsDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ntab-results-'));
    tempDirs.push(dir);
    return dir;
  }

  /** A results folder as the user's own checkout has it: owned by HOST_UID (compose runs the client as that user). */
  function userResultsDir(): string {
    const dir = resultsDir();
    if (process.getuid?.() === 0) chownSync(dir, HOST_UID, HOST_GID);
    chmodSync(dir, 0o755);
    return dir;
  }

  function readExport(file: string): HyperfineExport {
    return JSON.parse(readFileSync(file, 'utf8')) as HyperfineExport;
  }

  function assertEveryStrategySucceeded(file: string): void {
    const exported = readExport(file);
    assert.deepEqual(exported.results.map((r) => r.command).sort(), [...SUITE_NAMES].sort());
    for (const result of exported.results) {
      assert.ok(result.exit_codes.length > 0, `${result.command} ran`);
      assert.deepEqual(result.exit_codes.filter((code) => code !== 0), [], `${result.command} had no failed run`);
    }
  }

  function readMeta(file: string): { runtime: { name: string; kind: string; binary: string }; verifiedBy: Record<string, string | null> } {
    return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof readMeta>;
  }

  function ownerOf(path: string): { uid: number; gid: number } {
    const { uid, gid } = statSync(path);
    return { uid, gid };
  }

  function assertOwnedByHostUser(dir: string): void {
    for (const name of ['.', ...readdirSync(dir)]) {
      const { uid, gid } = statSync(join(dir, name));
      assert.deepEqual({ name, uid, gid }, { name, uid: HOST_UID, gid: HOST_GID });
    }
  }

  /** Runs the client image to completion (testcontainers' one-shot wait); returns its exit and logs. */
  async function runClient(options: {
    env: Record<string, string>;
    results: string;
    network?: import('testcontainers').StartedNetwork;
    hostNetwork?: boolean;
  }): Promise<{ exitCode: number; logs: string }> {
    let container = new tc.GenericContainer(CLIENT_IMAGE)
      .withLabels(TEST_LABELS)
      // Root only until the entrypoint has handed /results to HOST_UID (as compose does).
      .withUser('0:0')
      .withEnvironment({ ...TINY, HOST_UID: String(HOST_UID), HOST_GID: String(HOST_GID), ...options.env })
      .withBindMounts([{ source: options.results, target: '/results' }])
      .withWaitStrategy(tc.Wait.forOneShotStartup())
      .withStartupTimeout(300_000);
    if (options.network) container = container.withNetwork(options.network);
    if (options.hostNetwork) container = container.withNetworkMode('host');
    const started = await container.start().catch((error: unknown) => {
      // A non-zero exit fails the one-shot wait: show what the client said.
      const ids = docker('ps', '-aq', '--filter', `label=org.ntab.test.run=${RUN_ID}`, '--filter', `ancestor=${CLIENT_IMAGE}`).stdout.split('\n');
      const logs = ids[0] ? docker('logs', ids[0]) : { stdout: '', stderr: '' };
      throw new Error(`client container failed: ${String(error)}\n${logs.stdout}${logs.stderr}`);
    });
    const logs = await new Promise<string>((resolve, reject) => {
      let text = '';
      started.logs().then((stream) => {
        stream.on('data', (line: Buffer | string) => (text += line.toString()));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    const state = JSON.parse(docker('inspect', '--format', '{{json .State}}', started.getId()).stdout) as { ExitCode: number };
    await started.stop();
    return { exitCode: state.ExitCode, logs };
  }

  before(async () => {
    tc = await import('testcontainers');
    // Server first: the client build then reuses the identical build stage from the cache.
    await tc.GenericContainer.fromDockerfile(ROOT, 'Dockerfile.server').build(SERVER_IMAGE, { deleteOnExit: false });
    await tc.GenericContainer.fromDockerfile(ROOT, 'Dockerfile.client').build(CLIENT_IMAGE, { deleteOnExit: false });
  });

  after(() => {
    const compose = composeCommand();
    sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'down', '--remove-orphans'], composeEnv(''));
    cleanup([SERVER_IMAGE, CLIENT_IMAGE, ...COMPOSE_IMAGES, `${RUNTIME_IMAGE}-bun`, `${RUNTIME_IMAGE}-deno`, `${RUNTIME_IMAGE}-bad`]);
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  test('server image: /multiply and /health answer, the HEALTHCHECK turns healthy, runs as non-root', async () => {
    const server = await new tc.GenericContainer(SERVER_IMAGE)
      .withLabels(TEST_LABELS)
      .withExposedPorts(8080)
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    try {
      const origin = `http://${server.getHost()}:${server.getMappedPort(8080)}`;
      const multiply = await fetch(`${origin}/multiply?number=21`);
      assert.equal(multiply.status, 200);
      assert.deepEqual(await multiply.json(), { result: 42 });
      assert.equal((await fetch(`${origin}/multiply?number=abc`)).status, 400);
      const health = await fetch(`${origin}/health`);
      assert.equal(health.status, 200);
      assert.equal(docker('inspect', '--format', '{{.Config.User}}', server.getId()).stdout.trim(), 'node');
    } finally {
      await server.stop();
    }
  });

  test('server image listens on BENCHMARK_SERVER_PORT', async () => {
    const server = await new tc.GenericContainer(SERVER_IMAGE)
      .withLabels(TEST_LABELS)
      .withEnvironment({ BENCHMARK_SERVER_PORT: '9099' })
      .withExposedPorts(9099)
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    try {
      const response = await fetch(`http://${server.getHost()}:${server.getMappedPort(9099)}/multiply?number=5`);
      assert.deepEqual(await response.json(), { result: 10 });
    } finally {
      await server.stop();
    }
  });

  test('server image: the bundled server alone, no node_modules, so no vega or chart stack; --version and the LICENSE', () => {
    const look = docker('run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--entrypoint', 'sh', SERVER_IMAGE, '-c',
      'ls -A /app /app/dist; test -e /app/node_modules && echo HAS_NODE_MODULES; find / -xdev -name "vega*" -print 2>/dev/null; head -1 /app/LICENSE');
    assert.equal(look.code, 0, look.stderr);
    assert.doesNotMatch(look.stdout, /HAS_NODE_MODULES/);
    assert.doesNotMatch(look.stdout, /vega/);
    assert.match(look.stdout, /^MIT License$/m);
    // The client image is where the chart stack belongs: the same search finds it there.
    const client = docker('run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--entrypoint', 'sh', CLIENT_IMAGE, '-c', 'find /app/node_modules -maxdepth 1 -name "vega*"');
    assert.match(client.stdout, /\/app\/node_modules\/vega-lite/);
    const version = docker('run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--entrypoint', 'node', SERVER_IMAGE, '/app/dist/server/cli.js', '--version');
    assert.equal(version.stdout, `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  test('docker stop: the server handles SIGTERM and exits 0 (not killed after the 10 s grace)', async () => {
    const server = await new tc.GenericContainer(SERVER_IMAGE)
      .withLabels(TEST_LABELS)
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    const stop = docker('stop', '--time', '10', server.getId());
    assert.equal(stop.code, 0, stop.stderr);
    // 137 would mean SIGKILL after the grace period; 0 means node drained and exited on SIGTERM.
    const state = JSON.parse(docker('inspect', '--format', '{{json .State}}', server.getId()).stdout) as { ExitCode: number; OOMKilled: boolean };
    assert.equal(state.ExitCode, 0);
    const logs = docker('logs', server.getId());
    assert.match(logs.stderr + logs.stdout, /SIGTERM received, drained, exiting/);
    docker('rm', '-f', server.getId());
  });

  test('client image runs the suite against the server container (bridge network): every strategy, no failure', async () => {
    const network = await new tc.Network().start();
    const server = await new tc.GenericContainer(SERVER_IMAGE)
      .withLabels(TEST_LABELS)
      .withNetwork(network)
      .withNetworkAliases('server')
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    try {
      const results = resultsDir();
      const { exitCode, logs } = await runClient({ env: { BENCHMARK_SERVER_HOST: 'server' }, results, network });
      assert.equal(exitCode, 0, logs);
      assertEveryStrategySucceeded(join(results, 'node24.json'));
      assert.ok(statSync(join(results, 'node24.md')).size > 0);
      assertOwnedByHostUser(results);
      // The default RUNTIME: the timed clients on the pinned Node 24 from runtimes/, every strategy verified by the server.
      const meta = readMeta(join(results, 'node24.meta.json'));
      assert.equal(meta.runtime.name, `node ${PINNED.node24}`);
      assert.equal(meta.runtime.binary, '/app/runtimes/node_modules/node24/bin/node');
      assert.deepEqual(Object.values(meta.verifiedBy), SUITE_NAMES.map(() => 'server /stats'));
    } finally {
      await server.stop();
      await network.stop();
    }
  });

  /** The server image with host networking on a free port, healthy. */
  async function hostServer() {
    const port = String(await freePort());
    const server = await new tc.GenericContainer(SERVER_IMAGE)
      .withLabels(TEST_LABELS)
      .withNetworkMode('host')
      .withEnvironment({ BENCHMARK_SERVER_PORT: port })
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    return { server, port };
  }

  test('the same with host networking (as on EC2), on a free port', async () => {
    const { server, port } = await hostServer();
    try {
      const results = resultsDir();
      const { exitCode, logs } = await runClient({
        env: { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: port, BENCHMARK_RESULT_NAME: 'hostnet' },
        results,
        hostNetwork: true,
      });
      assert.equal(exitCode, 0, logs);
      assertEveryStrategySucceeded(join(results, 'hostnet.json'));
      const meta = JSON.parse(readFileSync(join(results, 'hostnet.meta.json'), 'utf8')) as { parameters: { server: string } };
      assert.equal(meta.parameters.server, `127.0.0.1:${port}`);
    } finally {
      await server.stop();
    }
  });

  test('docker stop of a running client: the suite stops hyperfine and the client on SIGTERM (no SIGKILL after the grace) and keeps what it measured', async () => {
    const { server, port } = await hostServer();
    try {
      const results = resultsDir();
      // No --init: the entrypoint itself must hand the signal on (compose adds an init as well).
      const started = docker('run', '-d', '--label', `org.ntab.test.run=${RUN_ID}`, '--network', 'host', '--user', '0:0',
        '-e', `HOST_UID=${HOST_UID}`, '-e', `HOST_GID=${HOST_GID}`, '-e', 'BENCHMARK_SERVER_HOST=127.0.0.1', '-e', `BENCHMARK_SERVER_PORT=${port}`,
        '-e', 'BENCHMARK_QUERIES=20', '-e', 'BENCHMARK_CHUNK=5', '-e', 'BENCHMARK_RUNS=40', '-e', 'BENCHMARK_WARMUP=0', '-e', 'BENCHMARK_EXACT=1',
        '-e', 'BENCHMARK_STRATEGIES=async-for,async-limit', '-v', `${results}:/results`, CLIENT_IMAGE);
      assert.equal(started.code, 0, started.stderr);
      const id = started.stdout.trim();
      let logs = '';
      const running = await waitUntil(() => {
        const out = docker('logs', id);
        logs = out.stdout + out.stderr;
        // Until the third round: both strategies have runs by then.
        return /\[round 3\]/.test(logs);
      });
      assert.ok(running, logs);
      const stop = docker('stop', '--time', '10', id);
      assert.equal(stop.code, 0, stop.stderr);
      const state = JSON.parse(docker('inspect', '--format', '{{json .State}}', id).stdout) as { ExitCode: number };
      const after = docker('logs', id);
      docker('rm', '-f', id);
      // 143: the suite ended on SIGTERM itself; 137 would be docker's SIGKILL after the 10 s grace.
      assert.equal(state.ExitCode, 143, after.stdout + after.stderr);
      assert.match(after.stderr, /stopped by SIGTERM during async-(for|limit): what this run measured \(async-for, async-limit\) is in \/results\/node24\.json/);
      // Every run that ended before the signal is kept, both strategies' alike (they run in interleaved rounds).
      const exported = readExport(join(results, 'node24.json'));
      assert.deepEqual(exported.results.map((r) => r.command), ['async-for', 'async-limit']);
      const runs = exported.results.map((r) => r.times.length);
      assert.ok(runs.every((n) => n >= 2 && n < 40), `${runs}`);
      const meta = JSON.parse(readFileSync(join(results, 'node24.meta.json'), 'utf8')) as { incomplete?: string; loadAverageAtEnd?: number[] };
      assert.match(meta.incomplete ?? '', /^stopped by SIGTERM during async-(for|limit)$/);
      assert.equal(meta.loadAverageAtEnd?.length, 3);
      assert.ok(readFileSync(join(results, 'node24.outcomes.jsonl'), 'utf8').trim().split('\n').length >= runs[0]! + runs[1]!);
      assert.ok(statSync(join(results, 'node24.report.md')).size > 0);
      assertOwnedByHostUser(results);
    } finally {
      await server.stop();
    }
  });

  for (const runtime of ['bun', 'deno'] as const) {
    test(`Dockerfile.client --build-arg RUNTIME=${runtime}: the timed clients on the pinned ${runtime}, verified by the server; the image holds that runtime alone`, async () => {
      const image = `${RUNTIME_IMAGE}-${runtime}`;
      await tc.GenericContainer.fromDockerfile(ROOT, 'Dockerfile.client').withBuildArgs({ RUNTIME: runtime }).build(image, { deleteOnExit: false });
      const look = docker('run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--entrypoint', 'sh', image, '-c', 'ls -A /app/runtimes/node_modules; echo "$BENCHMARK_RUNTIME"');
      assert.equal(look.code, 0, look.stderr);
      assert.deepEqual(look.stdout.trim().split('\n'), [runtime, runtime]);
      const { server, port } = await hostServer();
      try {
        const results = userResultsDir();
        const container = await new tc.GenericContainer(image)
          .withLabels(TEST_LABELS)
          .withUser(`${HOST_UID}:${HOST_GID}`)
          .withNetworkMode('host')
          .withEnvironment({ ...TINY, BENCHMARK_EXACT: '1', BENCHMARK_SERVER_PORT: port, BENCHMARK_STRATEGIES: 'async-for,threads-reuse' })
          .withBindMounts([{ source: results, target: '/results' }])
          .withWaitStrategy(tc.Wait.forOneShotStartup())
          .withStartupTimeout(300_000)
          .start();
        await container.stop();
        const meta = readMeta(join(results, `${runtime}.meta.json`));
        assert.equal(meta.runtime.name, `${runtime} ${PINNED[runtime]}`);
        assert.equal(meta.runtime.binary.startsWith(`/app/runtimes/node_modules/${runtime}/`), true, meta.runtime.binary);
        assert.deepEqual(meta.verifiedBy, { 'async-for': 'server /stats', 'threads-reuse': 'server /stats' });
        assert.ok(readFileSync(join(results, `${runtime}.report.md`), 'utf8').includes(`${runtime} ${PINNED[runtime]}`));
      } finally {
        await server.stop();
      }
    });
  }

  test('Dockerfile.client refuses a RUNTIME that is not pinned, naming those that are', () => {
    // --force-rm: the legacy builder otherwise keeps the failed step's container.
    const built = docker('build', '--force-rm', '-f', 'Dockerfile.client', '--build-arg', 'RUNTIME=node27', '-t', `${RUNTIME_IMAGE}-bad`, ROOT);
    assert.notEqual(built.code, 0);
    assert.match(built.stdout + built.stderr, /RUNTIME must be one of node22, node24, node26, bun, deno, got "node27"/);
  });

  test('results ownership: a root-owned directory stays root\'s without HOST_UID; a link changes owner, never its target', () => {
    const run = (results: string, env: string[]) =>
      docker('run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--user', '0:0', '--network', 'none', ...env, '-v', `${results}:/results`, CLIENT_IMAGE, 'benchmark', 'list');
    if (process.getuid?.() === 0) {
      // As Docker creates a missing bind-mount source: owned by root. Without HOST_UID nobody else gets it.
      const rootOwned = resultsDir();
      chownSync(rootOwned, 0, 0);
      const ran = run(rootOwned, []);
      assert.equal(ran.code, 0, ran.stderr);
      assert.match(ran.stderr, /belongs to root and HOST_UID is unset: the results stay root's/);
      assert.deepEqual(ownerOf(rootOwned), { uid: 0, gid: 0 });
    }
    // The results path is a link to another directory: the link is handed over, the directory it points to is not.
    const results = resultsDir();
    const target = join(results, 'elsewhere');
    mkdirSync(target);
    const before = ownerOf(target);
    symlinkSync('/results/elsewhere', join(results, 'link'));
    const ran = run(results, ['-e', `HOST_UID=${HOST_UID}`, '-e', `HOST_GID=${HOST_GID}`, '-e', 'BENCHMARK_RESULTS_DIR=/results/link']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(ownerOf(target), before, 'the link was followed');
    const link = lstatSync(join(results, 'link'));
    assert.deepEqual({ uid: link.uid, gid: link.gid }, { uid: HOST_UID, gid: HOST_GID });
  });

  test('client image exits non-zero with a clear message when the suite cannot run', () => {
    const results = resultsDir();
    const common = ['run', '--rm', '--label', `org.ntab.test.run=${RUN_ID}`, '--user', '0:0', '-e', `HOST_UID=${HOST_UID}`,
      '-e', `HOST_GID=${HOST_GID}`, '-v', `${results}:/results`, '--network', 'none'];
    const unreachable = docker(...common, '-e', 'BENCHMARK_SERVER_WAIT=1', CLIENT_IMAGE);
    assert.equal(unreachable.code, 1, unreachable.stderr);
    assert.match(unreachable.stderr, /did not answer \/health within 1s/);
    const badSetting = docker(...common, '-e', 'BENCHMARK_RESULT_NAME=../x', CLIENT_IMAGE);
    assert.equal(badSetting.code, 2, badSetting.stderr);
    assert.match(badSetting.stderr, /BENCHMARK_RESULT_NAME may only contain/);
    for (const output of [unreachable, badSetting]) assert.doesNotMatch(output.stderr, /^\s+at /m);
  });

  test('docker compose up (the documented command) runs everything and leaves the results on the host', () => {
    // The user's own folder (a checkout has results/): the client, running as HOST_UID, writes into it.
    const results = userResultsDir();
    const compose = composeCommand();
    const up = sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'up', '--build', '--abort-on-container-exit', '--exit-code-from', 'client'], composeEnv(results));
    assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
    assertEveryStrategySucceeded(join(results, 'node24.json'));
    for (const file of ['node24.md', 'node24.meta.json', 'node24.outcomes.jsonl']) assert.ok(statSync(join(results, file)).size > 0, file);
    // Progress without a terminal: a line per invocation in the compose logs.
    for (const strategy of SUITE_NAMES) assert.match(up.stdout + up.stderr, new RegExp(`suite: \\[round 1\\] ${strategy} (warmup|run) 1 of \\d+: `), strategy);
    assertOwnedByHostUser(results);
    // The server was stopped at the end (cleanly), not left running.
    const running = docker('ps', '-q', '--filter', `label=com.docker.compose.project=${composeProject()}`);
    assert.equal(running.stdout.trim(), '');
    // The containers it ran, as the engine ran them (they stay until `down`): hardened, none as root.
    for (const service of ['server', 'client']) {
      const id = docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${composeProject()}`, '--filter', `label=com.docker.compose.service=${service}`).stdout.trim().split('\n')[0];
      assert.ok(id, `the ${service} container`);
      const inspected = JSON.parse(docker('inspect', id!).stdout)[0] as {
        Config: { User: string };
        HostConfig: { CapDrop: string[] | null; CapAdd: string[] | null; SecurityOpt: string[] | null; ReadonlyRootfs: boolean; PidsLimit: number | null; Tmpfs: Record<string, string> | null; Privileged: boolean };
      };
      const host = inspected.HostConfig;
      assert.deepEqual(host.CapDrop, ['ALL'], `${service}: every capability dropped`);
      assert.equal(host.CapAdd, null, `${service}: none added back`);
      assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true'], service);
      assert.equal(host.ReadonlyRootfs, true, service);
      assert.ok(host.Tmpfs && '/tmp' in host.Tmpfs, `${service}: a tmpfs /tmp`);
      assert.equal(host.Privileged, false);
      assert.ok((host.PidsLimit ?? 0) > 0, `${service}: a pids limit`);
      if (service === 'client') {
        // threads-map's 1000 worker threads count against it, and the rest of the suite's processes.
        assert.ok(host.PidsLimit! >= 1100, `client pids limit ${host.PidsLimit}`);
        assert.equal(inspected.Config.User, `${HOST_UID}:${HOST_GID}`);
      } else {
        assert.equal(inspected.Config.User, 'node', 'the server runs as the image\'s user');
      }
    }
  });

  test('compose: the client process is not root, has no capability and cannot gain one, and writes only /tmp and the results', () => {
    const compose = composeCommand();
    const look = sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'run', '--rm', '--no-deps', '--entrypoint', 'sh', 'client', '-c',
      'id -u; id -g; grep -E "^(CapEff|CapPrm|NoNewPrivs):" /proc/self/status; cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null; ' +
      'touch /app/x 2>/dev/null && echo APP_WRITABLE; touch /tmp/x && echo TMP_OK; touch /results/x && echo RESULTS_OK && rm /results/x'], composeEnv(userResultsDir()));
    assert.equal(look.code, 0, `${look.stdout}\n${look.stderr}`);
    const [uid, gid] = look.stdout.trim().split('\n');
    assert.deepEqual([Number(uid), Number(gid)], [HOST_UID, HOST_GID]);
    assert.notEqual(Number(uid), 0);
    assert.match(look.stdout, /^CapEff:\s+0{16}$/m);
    assert.match(look.stdout, /^CapPrm:\s+0{16}$/m);
    assert.match(look.stdout, /^NoNewPrivs:\s+1$/m);
    assert.match(look.stdout, /^4096$/m, 'the pids limit');
    assert.doesNotMatch(look.stdout, /APP_WRITABLE/);
    assert.match(look.stdout, /TMP_OK/);
    assert.match(look.stdout, /RESULTS_OK/);
  });

  test('compose with a results folder Docker had to create (root\'s): the client says how to fix it, exit 2, nothing written', () => {
    const missing = join(resultsDir(), 'not-yet');
    const compose = composeCommand();
    const up = sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'up', '--abort-on-container-exit', '--exit-code-from', 'client'], composeEnv(missing));
    sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'down'], composeEnv(missing));
    assert.equal(up.code, 2, `${up.stdout}\n${up.stderr}`);
    assert.match(up.stdout + up.stderr, /cannot write to \/results as uid \d+:\d+: it belongs to root \(Docker creates a missing bind-mount folder as root\)/);
    assert.match(up.stdout + up.stderr, /mkdir -p results/);
    assert.deepEqual(readdirSync(missing), []);
  });

  test('docker compose up ends with the client\'s exit code when the suite fails', () => {
    const compose = composeCommand();
    const env = { ...composeEnv(userResultsDir()), BENCHMARK_STRATEGIES: 'no-such-strategy' };
    // The images exist from the test before (or are built now); no --build needed.
    const up = sh(compose[0]!, [...compose.slice(1), '-p', composeProject(), 'up', '--abort-on-container-exit', '--exit-code-from', 'client'], env);
    assert.equal(up.code, 2, `${up.stdout}\n${up.stderr}`);
    assert.match(up.stdout + up.stderr, /unknown strategy 'no-such-strategy'/);
  });

  test('the host-networking override puts both services on the host network, client aimed at 127.0.0.1', () => {
    const compose = composeCommand();
    const config = sh(compose[0]!, [...compose.slice(1), '-f', 'docker-compose.yml', '-f', 'docker-compose.host.yml', 'config'], composeEnv(''));
    assert.equal(config.code, 0, config.stderr);
    assert.equal(config.stdout.match(/network_mode: host/g)?.length, 2, config.stdout);
    assert.match(config.stdout, /BENCHMARK_SERVER_HOST: 127\.0\.0\.1/);
    // The client runs under an init, which hands docker stop's SIGTERM to the suite.
    assert.match(config.stdout, /^ {4}init: true$/m);
  });

  test('compose leaves the runs to the suite unless set, and passes the time budget through', () => {
    const compose = composeCommand();
    const base = [...compose.slice(1), '-p', composeProject(), 'run', '--rm', '--no-deps', '--entrypoint', 'env', 'client'];
    const unset = sh(compose[0]!, base, { ...composeEnv(resultsDir()), BENCHMARK_RUNS: undefined, BENCHMARK_WARMUP: undefined });
    assert.equal(unset.code, 0, `${unset.stdout}\n${unset.stderr}`);
    assert.doesNotMatch(unset.stdout, /^BENCHMARK_(RUNS|WARMUP)=/m);
    const set = sh(compose[0]!, base, { ...composeEnv(resultsDir()), BENCHMARK_BUDGET: '60', BENCHMARK_EXACT: '1' });
    assert.match(set.stdout, /^BENCHMARK_BUDGET=60$/m);
    assert.match(set.stdout, /^BENCHMARK_EXACT=1$/m);
    assert.match(set.stdout, /^BENCHMARK_RUNS=1$/m);
  });

  test('compose passes the thread-budget settings through to the client', () => {
    const compose = composeCommand();
    const budget = { BENCHMARK_MAX_THREADS: '2', BENCHMARK_SKIP_THREAD_CHECK: '0', BENCHMARK_STRICT: '1' };
    const base = [...compose.slice(1), '-p', composeProject(), 'run', '--rm', '--no-deps'];
    // What the client process sees.
    const seen = sh(compose[0]!, [...base, '--entrypoint', 'env', 'client'], { ...composeEnv(resultsDir()), ...budget });
    assert.equal(seen.code, 0, `${seen.stdout}\n${seen.stderr}`);
    for (const [name, value] of Object.entries(budget)) assert.match(seen.stdout, new RegExp(`^${name}=${value}$`, 'm'), name);
    // And what it does with them: the cap of 2 threads refuses a 5-thread pool.
    const check = sh(compose[0]!, [...base, 'client', 'benchmark', 'check', 'threads-reuse', '-r', '20', '-c', '5'], { ...composeEnv(resultsDir()), ...budget });
    assert.equal(check.code, 1, `${check.stdout}\n${check.stderr}`);
    assert.match(check.stdout + check.stderr, /BENCHMARK_MAX_THREADS=2/);
  });

  test('build-base-images.sh leaves an existing tag alone (idempotent, so CI can always call it)', () => {
    const before = docker('image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE).stdout.trim();
    const again = sh('bash', ['scripts/build-base-images.sh', '24']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /node:24-bookworm-slim exists, skipped/);
    assert.equal(docker('image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE).stdout.trim(), before);
  });

  function composeProject(): string {
    return `ntabtest${RUN_ID.replace(/[^a-z0-9]/g, '')}`;
  }

  function composeEnv(results: string): NodeJS.ProcessEnv {
    return {
      ...TINY,
      BENCHMARK_IMAGE_PREFIX: COMPOSE_PREFIX,
      BENCHMARK_RESULTS_DIR: results || tmpdir(),
      HOST_UID: String(HOST_UID),
      HOST_GID: String(HOST_GID),
      // A host .env or shell could set these; the test wants the file's defaults.
      BENCHMARK_SERVER_HOST: '',
      BENCHMARK_SERVER_PORT: '',
      BENCHMARK_STRATEGIES: '',
      BENCHMARK_RESULT_NAME: '',
      BENCHMARK_RUNTIME: 'node24',
      BENCHMARK_SERVER_NODE_VERSION: '24',
    };
  }
});

