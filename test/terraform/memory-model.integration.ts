// One memory model: Terraform's plan-time estimate uses the figures the client's own model
// (src/strategies/thread-budget.ts, measured with npm run bench:threads) holds, and the EC2
// client asks that model (benchmark check) instead of keeping a copy of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { REPO, TEMPLATES_DIR, TERRAFORM_DIR } from './terraform-tools.ts';

const { THREAD_COST } = (await import(join(REPO, 'dist/strategies/thread-budget.js'))) as typeof import('../../src/strategies/thread-budget.ts');

test("terraform's memory defaults are the client's measured figures, and main.tf's estimate uses them", async () => {
  const hcl = await convertFiles(TERRAFORM_DIR);
  const defaultOf = (name: string): unknown => hcl.variable?.[name]?.[0]?.default;
  assert.equal(defaultOf('worker_thread_mib'), THREAD_COST.mibPerThread, 'worker_thread_mib = THREAD_COST.mibPerThread');
  assert.equal(defaultOf('client_base_mib'), THREAD_COST.baseMiB, 'client_base_mib = THREAD_COST.baseMiB');
  const locals = Object.assign({}, ...(hcl.locals as Array<Record<string, unknown>>));
  assert.equal(locals.threads_map_estimate_mib, '${var.client_base_mib + var.benchmark_queries * var.worker_thread_mib}');
  // No figure typed into the configuration: the base comes from the variable everywhere.
  const mainTf = readFileSync(join(TERRAFORM_DIR, 'main.tf'), 'utf8');
  assert.doesNotMatch(mainTf, /\b150\b/);
});

test('the EC2 client template has no memory model of its own: it asks benchmark check in the client image', () => {
  const template = readFileSync(join(TEMPLATES_DIR, 'client-user-data.sh.tftpl'), 'utf8');
  assert.match(template, /benchmark check "\$2" -r "\$QUERIES" -c "\$CHUNK" --json/);
  assert.match(template, /-e BENCHMARK_THREAD_MIB="\$3" -e BENCHMARK_MEMORY_LIMIT_MIB="\$LIMIT_MIB"/);
  assert.doesNotMatch(template, /BASE_MIB|threads-map\) threads=/, 'no bash copy of the model');
});

test('benchmark check --json reports the model it used: the measured figures, or BENCHMARK_THREAD_MIB', async () => {
  const { runClient } = await import('../helper.ts');
  const measured = await runClient(['check', 'threads-reuse', '-r', '10', '-c', '4', '--json']);
  assert.equal(measured.code, 0, measured.stderr);
  const verdict = JSON.parse(measured.stdout);
  assert.equal(verdict.mibPerThread, THREAD_COST.mibPerThread);
  assert.equal(verdict.mibPerThreadSource, 'measured for this build');
  assert.equal(verdict.needMiB, THREAD_COST.baseMiB + 4 * THREAD_COST.mibPerThread);
  const calibrated = await runClient(['check', 'threads-reuse', '-r', '10', '-c', '4', '--json'], { BENCHMARK_THREAD_MIB: '21' });
  const override = JSON.parse(calibrated.stdout);
  assert.equal(override.mibPerThread, 21);
  assert.equal(override.mibPerThreadSource, 'BENCHMARK_THREAD_MIB');
  assert.equal(override.needMiB, THREAD_COST.baseMiB + 4 * 21);
});
