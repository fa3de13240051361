// The Terraform path's optional sweeps (sweep_presets and their sizes): the variables'
// validation and the flags instances.tf makes of them, evaluated by Terraform itself
// (terraform console, no provider needed); the rendered client script with a sweep,
// shellcheck-clean; and that script's sweep part run for real without a Docker engine:
// test/terraform/fake-docker/docker runs the client image's `benchmark sweep` with this
// checkout's CLI against a real benchmark server on loopback.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { REPO, TERRAFORM_DIR, ec2ClientVars, hasCommand, renderTemplates, shellcheck, terraform, type TemplateValue } from './terraform-tools.ts';
import { serverForTests } from '../helper.ts';

const NO_TERRAFORM = hasCommand('terraform') ? false : 'terraform is not installed: the checks run terraform console';
const NO_SHELLCHECK = hasCommand('shellcheck') ? false : 'shellcheck is not installed (apt-get install shellcheck)';
const NO_HYPERFINE = hasCommand('hyperfine') ? false : 'hyperfine is not installed (the sweep runs it)';
const FAKE_DOCKER_DIR = join(REPO, 'test/terraform/fake-docker');

describe('sweep variables, evaluated by terraform console', { skip: NO_TERRAFORM }, () => {
  let dir: string;
  before(async () => {
    // variables.tf, and the one local of instances.tf that turns the sizes into flags, as it is written there.
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-sweep-'));
    copyFileSync(join(TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
    const locals = Object.assign({}, ...((await convertFiles(TERRAFORM_DIR)).locals as Record<string, string>[]));
    const expression = /^\$\{([\s\S]*)\}$/.exec(locals.sweep_flags ?? '')?.[1];
    assert.ok(expression, `instances.tf has local.sweep_flags: ${locals.sweep_flags}`);
    writeFileSync(join(dir, 'sweep-flags.tf'), `locals {\n  sweep_flags = ${expression}\n}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const required = ['ssh_allowed_cidr=203.0.113.7/32', 'ssh_public_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkTestKeyOnly a@b', 'server_image=ghcr.io/x/server:1', 'client_image=ghcr.io/x/client'];
  function evaluate(vars: Record<string, string>, expression: string): string {
    const args = [...required, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)].flatMap((v) => ['-var', v]);
    const result = terraform(['console', '-no-color', ...args], { cwd: dir, input: `${expression}\n` });
    return `${result.stdout}\n${result.stderr}`;
  }
  function assertRejected(vars: Record<string, string>, name: string, message: RegExp): void {
    const output = evaluate(vars, 'var.sweep_presets');
    assert.match(output, /Invalid value for variable/, JSON.stringify(vars));
    assert.match(output, new RegExp(`variable "${name}"`));
    assert.match(output.replace(/\s+/g, ' '), message);
  }

  test('default: no sweep, no flags', () => {
    assert.match(evaluate({}, 'jsonencode([var.sweep_presets, local.sweep_flags])'), /"\[\[\],\\"\\"\]"/);
  });

  test('the presets that can run against the server host, each once', () => {
    assert.match(evaluate({ sweep_presets: '["work","concurrency"]' }, 'join(",", var.sweep_presets)'), /"work,concurrency"/);
    for (const presets of ['["latency"]', '["rtt"]', '["work","work"]', '["bogus"]']) {
      assertRejected({ sweep_presets: presets }, 'sweep_presets', /may list "work" and "concurrency", each once/);
    }
  });

  test('the sizes become the sweep\'s flags; bad sizes are refused', () => {
    assert.match(evaluate({ sweep_requests: '40', sweep_runs: '2', sweep_warmup: '0', sweep_values: '[0, 0.5, 1]' }, 'local.sweep_flags'), /^"-r 40 --runs 2 --warmup 0 --values 0,0\.5,1"$/m);
    assert.match(evaluate({ sweep_runs: '3' }, 'local.sweep_flags'), /^"--runs 3"$/m);
    assertRejected({ sweep_runs: '1' }, 'sweep_runs', /from 2 to 1000 \(Welch's t-test needs two runs per point\)/);
    assertRejected({ sweep_requests: '2.5' }, 'sweep_requests', /null or a whole number from 1 to 1000000/);
    assertRejected({ sweep_warmup: '-1' }, 'sweep_warmup', /null or a whole number from 0 to 1000/);
    for (const values of ['[]', '[-1]']) assertRejected({ sweep_values: values }, 'sweep_values', /null or a non-empty list of numbers from 0 to 60000/);
  });
});

describe('the client script with sweep_presets', { skip: NO_TERRAFORM }, () => {
  let dir: string;
  const server = serverForTests();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-sweep-run-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function clientScript(results: string, overrides: Record<string, TemplateValue> = {}): string {
    const vars: Record<string, TemplateValue> = {
      ...ec2ClientVars(),
      mode: 'rehearsal',
      container_prefix: 'ntab-tf-sweep',
      server_image: 'ntab-tf-server:test',
      client_images: { node24: 'ntab-tf-client:test' },
      server_host: '127.0.0.1',
      server_port: server.port,
      results_dir: results,
      results_owner: `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
      strategies: 'async-for',
      calibrate_memory: false,
      server_wait_seconds: 30,
      sweep_presets: 'work',
      sweep_flags: '-r 20 --values 0,1 --runs 2 --warmup 0',
      ...overrides,
    };
    return renderTemplates({ client: { template: 'client-user-data.sh.tftpl', vars } }).client!;
  }

  test('rendered for EC2 and for the rehearsal, it passes shellcheck and runs the preset against the server host', { skip: NO_SHELLCHECK }, () => {
    for (const mode of ['ec2', 'rehearsal']) {
      const script = clientScript(join(dir, 'render'), { mode });
      const result = shellcheck(script);
      assert.equal(result.status, 0, `${mode}: shellcheck:\n${result.stdout}${result.stderr}`);
      assert.match(script, /^SWEEP_PRESETS='work'$/m);
      assert.match(script, /^SWEEP_FLAGS='-r 20 --values 0,1 --runs 2 --warmup 0'$/m);
      assert.match(script, /"\$image" benchmark sweep --preset "\$preset" --target env -o "\/results\/sweep-\$preset" "\$\{flags\[@\]\}"/);
      // Under the suites' limits and with their records: host network, memory, instance type, digests.
      assert.match(script, /-e BENCHMARK_INSTANCE_TYPE="\$INSTANCE_TYPE" \\\n\s+"\$\{commit_env\[@\]\}" \\\n\s+-e BENCHMARK_IMAGE_DIGESTS=/);
    }
  });

  test('without a Docker engine (its stand-in runs the CLI): a tiny work sweep leaves its results beside the suite\'s', { skip: NO_HYPERFINE }, async () => {
    const results = join(dir, 'results');
    const child = spawn('bash', ['-c', clientScript(results)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NTAB_TEST_NODE: process.execPath, NTAB_TEST_CLI: join(REPO, 'dist/client/cli.js'), PATH: `${FAKE_DOCKER_DIR}:${process.env.PATH}` },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'close')) as [number | null];
    // The stand-in cannot run the image's own entrypoint (the suite): that part fails, the sweep does not.
    assert.equal(code, 1, stderr);
    const status = readFileSync(join(results, 'STATUS'), 'utf8');
    assert.match(status, /^failed: 0 of 1 suites ran \(none\) on local-rehearsal \(not EC2\) against 127\.0\.0\.1:\d+; sweeps: node24\/sweep-work; node24: the suite failed/);
    const out = join(results, 'node24', 'sweep-work');
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as Record<string, any>;
    assert.equal(sweep.preset, 'work');
    assert.deepEqual(sweep.values, [0, 1]);
    assert.equal(sweep.points.length, 2 * sweep.strategies.length);
    assert.ok(sweep.points.every((p: { error?: string }) => p.error === undefined));
    assert.equal(sweep.crossover.figure, 'in-process');
    assert.equal(sweep.target, `127.0.0.1:${server.port} (BENCHMARK_SERVER_HOST/PORT)`);
    // What the client script passes: where it ran, on what network, for which label.
    assert.equal(sweep.environment.instanceType, 'local-rehearsal (not EC2)');
    assert.equal(sweep.environment.label, 'node24');
    assert.equal(sweep.environment.conditions.network, 'loopback (local rehearsal of the EC2 hosts)');
    for (const file of ['sweep.md', 'chart.svg']) assert.ok(existsSync(join(out, file)), file);
    assert.match(readFileSync(join(results, 'client.log'), 'utf8'), /^sweep: `[^`]+` (beats the best event-loop strategy|does not beat the event loop up to)/m);
  });
});
