// BENCHMARK_OUTCOME_FILE: every run appends its --json outcome as one line, failed runs too,
// so a script that times several invocations keeps one line per invocation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasStackTrace, runClient, serverForTests, target } from '../helper.ts';

const server = serverForTests();
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ntab-outcome-file-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');

test('one line per run, appended, each the same object as --json; the human output is unchanged', async () => {
  const file = join(dir, 'runs.outcomes.jsonl');
  writeFileSync(file, '{"earlier":true}\n');
  const first = await runClient(['async-for', '-r', '3', '--json'], { ...target(server.port), BENCHMARK_OUTCOME_FILE: file });
  assert.equal(first.code, 0, first.stderr);
  const second = await runClient(['threads-reuse', '-r', '4', '-c', '2'], { ...target(server.port), BENCHMARK_OUTCOME_FILE: file });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^Elapsed time: /m, 'without --json the human lines still go to stdout');
  const written = lines(file);
  assert.equal(written.length, 3, 'the earlier line kept, one line per run added');
  assert.equal(written[0], '{"earlier":true}');
  assert.equal(written[1], first.stdout.trim(), 'the --json object, byte for byte');
  const reuse = JSON.parse(written[2]!) as { test: string; succeeded: number; threads: number };
  assert.equal(reuse.test, 'threads-reuse');
  assert.equal(reuse.succeeded, 4);
  assert.equal(reuse.threads, 2);
});

test('a failed run (exit 1) appends its outcome too', async () => {
  const file = join(dir, 'failed.outcomes.jsonl');
  const port = await freePort();
  for (const strategy of ['async-map', 'threads-map']) {
    const result = await runClient([strategy, '-r', '3'], { ...target(port), BENCHMARK_OUTCOME_FILE: file });
    assert.equal(result.code, 1);
  }
  const written = lines(file).map((line) => JSON.parse(line) as { test: string; failed: number; errors: Record<string, number> });
  assert.deepEqual(written.map((o) => o.test), ['async-map', 'threads-map']);
  for (const outcome of written) {
    assert.equal(outcome.failed, 3);
    assert.deepEqual(outcome.errors, { ECONNREFUSED: 3 });
  }
});

test('a usage error appends nothing; an outcome file that cannot be written fails the run with a message (exit 1)', async () => {
  const file = join(dir, 'usage.outcomes.jsonl');
  const usage = await runClient(['async-for', '-r', '0'], { ...target(server.port), BENCHMARK_OUTCOME_FILE: file });
  assert.equal(usage.code, 2);
  assert.throws(() => readFileSync(file), /ENOENT/);
  const missing = join(dir, 'no-such-dir', 'x.jsonl');
  const result = await runClient(['async-for', '-r', '2'], { ...target(server.port), BENCHMARK_OUTCOME_FILE: missing });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`could not append the outcome to BENCHMARK_OUTCOME_FILE=${missing}: ENOENT`));
  assert.equal(hasStackTrace(result.stderr), false);
});
