// terraform/ checked offline: formatting (terraform fmt), structure (HCL parsed with
// @cdktf/hcl2json), and the input validation evaluated by Terraform itself (terraform console
// evaluates the variables' validation rules without any provider).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { TERRAFORM_DIR, hasCommand, terraform } from './terraform-tools.ts';

// hcl2json's shape: blocks are arrays of objects, expressions are "${...}" strings.
type Block = Record<string, any>;
let hcl: Record<string, any>;

const NO_TERRAFORM = hasCommand('terraform') ? false : 'terraform is not installed (https://developer.hashicorp.com/terraform/install)';

function resource(type: string, name: string): Block {
  const block = hcl.resource?.[type]?.[name]?.[0];
  assert.ok(block, `resource ${type}.${name} exists`);
  return block;
}

function variable(name: string): Block {
  const block = hcl.variable?.[name]?.[0];
  assert.ok(block, `variable ${name} exists`);
  return block;
}

function locals(): Block {
  return Object.assign({}, ...(hcl.locals as Block[]));
}

before(async () => {
  hcl = await convertFiles(TERRAFORM_DIR);
});

test('terraform fmt -check -recursive passes', { skip: NO_TERRAFORM }, () => {
  const result = terraform(['fmt', '-check', '-recursive', '-diff', TERRAFORM_DIR]);
  assert.equal(result.status, 0, `terraform fmt would change:\n${result.stdout}${result.stderr}`);
});

test('user data lives in template files, not in strings inside .tf files', () => {
  const templates = readdirSync(join(TERRAFORM_DIR, 'templates'));
  assert.ok(templates.includes('server-user-data.sh.tftpl'));
  assert.ok(templates.includes('client-user-data.sh.tftpl'));
  for (const file of readdirSync(TERRAFORM_DIR).filter((f) => f.endsWith('.tf'))) {
    const text = readFileSync(join(TERRAFORM_DIR, file), 'utf8');
    assert.doesNotMatch(text, /#!\/bin\/(ba)?sh/, `${file} must not inline a script`);
    assert.doesNotMatch(text, /<<-?EOT/, `${file} must not hold heredoc scripts`);
  }
  assert.match(resource('aws_instance', 'server').user_data_base64, /^\$\{base64gzip\(templatefile\(.*server-user-data\.sh\.tftpl/);
  assert.match(resource('aws_instance', 'client').user_data_base64, /^\$\{base64gzip\(templatefile\(.*client-user-data\.sh\.tftpl/);
});

test('versions.tf pins Terraform and the AWS provider', () => {
  const block = hcl.terraform[0];
  assert.match(block.required_version, /^>= 1\.\d+\.\d+, < 2\.0\.0$/);
  const aws = block.required_providers[0].aws;
  assert.equal(aws.source, 'hashicorp/aws');
  assert.match(aws.version, /^~> \d+\.\d+$/, 'a pessimistic constraint on one major version');
});

test('defaults: c5.large, dedicated tenancy, one client, Ubuntu 24.04 from Canonical', () => {
  assert.equal(variable('instance_type').default, 'c5.large');
  assert.equal(variable('tenancy').default, 'dedicated');
  assert.equal(variable('client_count').default, 1);
  assert.equal(variable('ami_id').default, null);
  const ami = hcl.data.aws_ami.ubuntu[0];
  assert.deepEqual(ami.owners, ['099720109477'], "Canonical's account");
  assert.equal(ami.most_recent, true);
  const name = ami.filter.find((f: Block) => f.name === 'name');
  assert.match(name.values[0], /ubuntu-noble-24\.04-amd64-server-\*$/);
  assert.equal(locals().ami_id, '${var.ami_id != null ? var.ami_id : data.aws_ami.ubuntu[0].id}');
});

test('server and clients: same tenancy, one cluster placement group, one subnet', () => {
  assert.equal(resource('aws_placement_group', 'cluster').strategy, 'cluster');
  const server = resource('aws_instance', 'server');
  const client = resource('aws_instance', 'client');
  assert.equal(client.count, '${var.client_count}', 'client_count client hosts');
  for (const host of [server, client]) {
    assert.equal(host.tenancy, '${var.tenancy}');
    assert.equal(host.placement_group, '${aws_placement_group.cluster.name}');
    assert.equal(host.subnet_id, '${aws_subnet.bench.id}');
    assert.equal(host.ami, '${local.ami_id}');
  }
  assert.equal(server.instance_type, '${var.instance_type}');
  assert.equal(resource('aws_subnet', 'bench').availability_zone, '${local.availability_zone}');
});

test('IMDSv2 required and root volumes encrypted on every host', () => {
  for (const name of ['server', 'client']) {
    const host = resource('aws_instance', name);
    const metadata = host.metadata_options[0];
    assert.equal(metadata.http_tokens, 'required', `${name}: IMDSv2 only`);
    assert.equal(metadata.http_endpoint, 'enabled');
    assert.equal(metadata.http_put_response_hop_limit, 1);
    const root = host.root_block_device[0];
    assert.equal(root.encrypted, true, `${name}: encrypted root volume`);
    assert.equal(root.delete_on_termination, true);
    assert.equal(host.user_data_replace_on_change, true);
  }
});

test('security groups: SSH only from ssh_allowed_cidr, the server port only from the clients', () => {
  const ingress = hcl.resource.aws_vpc_security_group_ingress_rule as Record<string, Block[]>;
  const rules: Block[] = Object.entries(ingress).map(([name, blocks]) => ({ name, ...blocks[0] }));
  assert.equal(rules.length, 3, 'no ingress rule besides these three');
  for (const rule of rules) {
    assert.notEqual(rule.cidr_ipv4, '0.0.0.0/0', `${rule.name} is not open to the internet`);
    assert.equal(rule.cidr_ipv6, undefined, `${rule.name} has no IPv6 range`);
    if (rule.from_port === 22) {
      assert.equal(rule.cidr_ipv4, '${var.ssh_allowed_cidr}');
      assert.equal(rule.to_port, 22);
    } else {
      assert.equal(rule.name, 'server_port_from_clients');
      assert.equal(rule.security_group_id, '${aws_security_group.server.id}');
      assert.equal(rule.referenced_security_group_id, '${aws_security_group.client.id}');
      assert.equal(rule.cidr_ipv4, undefined);
      assert.equal(rule.from_port, '${var.server_port}');
      assert.equal(rule.to_port, '${var.server_port}');
    }
  }
  // No inline rules: they would fight with the rule resources.
  for (const name of ['server', 'client']) {
    const group = resource('aws_security_group', name);
    assert.equal(group.ingress, undefined);
    assert.equal(group.egress, undefined);
  }
  assert.equal(resource('aws_instance', 'server').vpc_security_group_ids[0], '${aws_security_group.server.id}');
  assert.equal(resource('aws_instance', 'client').vpc_security_group_ids[0], '${aws_security_group.client.id}');
});

test('ssh_allowed_cidr and ssh_public_key are required (no default) and validated', () => {
  for (const name of ['ssh_allowed_cidr', 'ssh_public_key']) {
    const v = variable(name);
    assert.equal('default' in v, false, `${name} has no default`);
    assert.ok(v.validation?.length >= 1, `${name} is validated`);
  }
});

test('every variable has a description, a type and, where a value can be wrong, a validation', () => {
  const unvalidated = new Set(['tags', 'create_ecr_repositories', 'calibrate_memory']); // any map of strings / any bool is fine
  for (const [name, blocks] of Object.entries(hcl.variable as Record<string, Block[]>)) {
    const v: Block = blocks[0] ?? {};
    assert.ok(typeof v.description === 'string' && v.description.length > 20, `${name} has a description`);
    assert.match(v.type, /^\$\{(string|number|bool|list\((string|number)\)|map\(string\))\}$/, `${name} has a type`);
    if (!unvalidated.has(name)) assert.ok(v.validation?.length >= 1, `${name} has a validation`);
  }
});

test('IAM: only with ECR, pull-only on the two repositories', () => {
  const policy = hcl.data.aws_iam_policy_document.pull[0];
  const actions = policy.statement.flatMap((s: Block) => s.actions);
  assert.deepEqual(actions.sort(), [
    'ecr:BatchCheckLayerAvailability',
    'ecr:BatchGetImage',
    'ecr:GetAuthorizationToken',
    'ecr:GetDownloadUrlForLayer',
  ]);
  const scoped = policy.statement.find((s: Block) => s.actions.includes('ecr:BatchGetImage'));
  assert.deepEqual(scoped.resources, ['${aws_ecr_repository.server[0].arn}', '${aws_ecr_repository.client[0].arn}']);
  assert.equal(resource('aws_iam_role', 'host').count, '${var.create_ecr_repositories ? 1 : 0}');
  assert.equal(resource('aws_ecr_repository', 'server').count, '${var.create_ecr_repositories ? 1 : 0}');
});

test('the provider lock file is committed, or at least git would not hide it from the first init', () => {
  const lockFile = join(TERRAFORM_DIR, '.terraform.lock.hcl');
  // check-ignore exits 0 when the path is ignored, 1 when it is not.
  const ignored = spawnSync('git', ['check-ignore', '--no-index', '-q', lockFile], { cwd: TERRAFORM_DIR });
  assert.equal(ignored.status, 1, 'terraform/.terraform.lock.hcl is git-ignored: the pinned provider could never be committed');
  if (existsSync(lockFile)) assert.match(readFileSync(lockFile, 'utf8'), /provider "registry\.terraform\.io\/hashicorp\/aws"/);
  else assert.match(readFileSync(join(TERRAFORM_DIR, '../docs/terraform.md'), 'utf8'), /## The provider lock file[\s\S]*git add terraform\/\.terraform\.lock\.hcl/);
});

test('outputs: addresses, SSH commands and one fetch command', () => {
  const outputs = Object.keys(hcl.output);
  for (const name of ['server_public_ip', 'server_private_ip', 'client_public_ips', 'client_private_ips', 'ssh_server', 'ssh_clients', 'fetch_results_command']) {
    assert.ok(outputs.includes(name), `output ${name}`);
  }
  assert.match(hcl.output.fetch_results_command[0].value, /scripts\/fetch-results\.sh/);
  // The hosts' SSH keys pinned from their console output, not trusted on first use.
  assert.match(hcl.output.fetch_results_command[0].value, /"--region", var\.region, "--host-keys-from-console", join\(",", aws_instance\.client\[\*\]\.id\)/);
});

test('the client gets the server private address and every BENCHMARK_* parameter', () => {
  const vars = locals().client_user_data_vars;
  assert.equal(vars.server_host, '${aws_instance.server.private_ip}');
  assert.equal(vars.queries, '${var.benchmark_queries}');
  assert.equal(vars.chunk, '${var.benchmark_chunk}');
  assert.equal(vars.runs, '${var.benchmark_runs}');
  assert.equal(vars.warmup, '${var.benchmark_warmup}');
  assert.equal(vars.mode, 'ec2');
  assert.equal(locals().server_user_data_vars.mode, 'ec2');
});

describe('variable validation, evaluated by terraform console', { skip: NO_TERRAFORM }, () => {
  let dir: string;
  before(() => {
    // Only variables.tf: the validation rules need no provider.
    dir = mkdtempSync(join(tmpdir(), 'ntab-tf-vars-'));
    copyFileSync(join(TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const good: Record<string, string> = {
    ssh_allowed_cidr: '203.0.113.7/32',
    ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkTestKeyOnly operator@laptop',
    server_image: 'ghcr.io/example/ntab-server:1.0',
    client_image: 'ghcr.io/example/ntab-client',
  };
  function check(overrides: Record<string, string | null>): string {
    const values = { ...good, ...overrides };
    const args = Object.entries(values)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .flatMap(([k, v]) => ['-var', `${k}=${v}`]);
    const result = terraform(['console', '-no-color', ...args], { cwd: dir, input: 'var.tenancy\n' });
    return `${result.stdout}\n${result.stderr}`;
  }
  function assertRejected(overrides: Record<string, string | null>, variableName: string, message: RegExp): void {
    const output = check(overrides);
    assert.match(output, /Invalid value for variable/, `rejected: ${JSON.stringify(overrides)}`);
    assert.match(output, new RegExp(`variable "${variableName}"`));
    assert.match(output.replace(/\s+/g, ' '), message);
  }

  test('terraform.tfvars.example is accepted as it is', () => {
    const result = terraform(['console', '-no-color', `-var-file=${join(TERRAFORM_DIR, 'terraform.tfvars.example')}`], { cwd: dir, input: 'var.create_ecr_repositories\n' });
    assert.doesNotMatch(`${result.stdout}${result.stderr}`, /Error/, result.stderr);
    assert.match(result.stdout, /true/);
  });
  test('valid settings pass', () => {
    const output = check({});
    assert.doesNotMatch(output, /Error/);
    assert.match(output, /"dedicated"/);
  });
  test('SSH open to the internet, or to any block wider than /8, is refused in every spelling of the prefix', () => {
    for (const cidr of ['0.0.0.0/0', '0.0.0.0/00', '0.0.0.0/000', '128.0.0.0/1', '10.0.0.0/7', '203.0.113.7/1']) {
      assertRejected({ ssh_allowed_cidr: cidr }, 'ssh_allowed_cidr', /must not open SSH to the whole internet or a large part of it \(a prefix shorter than \/8/);
    }
    for (const cidr of ['10.0.0.0/8', '10.0.0.0/08', '198.51.100.0/24', '203.0.113.7/32']) {
      assert.doesNotMatch(check({ ssh_allowed_cidr: cidr }), /Error/, cidr);
    }
  });
  test('a malformed CIDR is refused', () => {
    assertRejected({ ssh_allowed_cidr: '203.0.113.7' }, 'ssh_allowed_cidr', /IPv4 CIDR/);
  });
  test('a private key or path instead of a public key is refused', () => {
    assertRejected({ ssh_public_key: '~/.ssh/id_ed25519.pub' }, 'ssh_public_key', /one OpenSSH public key line/);
  });
  test('tenancy is dedicated or default', () => {
    assertRejected({ tenancy: 'host' }, 'tenancy', /must be "dedicated" or "default"/);
    assert.doesNotMatch(check({ tenancy: 'default' }), /Error/);
  });
  test('images are required unless ECR repositories are created', () => {
    assertRejected({ server_image: null }, 'server_image', /Set server_image, or create_ecr_repositories = true/);
    assert.doesNotMatch(check({ server_image: null, client_image: null, create_ecr_repositories: 'true' }), /Error/);
  });
  test('client_image is a repository: the tag comes from node_versions', () => {
    assertRejected({ client_image: 'ghcr.io/example/ntab-client:latest' }, 'client_image', /must be a repository without a tag/);
    assert.doesNotMatch(check({ client_image: 'localhost:5000/ntab-client' }), /Error/, 'a registry port is not a tag');
  });
  test('benchmark parameters are bounded whole numbers', () => {
    assertRejected({ benchmark_queries: '0' }, 'benchmark_queries', /whole number from 1/);
    assertRejected({ client_count: '2.5' }, 'client_count', /whole number from 1 to 10/);
    assertRejected({ memory_guard: 'ignore' }, 'memory_guard', /"skip", "refuse" or "warn"/);
    assertRejected({ node_versions: '["24","24"]' }, 'node_versions', /must not repeat/);
  });
});
