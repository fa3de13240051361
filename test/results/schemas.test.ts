// Every machine-readable file committed under docs/ validates against the schema of its format
// (the same schemas the reader checks with, written to docs/schemas/ by npm run results), and
// the checks can fail: a damaged copy of each is refused, naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist, ROOT } from '../helper.ts';

const { FORMATS, schemaFiles } = await dist<typeof import('../../src/results/schemas.ts')>('results/schemas.js');
const { problemOf } = await dist<typeof import('../../src/common/json.ts')>('common/json.js');

const tracked = execFileSync('git', ['ls-files', 'docs'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

/** The values of a committed file: one, or one per line of a .jsonl file. */
function values(path: string, lines: boolean | undefined): unknown[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return lines ? text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown) : [JSON.parse(text) as unknown];
}

test('every committed data file validates against the schema of its format', () => {
  let checked = 0;
  for (const [name, format] of Object.entries(FORMATS)) {
    for (const path of tracked.filter((file) => format.committed.test(file))) {
      for (const [i, value] of values(path, format.lines).entries()) {
        assert.equal(problemOf(format.schema, value), null, `${path}${format.lines ? ` line ${i + 1}` : ''} as ${name}`);
        checked++;
      }
    }
  }
  // The headline run and the Python runs, every sweep, the two benches: more than a handful.
  assert.ok(checked > 20, `${checked} values checked`);
});

test('docs/schemas/ holds each format\'s schema as generated (npm run results writes them)', () => {
  for (const [file, text] of schemaFiles()) assert.equal(readFileSync(join(ROOT, file), 'utf8'), text, `${file} is stale: run npm run results`);
});

test('the schemas refuse damage, naming the field', () => {
  const record = values('docs/results/headline/node24.meta.json', false)[0] as Record<string, unknown>;
  assert.match(problemOf(FORMATS.record!.schema, { ...record, cpuCount: 0 }) ?? '', /^cpuCount must be >= 1, got 0$/);
  const sweep = values('docs/sweeps/work/sweep.json', false)[0] as Record<string, unknown>;
  assert.match(problemOf(FORMATS.sweep!.schema, { ...sweep, points: 'none' }) ?? '', /^points must be array/);
  const line = values('docs/results/headline/node24.outcomes.jsonl', true)[0] as Record<string, unknown>;
  assert.match(problemOf(FORMATS['outcome-line']!.schema, { ...line, invocation: 0 }) ?? '', /^invocation must be >= 1, got 0$/);
});
