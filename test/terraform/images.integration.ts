// Images pinned by digest (ECR tags are mutable): server_image / client_image accept
// @sha256: references and client_image_digests pins one client image per runtime
// (client_runtimes: node22, node24, node26, bun, deno; node_versions its old spelling), as
// Terraform itself evaluates them (terraform console on variables.tf and the image locals
// exactly as written in terraform/, no provider needed); and scripts/push-images-ecr.sh
// prints the digests it pushed and how to pass them (docker and aws stood in for: no
// registry can be reached here).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { REPO, TERRAFORM_DIR, hasCommand, terraform } from './terraform-tools.ts';

const NO_TERRAFORM = hasCommand('terraform') ? false : 'terraform is not installed: the checks run terraform console';
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab';
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const DIGEST_C = `sha256:${'c'.repeat(64)}`;

describe('image references, evaluated by terraform console', { skip: NO_TERRAFORM }, () => {
  let dir: string;
  before(async () => {
    // variables.tf, and the image locals as written in terraform/, with the ECR repositories'
    // URLs (resources, which need the provider) replaced by what they would be.
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-images-'));
    copyFileSync(join(TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
    const locals = Object.assign({}, ...((await convertFiles(TERRAFORM_DIR)).locals as Record<string, string>[]));
    const lines = ['server_image', 'client_repo', 'client_runtimes', 'client_images'].map((name) => {
      const expression = /^\$\{([\s\S]*)\}$/.exec(locals[name] ?? '')?.[1];
      assert.ok(expression, `terraform/ has local.${name}: ${locals[name]}`);
      const offline = expression
        .replaceAll('aws_ecr_repository.server[0].repository_url', JSON.stringify(`${ECR}/server`))
        .replaceAll('aws_ecr_repository.client[0].repository_url', JSON.stringify(`${ECR}/client`));
      assert.doesNotMatch(offline, /aws_/, `local.${name} needs nothing but the variables and the repository URLs`);
      return `  ${name} = ${offline}`;
    });
    writeFileSync(join(dir, 'images.tf'), `locals {\n${lines.join('\n')}\n}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const required = { ssh_allowed_cidr: '203.0.113.7/32', ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkTestKeyOnly a@b' };
  function evaluate(vars: Record<string, string>, expression: string): string {
    const args = Object.entries({ ...required, ...vars }).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
    const result = terraform(['console', '-no-color', ...args], { cwd: dir, input: `${expression}\n` });
    return `${result.stdout}\n${result.stderr}`;
  }
  /** The images the hosts would run: [server, {label: client image}]. */
  function images(vars: Record<string, string>): [string, Record<string, string>] {
    const output = evaluate(vars, 'jsonencode([local.server_image, local.client_images])');
    const encoded = /^"(.*)"$/m.exec(output)?.[1];
    assert.ok(encoded, output);
    return JSON.parse(JSON.parse(`"${encoded}"`) as string) as [string, Record<string, string>];
  }
  function assertRejected(vars: Record<string, string>, name: string, message: RegExp): void {
    const output = evaluate(vars, 'var.node_versions');
    assert.match(output, /Invalid value for variable/, JSON.stringify(vars));
    assert.match(output, new RegExp(`variable "${name}"`));
    assert.match(output.replace(/\s+/g, ' '), message);
  }

  test('tags, as before: server_image as given, <client_image>:node<version>', () => {
    const [server, clients] = images({ server_image: 'ghcr.io/x/server:1.0', client_image: 'ghcr.io/x/client' });
    assert.equal(server, 'ghcr.io/x/server:1.0');
    assert.deepEqual(clients, { node22: 'ghcr.io/x/client:node22', node24: 'ghcr.io/x/client:node24' });
  });

  test('server_image and client_image accept @sha256: digests, and the hosts then run exactly those', () => {
    const [server, clients] = images({
      server_image: `ghcr.io/x/server@${DIGEST_A}`,
      client_image: `ghcr.io/x/client@${DIGEST_B}`,
      node_versions: '["24"]',
    });
    assert.equal(server, `ghcr.io/x/server@${DIGEST_A}`);
    assert.deepEqual(clients, { node24: `ghcr.io/x/client@${DIGEST_B}` });
    assert.equal(images({ server_image: `localhost:5000/x/server:1.0@${DIGEST_A}`, client_image: 'ghcr.io/x/client' })[0], `localhost:5000/x/server:1.0@${DIGEST_A}`);
  });

  test('with ECR: client_image_digests pins each Node version, server_image a digest in the server repository', () => {
    const [server, clients] = images({
      create_ecr_repositories: 'true',
      server_image: `${ECR}/server@${DIGEST_A}`,
      client_image_digests: `{"22" = "${DIGEST_B}", "24" = "${DIGEST_C}"}`,
    });
    assert.equal(server, `${ECR}/server@${DIGEST_A}`);
    assert.deepEqual(clients, { node22: `${ECR}/client@${DIGEST_B}`, node24: `${ECR}/client@${DIGEST_C}` });
    // A version without a digest keeps its tag; without anything, the tags the push script pushes.
    assert.deepEqual(images({ create_ecr_repositories: 'true', client_image_digests: `{"24" = "${DIGEST_C}"}` })[1], {
      node22: `${ECR}/client:node22`,
      node24: `${ECR}/client@${DIGEST_C}`,
    });
    assert.deepEqual(images({ create_ecr_repositories: 'true' }), [`${ECR}/server:latest`, { node22: `${ECR}/client:node22`, node24: `${ECR}/client:node24` }]);
  });

  test('malformed digests and ambiguous pins are refused with a clear message', () => {
    const base = { server_image: 'ghcr.io/x/server:1', client_image: 'ghcr.io/x/client' };
    assertRejected({ ...base, server_image: 'ghcr.io/x/server@sha256:abc' }, 'server_image', /@sha256:<64 lower-case hex digits>/);
    assertRejected({ ...base, server_image: `ghcr.io/x/server@md5:${'a'.repeat(32)}` }, 'server_image', /@sha256:<64 lower-case hex digits>/);
    assertRejected({ ...base, client_image: 'ghcr.io/x/client@sha256:xyz' }, 'client_image', /must be a repository without a tag.*or a digest reference/);
    assertRejected({ ...base, client_image: 'ghcr.io/x/client:latest' }, 'client_image', /must be a repository without a tag.*or a digest reference/);
    // One digest cannot be the image of two Node versions.
    assertRejected({ ...base, client_image: `ghcr.io/x/client@${DIGEST_B}` }, 'client_image', /client_runtimes \(or node_versions\) must have exactly one entry.*client_image_digests/);
    assertRejected({ ...base, client_image: `ghcr.io/x/client@${DIGEST_B}`, client_runtimes: '["bun","deno"]' }, 'client_image', /must have exactly one entry/);
    assertRejected({ ...base, client_image_digests: '{"24" = "sha256:abc"}' }, 'client_image_digests', /"sha256:<64 lower-case hex digits>"/);
    assertRejected({ ...base, client_image_digests: `{"20" = "${DIGEST_B}"}` }, 'client_image_digests', /keys must be runtimes that run/);
    assertRejected({ ...base, client_image_digests: `{"bun" = "${DIGEST_B}"}` }, 'client_image_digests', /keys must be runtimes that run \(client_runtimes/);
    assertRejected({ ...base, client_image_digests: `{"24" = "${DIGEST_B}", "node24" = "${DIGEST_C}"}` }, 'client_image_digests', /pins a runtime twice/);
    assertRejected(
      { ...base, client_image: `ghcr.io/x/client@${DIGEST_B}`, node_versions: '["24"]', client_image_digests: `{"24" = "${DIGEST_C}"}` },
      'client_image_digests',
      /not both/,
    );
  });
});

describe('client_runtimes, evaluated by terraform console', { skip: NO_TERRAFORM }, () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-runtimes-'));
    copyFileSync(join(TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
    const locals = Object.assign({}, ...((await convertFiles(TERRAFORM_DIR)).locals as Record<string, string>[]));
    const lines = ['client_repo', 'client_runtimes', 'client_images'].map((name) => {
      const expression = /^\$\{([\s\S]*)\}$/.exec(locals[name] ?? '')?.[1] ?? '';
      return `  ${name} = ${expression.replaceAll('aws_ecr_repository.client[0].repository_url', JSON.stringify(`${ECR}/client`))}`;
    });
    writeFileSync(join(dir, 'images.tf'), `locals {\n${lines.join('\n')}\n}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base = { ssh_allowed_cidr: '203.0.113.7/32', ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkTestKeyOnly a@b', server_image: 'ghcr.io/x/server:1', client_image: 'ghcr.io/x/client' };
  function evaluate(vars: Record<string, string>, expression: string): string {
    const args = Object.entries({ ...base, ...vars }).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
    const result = terraform(['console', '-no-color', ...args], { cwd: dir, input: `${expression}\n` });
    return `${result.stdout}\n${result.stderr}`;
  }
  function clientImages(vars: Record<string, string>): Record<string, string> {
    const output = evaluate(vars, 'jsonencode(local.client_images)');
    const encoded = /^"(.*)"$/m.exec(output)?.[1];
    assert.ok(encoded, output);
    return JSON.parse(JSON.parse(`"${encoded}"`) as string) as Record<string, string>;
  }

  test('the variable lists exactly runtimes/package.json\'s pinned runtimes', () => {
    const pinned = Object.keys((JSON.parse(readFileSync(join(REPO, 'runtimes/package.json'), 'utf8')) as { binaries: Record<string, string> }).binaries);
    const text = readFileSync(join(TERRAFORM_DIR, 'variables.tf'), 'utf8');
    const listed = /contains\(\[("node22"[^\]]*)\], r\)/.exec(text)?.[1]?.split(', ').map((name) => JSON.parse(name) as string);
    assert.deepEqual(listed?.sort(), pinned.sort());
  });

  test('every pinned runtime has its image, tagged with its name; digests by runtime name; node_versions is the old spelling', () => {
    assert.deepEqual(clientImages({ client_runtimes: '["node22","node24","node26","bun","deno"]' }), {
      node22: 'ghcr.io/x/client:node22',
      node24: 'ghcr.io/x/client:node24',
      node26: 'ghcr.io/x/client:node26',
      bun: 'ghcr.io/x/client:bun',
      deno: 'ghcr.io/x/client:deno',
    });
    assert.deepEqual(clientImages({ client_runtimes: '["bun","node24"]', client_image_digests: `{"bun" = "${DIGEST_B}", "24" = "${DIGEST_C}"}` }), {
      bun: `ghcr.io/x/client@${DIGEST_B}`,
      node24: `ghcr.io/x/client@${DIGEST_C}`,
    });
    assert.deepEqual(clientImages({ client_image: `ghcr.io/x/client@${DIGEST_A}`, client_runtimes: '["deno"]' }), { deno: `ghcr.io/x/client@${DIGEST_A}` });
    // Unset: node_versions' default, as before.
    assert.deepEqual(clientImages({}), { node22: 'ghcr.io/x/client:node22', node24: 'ghcr.io/x/client:node24' });
    assert.deepEqual(clientImages({ node_versions: '["26"]' }), { node26: 'ghcr.io/x/client:node26' });
  });

  test('a runtime that is not pinned, a repeat, or an empty list is refused with the names', () => {
    for (const [value, message] of [
      ['["node20"]', /must list one or more of "node22", "node24", "node26", "bun" and "deno"/],
      ['["Bun"]', /must list one or more of/],
      ['[]', /must list one or more of/],
      ['["bun","bun"]', /must not repeat a runtime/],
    ] as const) {
      const output = evaluate({ client_runtimes: value }, 'local.client_runtimes');
      assert.match(output, /Invalid value for variable/, value);
      assert.match(output, /variable "client_runtimes"/, value);
      assert.match(output.replace(/\s+/g, ' '), message, value);
    }
    const old = evaluate({ node_versions: '["20"]' }, 'local.client_runtimes');
    assert.match(old.replace(/\s+/g, ' '), /node_versions must list Node\.js major versions among the pinned runtimes/);
  });
});

describe('scripts/push-images-ecr.sh prints the digests it pushed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-push-'));
    // docker: build and push do nothing; `image inspect` answers the digest a registry would
    // have given each pushed tag. aws: the login password. Both log their calls.
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/bash
echo "docker $*" >>"${dir}/calls"
case $1 in
  build|push|login) cat >/dev/null 2>&1 || true; exit 0 ;;
  image)
    ref=\${!#}
    repo=\${ref%:*}
    case $ref in
      *server:latest) d=${'a'.repeat(64)} ;;
      *client:node22) d=${'b'.repeat(64)} ;;
      *client:node24) d=${'c'.repeat(64)} ;;
      *client:bun) d=${'d'.repeat(64)} ;;
      *) exit 1 ;;
    esac
    printf '%s\\n' "other.example/mirror@sha256:${'f'.repeat(64)}" "$repo@sha256:$d"
    ;;
  *) exit 1 ;;
esac
`,
    );
    writeFileSync(join(dir, 'aws'), '#!/bin/bash\necho "aws $*" >>"$(dirname "$0")/calls"\necho password\n');
    chmodSync(join(dir, 'docker'), 0o755);
    chmodSync(join(dir, 'aws'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const push = (...args: string[]) =>
    spawnSync('bash', [join(REPO, 'scripts/push-images-ecr.sh'), '--region', 'us-east-1', '--server-repo', `${ECR}/server`, '--client-repo', `${ECR}/client`, ...args], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });

  test('each image by digest, and the Terraform settings that run exactly those', () => {
    // --node-versions: the old spelling of --runtimes node22,node24.
    const run = push('--node-versions', '22,24');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^server +${ECR}/server@${DIGEST_A}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^node22 +${ECR}/client@${DIGEST_B}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^node24 +${ECR}/client@${DIGEST_C}$`, 'm'));
    // Ready to paste into terraform.tfvars: the digest of the pushed repository, not another's.
    assert.match(run.stdout, new RegExp(`^server_image += "${ECR}/server@${DIGEST_A}"$`, 'm'));
    assert.match(run.stdout, /^client_runtimes += \["node22", "node24"\]$/m);
    assert.match(run.stdout, new RegExp(`^client_image_digests = \\{ "node22" = "${DIGEST_B}", "node24" = "${DIGEST_C}" \\}$`, 'm'));
    assert.match(run.stdout, /tags in ECR are mutable/);
  });

  test('--runtimes: one client image per runtime, built with RUNTIME and tagged with its name; a runtime not pinned is refused', () => {
    const run = push('--runtimes', 'node24,bun');
    assert.equal(run.status, 0, run.stderr);
    const calls = readFileSync(join(dir, 'calls'), 'utf8');
    assert.match(calls, new RegExp(`^docker build --platform linux/amd64 -f \\S+/Dockerfile\\.client --build-arg RUNTIME=bun -t ${ECR}/client:bun `, 'm'));
    assert.match(calls, new RegExp(`^docker push ${ECR}/client:bun$`, 'm'));
    assert.match(run.stdout, new RegExp(`^bun +${ECR}/client@sha256:${'d'.repeat(64)}$`, 'm'));
    assert.match(run.stdout, /^client_runtimes += \["node24", "bun"\]$/m);
    const bad = push('--runtimes', 'node24,node20');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--runtimes must list runtimes among node22, node24, node26, bun, deno/);
  });

  test('--dry-run says the digests come after a real push', () => {
    const run = spawnSync(
      'bash',
      [join(REPO, 'scripts/push-images-ecr.sh'), '--dry-run', '--region', 'us-east-1', '--server-repo', `${ECR}/server`, '--client-repo', `${ECR}/client`],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /dry run: no digests/);
  });
});
