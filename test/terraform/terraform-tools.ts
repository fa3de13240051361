// Offline Terraform helpers for the tests: no provider can be downloaded here, so the
// configuration is checked with `terraform fmt`, parsed with @cdktf/hcl2json, and its
// user-data templates are rendered by `terraform console` (templatefile) in an empty directory.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const TERRAFORM_DIR = join(REPO, 'terraform');
export const TEMPLATES_DIR = join(TERRAFORM_DIR, 'templates');

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Runs terraform with a private, empty CLI configuration (no ~/.terraformrc warning, no plugins). */
export function terraform(args: string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-tf-cli-'));
  try {
    const config = join(dir, 'empty.tfrc');
    writeFileSync(config, '');
    return spawnSync('terraform', args, {
      cwd: options.cwd ?? dir,
      input: options.input ?? '',
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
      timeout: 60_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A template value: a literal, or a raw HCL expression (e.g. file("...")). */
export type TemplateValue = string | number | boolean | { hcl: string } | Record<string, string>;

function hclLiteral(value: TemplateValue): string {
  if (typeof value === 'object' && 'hcl' in value && typeof value.hcl === 'string') return value.hcl;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${hclString(k)} = ${hclString(String(v))}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') return hclString(value);
  return String(value);
}

/** JSON string syntax is HCL's, except that ${ and %{ start templates there. */
function hclString(text: string): string {
  return JSON.stringify(text).replaceAll('${', '$${').replaceAll('%{', '%%{');
}

/** The shared functions file, inserted by Terraform as the instances do (file()). */
export const HOST_FUNCTIONS: TemplateValue = { hcl: `file(${hclString(join(TEMPLATES_DIR, 'host-functions.sh'))})` };

/**
 * Renders templates with `terraform console` evaluating templatefile(), exactly as Terraform
 * renders user_data. One console call for all of them; base64 keeps the text intact.
 */
export function renderTemplates(renders: Record<string, { template: string; vars: Record<string, TemplateValue> }>): Record<string, string> {
  const parts = Object.entries(renders).map(([name, { template, vars }]) => {
    const object = Object.entries(vars).map(([k, v]) => `${k} = ${hclLiteral(v)}`).join(', ');
    return `${name} = templatefile(${hclString(join(TEMPLATES_DIR, template))}, { ${object} })`;
  });
  const result = terraform(['console'], { input: `base64encode(jsonencode({ ${parts.join(', ')} }))\n` });
  const encoded = result.stdout.trim().replace(/^"|"$/g, '');
  if (result.status !== 0 || !/^[A-Za-z0-9+/=]+$/.test(encoded) || encoded.length === 0) {
    throw new Error(`terraform console could not render the templates (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, string>;
}

/** Settings the EC2 hosts get with the defaults (as instances.tf passes them), for offline renders. */
export function ec2ServerVars(): Record<string, TemplateValue> {
  return {
    mode: 'ec2',
    container_prefix: 'ntab',
    server_image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab/server:latest',
    server_port: 8080,
    host_functions: HOST_FUNCTIONS,
    auto_terminate_minutes: 240,
  };
}

export function ec2ClientVars(): Record<string, TemplateValue> {
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab/client';
  return {
    mode: 'ec2',
    container_prefix: 'ntab',
    server_image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab/server:latest',
    client_images: { node22: `${repo}:node22`, node24: `${repo}:node24` },
    server_host: '10.42.0.10',
    server_port: 8080,
    results_dir: '/var/lib/ntab-benchmark/results',
    results_owner: '1000:1000',
    queries: 1000,
    chunk: 100,
    runs: 10,
    warmup: 10,
    strategies: 'threads-recreate,threads-reuse,threads-map,async-for,async-map',
    memory_guard: 'skip',
    calibrate_memory: true,
    worker_thread_mib: 24,
    memory_reserve_mib: 512,
    memory_limit_mib: 0,
    server_wait_seconds: 2700,
    git_commit: '0123456789abcdef0123456789abcdef01234567',
    host_functions: HOST_FUNCTIONS,
    sweep_presets: '',
    sweep_flags: '',
    auto_terminate_minutes: 240,
  };
}

export function shellcheck(script: string): SpawnSyncReturns<string> {
  return spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], { input: script, encoding: 'utf8' });
}
