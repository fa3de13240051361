// `benchmark report` and `benchmark environment` through the real built CLI: formats,
// labels, output files, bad inputs (one-line errors, exit 2, never a stack trace), and
// what scripts/run.sh (the suite) leaves beside its export, with real hyperfine against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { ROOT, runCommand, runClient, fixture } from '../helper.ts';

/** The strategies the fixtures were recorded with: the original five. */
const STRATEGIES = ORIGINAL_STRATEGIES.map((s) => s.name);

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-report-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function assertOneLineError(stderr: string, pattern: RegExp): void {
  assert.match(stderr, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
}

test('markdown (default): the table, hyperfine-style summary and the environment record of the run', async () => {
  const done = await runClient(['report', fixture('hyperfine/strategies.json')]);
  assert.equal(done.code, 0, done.stderr);
  const out = done.stdout;
  assert.match(out, /^# Benchmark report/);
  // Seconds: the slowest strategy takes over a second (hyperfine's own export says [s] too).
  assert.match(out, /\| Strategy \| Mean ± σ \[s\] \| Median \[s\] \| Min \[s\] \| Max \[s\] \| User \[s\] \| System \[s\] \| Relative \| Runs \|/);
  for (const strategy of STRATEGIES) assert.match(out, new RegExp(`^\\| (\\*\\*)?${strategy}(\\*\\*)? \\|`, 'm'));
  assert.match(out, /^\| \*\*async-for\*\* \| 0\.177 ± 0\.004 \| 0\.176 \| 0\.172 \| 0\.183 \| 0\.174 \| 0\.062 \| 1\.00 \| 5 \|$/m);
  assert.match(out, /^\| threads-reuse \| 0\.962 ± 0\.228 \| .* \| 5\.45 ± 1\.30 \| 5 \|$/m);
  assert.match(out, /'async-for' ran\n {4}1\.02 ± 0\.07 times faster than 'async-map'/);
  assert.match(out, /\*\*node24 tiny run\*\*/, 'label from strategies.meta.json');
  assert.match(out, /^\| Node\.js \| 24\.21\.0 \|$/m);
  assert.match(out, /^\| Parameter: queries \| 20 \|$/m);
  assert.match(out, /^\| CPU count \| 2 \|$/m);
});

test('several files: one table with a Run column, labels from metadata else file names', async () => {
  const done = await runClient(['report', fixture('hyperfine/strategies.json'), fixture('hyperfine/second-run-subset.json'), fixture('hyperfine/small-commands.json')]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /\| Strategy \| Run \| Mean/);
  assert.match(done.stdout, /^\| async-for \| node24 second run \| /m);
  assert.match(done.stdout, /^\| \*\*async-map\*\* \| node24 second run \| .* \| 1\.00 \| 5 \|$/m, 'relative speed within each run');
  assert.match(done.stdout, /^\| \*\*true\*\* \| small-commands \| /m);
  assert.match(done.stdout, /^\|  \| node24 tiny run \| node24 second run \| small-commands \|$/m, 'environment side by side');
});

test('--format json and csv carry the same rows, in seconds', async () => {
  const json = await runClient(['report', fixture('hyperfine/strategies.json'), '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout) as { unit: string; runs: { label: string; environment: { node: string } }[]; rows: Record<string, unknown>[] };
  assert.equal(data.unit, 'seconds');
  assert.equal(data.runs[0]!.label, 'node24 tiny run');
  assert.equal(data.runs[0]!.environment.node, '24.21.0');
  assert.deepEqual(data.rows.map((r) => r.strategy), STRATEGIES);
  const asyncMap = data.rows.find((r) => r.strategy === 'async-map')!;
  assert.equal((asyncMap.relativeSpeed as number).toFixed(2), '1.02');
  assert.equal(data.rows.find((r) => r.isFastest)!.strategy, 'async-for');

  const csv = await runClient(['report', fixture('hyperfine/failed-runs.json'), '--format', 'csv']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  assert.deepEqual(header.slice(0, 16), [
    'strategy', 'run', 'status', 'mean_s', 'stddev_s', 'median_s', 'min_s', 'max_s', 'user_s', 'system_s', 'runs', 'failed_runs',
    'relative_speed', 'relative_speed_stddev', 'is_fastest', 'p_vs_fastest',
  ]);
  assert.equal(lines.length, 4);
  const fails = lines.find((line) => line.startsWith('fails,'))!.split(',');
  const column = (name: string) => fails[header.indexOf(name)];
  assert.equal(column('status'), 'measured');
  assert.equal(column('failed_runs'), '4');
  assert.equal(column('is_fastest'), 'true', 'the failing command was the fastest: the report says so, it does not hide it');
  assert.equal(column('p_vs_fastest'), '', 'no test of the fastest against itself');
  assert.match(lines.find((line) => line.startsWith('exits-3,'))!.split(',')[header.indexOf('p_vs_fastest')]!, /^0\.\d+|e-/);
});

test("--format json: schemaVersion at the top; each run's hyperfineVersion from the export, else from its environment record", async () => {
  const done = await runClient(['report', fixture('hyperfine/strategies.json'), fixture('hyperfine/newer-fields.json'), fixture('hyperfine/small-commands.json'), '--format', 'json']);
  assert.equal(done.code, 0, done.stderr);
  const data = JSON.parse(done.stdout) as { schemaVersion: number; runs: { label: string; hyperfineVersion: string | null }[] };
  assert.equal(Object.keys(data)[0], 'schemaVersion');
  assert.equal(data.schemaVersion, 2);
  // strategies.json has no metadata (the suite joins exports): its record says 1.15.0. newer-fields.json says 1.20.0 itself.
  assert.deepEqual(data.runs.map((run) => run.hyperfineVersion), ['1.15.0', '1.20.0', null]);
  const markdown = await runClient(['report', fixture('hyperfine/strategies.json')]);
  assert.match(markdown.stdout, /`\S*strategies\.json` \(hyperfine 1\.15\.0\)/, 'the Markdown says the same');
});

test('failed runs: reported in the table, the notes and on stderr, exit 0 (the report itself worked)', async () => {
  const done = await runClient(['report', fixture('hyperfine/failed-runs.json')]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /^\| \*\*fails\*\* \| .* \| 4 \(4 failed\) \|$/m);
  assert.match(done.stdout, /\*\*fails: 4 of 4 measured runs failed\*\* \(exit 1;/);
  assert.match(done.stdout, /\*\*exits-3: 4 of 4 measured runs failed\*\* \(exit 3;/);
  assert.match(done.stderr, /warning: fails \(failed-runs\): 4 of 4 measured runs exited non-zero/);
});

test('a run that stopped at a failing strategy: the report says which planned strategies are missing', async () => {
  const done = await runClient(['report', fixture('hyperfine/stopped-at-failure.json')]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /\*\*node24\.21\.0: incomplete, no results for threads-map, async-for, async-map\*\*/);
  assert.match(done.stderr, /warning: .*stopped-at-failure\.json: incomplete run, no results for threads-map, async-for, async-map/);
  const complete = await runClient(['report', fixture('hyperfine/strategies.json')]);
  assert.doesNotMatch(complete.stdout + complete.stderr, /incomplete|not measured|did not fit/);
});

test('strategies run.sh skipped (parameters.skipped) are named as not measured, not as a stopped run', async () => {
  await withTempDir(async (dir) => {
    const meta = JSON.parse(await readFile(fixture('hyperfine/second-run-subset.meta.json'), 'utf8')) as { parameters: Record<string, unknown> };
    meta.parameters.strategies = STRATEGIES.join(',');
    meta.parameters.skipped = 'threads-map';
    await copyFile(fixture('hyperfine/second-run-subset.json'), join(dir, 'run.json'));
    await writeFile(join(dir, 'run.meta.json'), JSON.stringify(meta));
    const done = await runClient(['report', join(dir, 'run.json')]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /\*\*not measured: threads-map\*\* \(left out before timing/);
    assert.match(done.stdout, /\*\*node24 second run: incomplete, no results for threads-recreate\*\*/);
    assert.match(done.stdout, /^\| Parameter: skipped \| threads-map \|$/m);
  });
});

test('--output DIR: <name>.report.md and <name>.svg named after the input, so runs can share a folder', async () => {
  await withTempDir(async (dir) => {
    await copyFile(fixture('hyperfine/strategies.json'), join(dir, 'a.json'));
    await copyFile(fixture('hyperfine/strategies.meta.json'), join(dir, 'a.meta.json'));
    await copyFile(fixture('hyperfine/small-commands.json'), join(dir, 'b.json'));
    const out = join(dir, 'out');
    for (const name of ['a', 'b']) {
      const done = await runClient(['report', join(dir, `${name}.json`), '--output', out]);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, new RegExp(`report: wrote .*${name}\\.svg, .*${name}\\.report\\.md`));
    }
    const both = await runClient(['report', join(dir, 'a.json'), join(dir, 'b.json'), '--output', out, '--format', 'csv']);
    assert.equal(both.code, 0, both.stderr);
    const named = await runClient(['report', join(dir, 'a.json'), '--output', out, '--name', 'custom']);
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual((await readdir(out)).sort(), [
      'a.report.md',
      'a.svg',
      'b.report.md',
      'b.svg',
      'comparison.report.csv',
      'comparison.report.md',
      'comparison.svg',
      'custom.report.md',
      'custom.svg',
    ]);
    const report = await readFile(join(out, 'a.report.md'), 'utf8');
    assert.match(report, /!\[[^\]]*\]\(a\.svg\)/, 'the report embeds its chart');
    assert.match(report, /\| Node\.js \| 24\.21\.0 \|/);
  });
});

test('bad inputs: one-line error naming the file and the problem, exit 2', async () => {
  await withTempDir(async (dir) => {
    const files: Record<string, string> = {
      'empty.json': '',
      'blank.json': '  \n',
      'malformed.json': '{"results": [',
      'package.json': '{"name": "x", "version": "1.0.0"}',
      'no-results.json': '{"results": []}',
      'no-mean.json': '{"results": [{"command": "a"}]}',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await mkdir(join(dir, 'folder.json'));
    const expectations: [string, RegExp][] = [
      ['missing.json', /missing\.json: no such file/],
      ['empty.json', /empty\.json: the file is empty/],
      ['blank.json', /blank\.json: the file is empty/],
      ['malformed.json', /malformed\.json: malformed JSON/],
      ['package.json', /package\.json: not a hyperfine JSON export/],
      ['no-results.json', /no-results\.json: results must not have fewer than 1 items/],
      ['no-mean.json', /no-mean\.json: results\[0\]\.mean is missing/],
      ['folder.json', /folder\.json: is a directory/],
    ];
    for (const [name, message] of expectations) {
      // A good file first: the bad one must still stop the report (no partial output files).
      const done = await runClient(['report', fixture('hyperfine/strategies.json'), join(dir, name), '--output', join(dir, 'out')]);
      assert.equal(done.code, 2, `${name}: ${done.stderr}`);
      assertOneLineError(done.stderr, new RegExp(`^error: .*${message.source}`));
      assert.equal(done.stdout, '');
    }
    await assert.rejects(readdir(join(dir, 'out')), 'nothing written');
  });
});

test('usage errors exit 2: no file, unknown format, a --name with a path', async () => {
  const none = await runClient(['report']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /missing required argument/);
  const format = await runClient(['report', fixture('hyperfine/strategies.json'), '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /Allowed choices are markdown, json, csv/);
  const name = await runClient(['report', fixture('hyperfine/strategies.json'), '--output', tmpdir(), '--name', '../x']);
  assert.equal(name.code, 2);
  assertOneLineError(name.stderr, /--name must be a plain file name/);
});

test('a damaged .meta.json is a warning, not a failure: the file name becomes the label', async () => {
  await withTempDir(async (dir) => {
    await copyFile(fixture('hyperfine/small-commands.json'), join(dir, 'run.json'));
    await writeFile(join(dir, 'run.meta.json'), '{not json');
    const done = await runClient(['report', join(dir, 'run.json')]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /warning: .*run\.meta\.json: malformed JSON/);
    assert.match(done.stdout, /\*\*run\*\*: /);
    assert.doesNotMatch(done.stdout, /## Environment/);
  });
});

test('environment: the record with versions, machine, git commit and --set parameters', async () => {
  const done = await runClient(['environment', '--set', 'queries=200', '--set', 'strategies=async-for,async-map', '--set', 'server=127.0.0.1:8080'], {
    BENCHMARK_LABEL: 'local test',
    BENCHMARK_INSTANCE_TYPE: 'c5.large',
    BENCHMARK_IMAGE_DIGESTS: '{"server":"sha256:abc"}',
  });
  assert.equal(done.code, 0, done.stderr);
  const record = JSON.parse(done.stdout) as Record<string, unknown>;
  assert.equal(record.label, 'local test');
  assert.equal(record.node, process.versions.node);
  const packages = record.packages as Record<string, string>;
  for (const name of ['undici', 'piscina', 'fastify']) {
    const installed = JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    assert.equal(packages[name], installed.version, name);
  }
  assert.equal(typeof record.os, 'string');
  assert.match(record.kernel as string, /\S/);
  assert.equal(typeof record.cpuCount, 'number');
  assert.ok((record.memoryBytes as number) > 0);
  assert.equal(record.instanceType, 'c5.large');
  assert.deepEqual(record.imageDigests, { server: 'sha256:abc' });
  assert.deepEqual(record.parameters, { queries: 200, strategies: 'async-for,async-map', server: '127.0.0.1:8080' });
  assert.ok(!Number.isNaN(Date.parse(record.recordedAt as string)));
  const head = await runCommand('git', ['-C', ROOT, 'rev-parse', 'HEAD']);
  if (head.code === 0) assert.equal(record.gitCommit, head.stdout.trim());
});

test('environment: default label node<version>; --output writes the file; a bad --set is a usage error', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'deep', 'run.meta.json');
    const done = await runClient(['environment', '--output', file], { BENCHMARK_LABEL: '' });
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout, '');
    const record = JSON.parse(await readFile(file, 'utf8')) as { label: string };
    assert.equal(record.label, `node${process.versions.node}`);
  });
  for (const bad of ['novalue', '=1', '1x=2']) {
    const done = await runClient(['environment', '--set', bad]);
    assert.equal(done.code, 2, bad);
    assert.doesNotMatch(done.stderr, /\n\s+at /);
  }
});

test('the timed path stays lean: `benchmark list` loads neither the report code nor vega', async () => {
  // A resolve hook reports every module the CLI loads; then no loaded file may be Vega or
  // contain the report's or the environment's code (checked by content, so it holds for
  // tsc's one-file-per-module output and for bundled chunks alike).
  const hook = `import { registerHooks } from 'node:module';
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); process.stderr.write('LOADED ' + r.url + '\\n'); return r; } });`;
  const done = await runCommand(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, join(ROOT, 'dist/client/cli.js'), 'list']);
  assert.equal(done.code, 0, done.stderr);
  const loaded = done.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED file:'))
    .map((line) => line.slice('LOADED '.length));
  assert.ok(loaded.length > 2, `the hook sees the CLI's modules: ${loaded.join(', ')}`);
  assert.deepEqual(loaded.filter((url) => /\/node_modules\/vega/.test(url)), [], 'no Vega module');
  const markers = ['Whole-process time per strategy', 'not a hyperfine JSON export', '/etc/os-release'];
  for (const url of loaded) {
    const source = await readFile(fileURLToPath(url), 'utf8');
    for (const marker of markers) assert.ok(!source.includes(marker), `${url} contains report/environment code ("${marker}")`);
  }
});

