// The cost guard: a forgotten pair of dedicated hosts (about USD 2.20 an hour) ends itself.
// auto_terminate_after_hours (validated by Terraform itself), instances that terminate when
// their OS shuts down, and user data that schedules that shutdown first thing on EC2, and
// never on the machine a rehearsal runs on (host-functions.sh run with a stand-in `shutdown`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { REPO, TEMPLATES_DIR, TERRAFORM_DIR, ec2ClientVars, ec2ServerVars, hasCommand, renderTemplates, terraform } from './terraform-tools.ts';

const NO_TERRAFORM = hasCommand('terraform') ? false : 'terraform is not installed: the checks run terraform console';

describe('auto_terminate_after_hours', () => {
  let hcl: Record<string, any>;
  before(async () => {
    hcl = await convertFiles(TERRAFORM_DIR);
  });

  test('a default of a few hours, and every host terminates when its OS shuts down', () => {
    const variable = hcl.variable.auto_terminate_after_hours[0];
    assert.equal(variable.type, '${number}');
    assert.ok(variable.default >= 1 && variable.default <= 12, `default ${variable.default} hours`);
    assert.match(variable.description, /USD/, 'the description states the cost');
    for (const name of ['server', 'client']) {
      const host = hcl.resource.aws_instance[name][0];
      assert.equal(host.instance_initiated_shutdown_behavior, 'terminate', `${name}: a shutdown terminates it`);
    }
    const locals = Object.assign({}, ...(hcl.locals as Array<Record<string, any>>));
    for (const vars of [locals.server_user_data_vars, locals.client_user_data_vars]) {
      assert.equal(vars.auto_terminate_minutes, '${var.auto_terminate_after_hours * 60}');
    }
  });

  describe('validated by terraform console', { skip: NO_TERRAFORM }, () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'ntab-tf-guard-'));
      copyFileSync(join(TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    function evaluate(value: string | null): string {
      const vars = ['ssh_allowed_cidr=203.0.113.7/32', 'ssh_public_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkTestKeyOnly a@b', 'create_ecr_repositories=true'];
      if (value !== null) vars.push(`auto_terminate_after_hours=${value}`);
      const result = terraform(['console', '-no-color', ...vars.flatMap((v) => ['-var', v])], { cwd: dir, input: 'var.auto_terminate_after_hours\n' });
      return `${result.stdout}\n${result.stderr}`;
    }
    test('0 (never) to a week, whole hours', () => {
      for (const value of ['0', '1', '24', '168']) assert.doesNotMatch(evaluate(value), /Error/, value);
      for (const value of ['-1', '2.5', '169']) {
        const output = evaluate(value).replace(/\s+/g, ' ');
        assert.match(output, /Invalid value for variable/, value);
        assert.match(output, /auto_terminate_after_hours must be a whole number of hours from 0 \(never\) to 168/);
      }
    });
  });
});

describe('the scheduled shutdown in the user data', { skip: NO_TERRAFORM }, () => {
  let ec2: Record<string, string>;
  before(() => {
    ec2 = renderTemplates({
      server: { template: 'server-user-data.sh.tftpl', vars: ec2ServerVars() },
      client: { template: 'client-user-data.sh.tftpl', vars: ec2ClientVars() },
    });
  });

  test('on EC2 it is the first thing each host does (before apt, which may fail)', () => {
    for (const role of ['server', 'client'] as const) {
      const script = ec2[role]!;
      assert.match(script, /^AUTO_TERMINATE_MINUTES='240'$/m, `${role}: the minutes from Terraform`);
      const ec2Branch = /\n {4}ec2\)\n([\s\S]*?);;/.exec(script)?.[1];
      assert.ok(ec2Branch, `${role}: main has an ec2 branch`);
      assert.match(ec2Branch.trim(), /^schedule_termination "\$AUTO_TERMINATE_MINUTES"\n/, `${role}: first in the ec2 branch:\n${ec2Branch}`);
    }
  });

  // host-functions.sh's schedule_termination, run with a `shutdown` that only records its arguments.
  function schedule(mode: string, minutes: string): { calls: string; stderr: string; status: number | null } {
    const dir = mkdtempSync(join(tmpdir(), 'ntab-shutdown-'));
    try {
      writeFileSync(join(dir, 'shutdown'), `#!/bin/bash\necho "$*" >>"${dir}/calls"\n`);
      chmodSync(join(dir, 'shutdown'), 0o755);
      writeFileSync(join(dir, 'calls'), '');
      const script = `set -euo pipefail\nMODE='${mode}'\nlog() { echo "test: $*" >&2; }\n${readFileSync(join(TEMPLATES_DIR, 'host-functions.sh'), 'utf8')}\nschedule_termination '${minutes}'\n`;
      const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      return { calls: readFileSync(join(dir, 'calls'), 'utf8'), stderr: run.stderr, status: run.status };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('ec2: shutdown -h +MINUTES, and the log says when', () => {
    const run = schedule('ec2', '240');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.calls, /^-h \+240 /);
    assert.match(run.stderr, /terminates at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  test('0 means never; a rehearsal never shuts down the machine it runs on', () => {
    const off = schedule('ec2', '0');
    assert.equal(off.status, 0, off.stderr);
    assert.equal(off.calls, '');
    assert.match(off.stderr, /auto-terminate: off/);
    const rehearsal = schedule('rehearsal', '240');
    assert.equal(rehearsal.status, 0, rehearsal.stderr);
    assert.equal(rehearsal.calls, '', 'no shutdown outside EC2');
  });
});

test('docs/terraform.md states the guard with its cost', () => {
  const docs = readFileSync(join(REPO, 'docs/terraform.md'), 'utf8');
  assert.match(docs, /auto_terminate_after_hours/);
  assert.match(docs, /USD 2\.20/);
});
