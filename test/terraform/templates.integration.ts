// The user-data templates rendered offline by Terraform (terraform console + templatefile), as
// the instances get them: shellcheck-clean, within EC2's 16 KB, the settings Terraform passes,
// and the rehearsal render differing from the EC2 one in settings only. Plus the parts of the
// client script that need no Docker engine (the memory guard refusing: the client image's
// `benchmark check` is stood in for by this checkout's CLI) and the helper scripts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import {
  REPO,
  TERRAFORM_DIR,
  ec2ClientVars,
  ec2ServerVars,
  hasCommand,
  renderTemplates,
  shellcheck,
  type TemplateValue,
} from './terraform-tools.ts';

const NO_TERRAFORM = hasCommand('terraform') ? false : 'terraform is not installed: the templates are rendered by terraform console';
const NO_SHELLCHECK = hasCommand('shellcheck') ? false : 'shellcheck is not installed (apt-get install shellcheck)';
/** EC2 user data is limited to 16 KB (before base64); instances.tf sends it gzipped. */
const USER_DATA_LIMIT = 16 * 1024;

/** test/terraform/fake-docker/docker: `docker run ... IMAGE benchmark ARGS` runs this checkout's CLI, as the client image would. */
const FAKE_DOCKER_DIR = join(REPO, 'test/terraform/fake-docker');
const FAKE_DOCKER_ENV = { NTAB_TEST_NODE: process.execPath, NTAB_TEST_CLI: join(REPO, 'dist/client/cli.js') };
const { THREAD_COST } = (await import(join(REPO, 'dist/strategies/thread-budget.js'))) as typeof import('../../src/strategies/thread-budget.ts');

/** Runs a rendered script without blocking the event loop (the test's /health server must answer); `path` goes first on PATH. */
async function runScript(script: string, path?: string): Promise<{ code: number | null; stderr: string }> {
  const env = path ? { ...process.env, ...FAKE_DOCKER_ENV, PATH: `${path}:${process.env.PATH}` } : process.env;
  const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

describe('user-data templates rendered by terraform console', { skip: NO_TERRAFORM }, () => {
  let ec2: Record<string, string>;
  let rehearsal: Record<string, string>;
  let dir: string;
  // Stands in for the benchmark server's /health: the client waits for it before its memory check.
  let health: Server;
  let healthPort: number;

  function rehearsalClientVars(overrides: Record<string, TemplateValue> = {}): Record<string, TemplateValue> {
    return {
      ...ec2ClientVars(),
      mode: 'rehearsal',
      container_prefix: 'ntab-tf-render',
      server_image: 'ntab-tf-server:test',
      client_images: { node24: 'ntab-tf-client:test', node22: 'ntab-tf-client:test-22' },
      server_host: '127.0.0.1',
      server_port: healthPort,
      results_dir: join(dir, 'results'),
      results_owner: `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
      queries: 20,
      chunk: 5,
      runs: 1,
      warmup: 0,
      calibrate_memory: false,
      server_wait_seconds: 30,
      ...overrides,
    };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-templates-'));
    health = createServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end()).listen(0, '127.0.0.1');
    await once(health, 'listening');
    healthPort = (health.address() as { port: number }).port;
    ec2 = renderTemplates({
      server: { template: 'server-user-data.sh.tftpl', vars: ec2ServerVars() },
      client: { template: 'client-user-data.sh.tftpl', vars: ec2ClientVars() },
    });
    rehearsal = renderTemplates({
      server: { template: 'server-user-data.sh.tftpl', vars: { ...ec2ServerVars(), mode: 'rehearsal', container_prefix: 'ntab-tf-render', server_image: 'ntab-tf-server:test', server_port: 18080 } },
      client: { template: 'client-user-data.sh.tftpl', vars: rehearsalClientVars() },
    });
  });
  after(() => {
    health.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the renders use exactly the template variables instances.tf passes', async () => {
    const hcl = await convertFiles(TERRAFORM_DIR);
    const locals = Object.assign({}, ...(hcl.locals as Array<Record<string, any>>));
    assert.deepEqual(Object.keys(ec2ServerVars()).sort(), Object.keys(locals.server_user_data_vars).sort());
    assert.deepEqual(Object.keys(ec2ClientVars()).sort(), Object.keys(locals.client_user_data_vars).sort());
    assert.match(locals.host_functions, /file\(.*templates\/host-functions\.sh/);
  });

  for (const mode of ['ec2', 'rehearsal'] as const) {
    for (const role of ['server', 'client'] as const) {
      test(`${mode} ${role} script passes shellcheck`, { skip: NO_SHELLCHECK }, () => {
        const script = (mode === 'ec2' ? ec2 : rehearsal)[role]!;
        const result = shellcheck(script);
        assert.equal(result.status, 0, `shellcheck:\n${result.stdout}${result.stderr}`);
      });
    }
  }

  test('the EC2 user data, gzipped as instances.tf sends it, fits in 16 KB, also with six Node versions', () => {
    const repo = '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/ntab-longer-prefix/client';
    const six = Object.fromEntries(['20', '22', '24', '26', '28', '30'].map((v) => [`node${v}`, `${repo}:node${v}`]));
    const { client } = renderTemplates({ client: { template: 'client-user-data.sh.tftpl', vars: { ...ec2ClientVars(), client_images: six } } });
    for (const [role, script] of [['server', ec2.server!], ['client', ec2.client!], ['client (6 versions)', client!]] as const) {
      const size = gzipSync(script).length;
      assert.ok(size < USER_DATA_LIMIT / 2, `${role}: ${size} bytes gzipped (${Buffer.byteLength(script)} as text)`);
      assert.match(script, /^#!\/bin\/bash\n/);
    }
  });

  test('the rehearsal runs the same script: only the settings lines differ from EC2', () => {
    for (const role of ['server', 'client'] as const) {
      const a = ec2[role]!.split('\n');
      const b = rehearsal[role]!.split('\n');
      assert.equal(a.length, b.length, `${role}: same number of lines`);
      const differing = a.map((line, i) => [line, b[i]!] as const).filter(([x, y]) => x !== y);
      assert.ok(differing.length > 0);
      for (const [line] of differing) {
        assert.match(line, /^[A-Z_]+\+?=\(?'[^']*'\)?$/, `${role}: only a setting may differ, not: ${line}`);
      }
    }
  });

  test('EC2 hosts: kernel settings, Docker from Ubuntu, IMDSv2 token, host networking', () => {
    const { server, client } = ec2;
    for (const script of [server!, client!]) {
      assert.match(script, /net\.core\.somaxconn = 65535/);
      assert.match(script, /fs\.file-max/);
      assert.match(script, /install -y --no-install-recommends \\\n\s+docker\.io amazon-ecr-credential-helper/);
      assert.match(script, /--network host/);
      assert.match(script, /--ulimit "nofile=\$NOFILE:\$NOFILE"/);
      // IMDSv2: a PUT for a session token, then the token on every metadata read.
      assert.match(script, /-X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300'/);
      assert.match(script, /-H "X-aws-ec2-metadata-token: \$token"/);
      assert.doesNotMatch(script, /AKIA[0-9A-Z]{16}|aws_secret_access_key|PRIVATE KEY|--password[= ]/i, 'nothing secret in user data');
    }
    assert.match(server!, /--restart unless-stopped/);
    assert.match(server!, /-e BENCHMARK_SERVER_PORT="\$SERVER_PORT"/);
    for (const name of ['SERVER_HOST', 'SERVER_PORT', 'QUERIES', 'CHUNK', 'RUNS', 'WARMUP', 'STRATEGIES', 'INSTANCE_TYPE', 'IMAGE_DIGESTS', 'LABEL']) {
      assert.match(client!, new RegExp(`-e BENCHMARK_${name}=`), `client passes BENCHMARK_${name}`);
    }
    assert.match(client!, /-v "\$dir:\/results"/);
    // docker stop reaches the suite; the suite judges what fits with the memory check's own figures.
    assert.match(client!, /docker run --name "\$name" "\$\{labels\[@\]\}" --init \\/);
    assert.match(client!, /-e BENCHMARK_THREAD_MIB="\$\{LABEL_MIB\[\$1\]\}"/);
    assert.match(client!, /-e BENCHMARK_MEMORY_LIMIT_MIB="\$LIMIT_MIB"/);
    assert.match(client!, /-e BENCHMARK_STRATEGIES="\$STRATEGIES"/);
    assert.match(client!, /SERVER_HOST='10\.42\.0\.10'/);
    assert.match(client!, /CLIENT_LABELS\+=\('node22'\)\nCLIENT_IMAGES\+=\('123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/ntab\/client:node22'\)/);
  });

  test('memory_guard=refuse: no run, a clear reason in STATUS and memory-check.md, non-zero exit', async () => {
    const results = join(dir, 'refuse');
    const { client } = renderTemplates({
      client: {
        template: 'client-user-data.sh.tftpl',
        vars: rehearsalClientVars({
          results_dir: results,
          queries: 1000,
          chunk: 100,
          memory_guard: 'refuse',
          memory_limit_mib: 3584, // what a c5.large leaves: 4 GiB less the reserve
          worker_thread_mib: 24,
        }),
      },
    });
    const run = await runScript(client!, FAKE_DOCKER_DIR);
    assert.equal(run.code, 1, run.stderr);
    // The client's own model (benchmark check --json): its base plus 24 MiB per thread, under the 3584 MiB limit.
    const { baseMiB } = THREAD_COST;
    const status = readFileSync(join(results, 'STATUS'), 'utf8');
    assert.match(status, new RegExp(`^failed: refused to run: with node22, threads-map would need about ${baseMiB + 24_000} MiB, the host allows 3584 MiB`));
    assert.match(status, /client_instance_type/);
    assert.match(status, new RegExp(`benchmark_queries <= ${Math.floor((3584 - baseMiB) / 24)}`));
    const check = readFileSync(join(results, 'memory-check.md'), 'utf8');
    assert.match(check, /## node22: 24 MiB per worker thread \(configured\)/);
    assert.match(check, new RegExp(`\\| threads-map \\| 1000 \\| ${baseMiB + 24_000} \\| no \\|`));
    assert.match(check, new RegExp(`\\| threads-reuse \\| 100 \\| ${baseMiB + 2_400} \\| yes \\|`));
    assert.match(check, new RegExp(`\\| async-for \\| 0 \\| ${baseMiB} \\| yes \\|`));
    assert.match(readFileSync(join(results, 'client.log'), 'utf8'), /refused to run/);
  });

  test('scripts/fetch-results.sh copies a client results directory (local stand-in for ssh)', async () => {
    // A real results directory written by the rendered client script (refused run, no Docker).
    const results = join(dir, 'fetch-source');
    const { client } = renderTemplates({
      client: { template: 'client-user-data.sh.tftpl', vars: rehearsalClientVars({ results_dir: results, queries: 1000, memory_guard: 'refuse', memory_limit_mib: 600 }) },
    });
    await runScript(client!, FAKE_DOCKER_DIR);
    assert.match(readFileSync(join(results, 'STATUS'), 'utf8'), /^failed: refused/);
    // The stand-in runs the remote command here instead of on a host: the last argument, as ssh does.
    const fakeSsh = join(dir, 'local-ssh');
    writeFileSync(fakeSsh, '#!/bin/bash\nexec bash -c "${!#}"\n');
    chmodSync(fakeSsh, 0o755);
    const output = join(dir, 'fetched');
    const fetch = spawnSync('bash', [join(REPO, 'scripts/fetch-results.sh'), '--ssh-command', fakeSsh, '--remote-dir', results, '--output', output, 'ubuntu@192.0.2.10'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(fetch.status, 1, `a failed client is exit 1 (results still copied):\n${fetch.stderr}`);
    assert.match(fetch.stderr, /ubuntu@192\.0\.2\.10: failed: refused to run/);
    assert.equal(readFileSync(join(output, 'client-1', 'STATUS'), 'utf8'), readFileSync(join(results, 'STATUS'), 'utf8'));
    assert.ok(existsSync(join(output, 'client-1', 'memory-check.md')));
  });
});

describe('helper scripts', () => {
  test('shellcheck: push-images-ecr.sh, fetch-results.sh, host-functions.sh, the tests\' docker stand-in', { skip: NO_SHELLCHECK }, () => {
    for (const file of ['scripts/push-images-ecr.sh', 'scripts/fetch-results.sh', 'terraform/templates/host-functions.sh', 'test/terraform/fake-docker/docker']) {
      const result = shellcheck(readFileSync(join(REPO, file), 'utf8'));
      assert.equal(result.status, 0, `${file}:\n${result.stdout}`);
    }
  });

  test('push-images-ecr.sh --dry-run: server :latest, one client image per runtime, amd64', () => {
    const repo = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ntab';
    const run = spawnSync('bash', [join(REPO, 'scripts/push-images-ecr.sh'), '--dry-run', '--region', 'eu-west-1', '--server-repo', `${repo}/server`, '--client-repo', `${repo}/client`, '--node-versions', '22,24'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /aws ecr get-login-password --region eu-west-1 \| docker login --username AWS --password-stdin 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com$/);
    assert.match(run.stdout, /docker build --platform linux\/amd64 -f \S+\/Dockerfile\.server --build-arg NODE_VERSION=24 -t \S+\/ntab\/server:latest/);
    assert.match(run.stdout, /docker build --platform linux\/amd64 -f \S+\/Dockerfile\.client --build-arg RUNTIME=node22 -t \S+\/ntab\/client:node22/);
    assert.match(run.stdout, /docker push \S+\/ntab\/client:node24/);
  });

  test('push-images-ecr.sh and fetch-results.sh: bad input is a clear message and exit 2', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['scripts/push-images-ecr.sh', ['--region', 'us-east-1', '--server-repo', 'ghcr.io/x/server', '--client-repo', 'ghcr.io/x/client'], /--server-repo must be an ECR repository URL/],
      ['scripts/push-images-ecr.sh', ['--bogus', 'x'], /unknown option '--bogus'/],
      ['scripts/fetch-results.sh', [], /give at least one client host as USER@HOST/],
      ['scripts/fetch-results.sh', ['--timeout', 'soon', 'ubuntu@1.2.3.4'], /--timeout must be a whole number/],
      ['scripts/fetch-results.sh', ['not a host'], /is not USER@HOST/],
    ];
    for (const [script, args, message] of cases) {
      const run = spawnSync('bash', [join(REPO, script), ...args], { encoding: 'utf8' });
      assert.equal(run.status, 2, `${script} ${args.join(' ')}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /line \d+:/, 'no shell error, a message');
    }
  });
});
