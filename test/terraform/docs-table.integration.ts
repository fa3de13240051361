// docs/terraform.md's inputs and outputs tables are generated from terraform/variables.tf and
// outputs.tf (scripts/terraform-docs.mjs): they must match the configuration as it is, and a
// change to the configuration must show up as a difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { REPO, TERRAFORM_DIR } from './terraform-tools.ts';

const generator = (await import(join(REPO, 'scripts/terraform-docs.mjs'))) as {
  DOCS_FILE: string;
  terraformTables: (dir?: string) => Promise<string>;
  withTables: (docs: string, tables: string) => string;
};

test('the tables in docs/terraform.md are the ones generated from the configuration', async () => {
  const docs = readFileSync(generator.DOCS_FILE, 'utf8');
  assert.equal(generator.withTables(docs, await generator.terraformTables()), docs, 'docs/terraform.md is stale: run node scripts/terraform-docs.mjs');
  // Every variable (with its default) and every output has its row.
  const hcl = await convertFiles(TERRAFORM_DIR);
  for (const name of Object.keys(hcl.variable)) assert.match(docs, new RegExp(`^\\| \`${name}\` \\| `, 'm'), `variable ${name}`);
  for (const name of Object.keys(hcl.output)) assert.match(docs, new RegExp(`^\\| \`${name}\` \\| `, 'm'), `output ${name}`);
  assert.match(docs, /^\| `ssh_allowed_cidr` \| `string` \| \*\*required\*\* \|/m);
  assert.match(docs, /^\| `auto_terminate_after_hours` \| `number` \| `4` \|/m);
});

test('a variable added to the configuration makes the docs stale', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-tf-docs-'));
  try {
    cpSync(TERRAFORM_DIR, dir, { recursive: true, filter: (source) => !source.includes('.terraform') });
    appendFileSync(join(dir, 'variables.tf'), '\nvariable "brand_new" {\n  description = "A setting | with a pipe."\n  type        = number\n  default     = 7\n}\n');
    writeFileSync(join(dir, 'extra-outputs.tf'), 'output "brand_new_output" {\n  description = "Something new."\n  value       = var.brand_new\n}\n');
    const tables = await generator.terraformTables(dir);
    assert.match(tables, /^\| `brand_new` \| `number` \| `7` \| A setting \\\| with a pipe\. \|$/m);
    assert.match(tables, /^\| `brand_new_output` \| Something new\. \|$/m);
    const docs = readFileSync(generator.DOCS_FILE, 'utf8');
    assert.notEqual(generator.withTables(docs, tables), docs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
