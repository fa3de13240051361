// What the suite learns about each invocation from outside hyperfine (a --prepare start mark
// and BENCHMARK_OUTCOME_FILE, src/suite/invocations.ts), and the joined Markdown table
// (src/suite/markdown-table.ts) against hyperfine's own: real hyperfine runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { InvocationLog } = (await import(new URL('../../dist/suite/invocations.js', import.meta.url).href)) as typeof import('../../src/suite/invocations.ts');
const { hyperfineMarkdown } = (await import(new URL('../../dist/suite/markdown-table.js', import.meta.url).href)) as typeof import('../../src/suite/markdown-table.ts');
const { runHyperfine } = (await import(new URL('../../dist/runner/hyperfine.js', import.meta.url).href)) as typeof import('../../src/runner/hyperfine.ts');

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ntab-invocations-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function timed(name: string, argv: string[], warmup: number, runs: number) {
  const log = new InvocationLog(join(dir, `${name}.log`));
  const result = await runHyperfine({
    commands: [{ name, argv }],
    warmup,
    runs,
    exportJson: join(dir, `${name}.json`),
    prepare: log.prepareCommand(),
    env: log.environment(),
    echo: false,
  });
  const ended = await log.close(Date.now());
  return { result, ended };
}

test('a command that writes no outcome: one invocation per hyperfine invocation, warmups included, each timed', async () => {
  const { result, ended } = await timed('sleepy', ['sleep', '0.05'], 2, 3);
  assert.equal(result.code, 0, result.outputTail.join('\n'));
  assert.deepEqual(ended.map((invocation) => invocation.index), [1, 2, 3, 4, 5]);
  for (const invocation of ended) {
    assert.equal(invocation.outcome, null);
    assert.ok(invocation.seconds >= 0.05, `${invocation.seconds} s covers the 50 ms sleep`);
  }
  for (let i = 1; i < ended.length; i++) assert.ok(ended[i]!.startedAt > ended[i - 1]!.startedAt);
});

test('a command that appends its outcome: each invocation gets its own', async () => {
  const script = 'n=$(($(cat "$0" 2>/dev/null || echo 0) + 1)); echo "$n" > "$0"; printf \'{"n":%s}\\n\' "$n" >> "$BENCHMARK_OUTCOME_FILE"';
  const { result, ended } = await timed('writer', ['sh', '-c', script, join(dir, 'counter')], 1, 2);
  assert.equal(result.code, 0, result.outputTail.join('\n'));
  assert.deepEqual(ended.map((invocation) => invocation.outcome), [{ n: 1 }, { n: 2 }, { n: 3 }]);
});

test('the joined Markdown table is hyperfine\'s own for the same results (ms and s units, one run and several)', async () => {
  for (const [name, runs, commands] of [
    ['fast-first', 2, [['a', 'sleep 0.01'], ['b', 'sleep 0.03']]],
    ['slow-first', 2, [['slow', 'sleep 1.05'], ['quick', 'sleep 0.01']]],
    ['single', 1, [['x', 'sleep 0.02'], ['y', 'sleep 0.01']]],
  ] as const) {
    const exportJson = join(dir, `${name}.json`);
    const exportMarkdown = join(dir, `${name}.md`);
    const result = await runHyperfine({
      commands: commands.map(([command, line]) => ({ name: command, argv: line.split(' ') })),
      warmup: 0,
      runs,
      exportJson,
      exportMarkdown,
      echo: false,
    });
    assert.equal(result.code, 0);
    const exported = JSON.parse(readFileSync(exportJson, 'utf8')) as { results: Parameters<typeof hyperfineMarkdown>[0] };
    assert.equal(hyperfineMarkdown(exported.results).trim(), readFileSync(exportMarkdown, 'utf8').trim(), name);
  }
});
