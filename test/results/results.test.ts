// `npm run results`, the real command on real files: it passes --check on the repository,
// fails --check when one digit of a generated region changes (in a temporary copy), rewrites
// the region back, names a missing data file with the command that makes it, fills a pending
// region once its data exists, and the README's results table equals the export to the digit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, ROOT, runNode, type Ran, dist } from '../helper.ts';

type Regions = typeof import('../../src/results/regions.ts');
type Sources = typeof import('../../src/results/sources.ts');
const { regionContent, generatedRegions } = await dist<Regions>('results/regions.js');
const { SOURCES } = await dist<Sources>('results/sources.js');

const CLI = join(ROOT, 'dist/results/cli.js');
const results = (args: string[]): Promise<Ran> => runNode([CLI, ...args]);

/** README.md and docs/ (the data included) in a temporary folder: a repository to break. */
async function copyOfDocs(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-results-'));
  await cp(join(ROOT, 'README.md'), join(dir, 'README.md'));
  await cp(join(ROOT, 'docs'), join(dir, 'docs'), { recursive: true });
  return dir;
}

async function withCopy(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await copyOfDocs();
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('`npm run results -- --check` passes on the repository: every region matches its committed data', async () => {
  // npm run results is `npm run build` and this; the tests run on the build already made.
  const ran = await results(['--check']);
  assert.equal(ran.code, 0, `${ran.stdout}\n${ran.stderr}`);
  assert.match(ran.stderr, /all \d+ regions match their data/);
});

test('one changed digit in a generated region fails --check, names file, line and region, writes nothing; a plain run restores it', async () => {
  await withCopy(async (dir) => {
    const readme = join(dir, 'README.md');
    const original = await readFile(readme, 'utf8');
    const region = generatedRegions(original).find((r) => r.name === 'results');
    assert.ok(region, 'README.md has a results region');
    // The first digit of the first table row inside the region.
    const lines = original.split('\n');
    const row = lines.findIndex((line, index) => index > region.start && index < region.end && /^\| .*\d/.test(line) && !/---/.test(line));
    assert.ok(row > 0, 'a table row with a digit inside the region');
    const text = lines[row] as string;
    const at = text.search(/\d/);
    lines[row] = `${text.slice(0, at)}${text[at] === '9' ? '8' : String(Number(text[at]) + 1)}${text.slice(at + 1)}`;
    const broken = lines.join('\n');
    await writeFile(readme, broken);

    const check = await results(['--check', '--root', dir]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, new RegExp(`^README\\.md:${region.start}: region 'results' differs from its data$`, 'm'));
    assert.ok(check.stdout.includes(`- ${lines[row]}`) && check.stdout.includes(`+ ${text}`), `the diff shows the changed line:\n${check.stdout}`);
    assert.match(check.stderr, /1 of \d+ regions differ/);
    assert.equal(await readFile(readme, 'utf8'), broken, '--check writes nothing');

    const write = await results(['--root', dir]);
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stderr, /rewrote README\.md results/);
    assert.equal(await readFile(readme, 'utf8'), original);
    assert.equal((await results(['--check', '--root', dir])).code, 0);
  });
});

test('a missing data file is a clear error: exit 1, the file and the command that makes it, no stack trace, nothing written', async () => {
  await withCopy(async (dir) => {
    const before = await readFile(join(dir, 'docs/methodology.md'), 'utf8');
    await rm(join(dir, 'docs/results/harness.json'));
    await rm(join(dir, 'docs/results/headline/node24.outcomes.jsonl'));
    for (const args of [['--check'], []]) {
      const ran = await results([...args, '--root', dir]);
      assert.equal(ran.code, 1, ran.stderr);
      assert.match(ran.stderr, /^error: missing docs\/results\/harness\.json: made by `npm run bench:harness -- --output docs\/results\/harness\.json`$/m);
      assert.match(ran.stderr, /^error: missing docs\/results\/headline\/node24\.outcomes\.jsonl: made by `npm run bench -- --aa -o docs\/results\/headline\/node24\.json`$/m);
      assert.ok(!hasStackTrace(ran.stderr), ran.stderr);
    }
    assert.equal(await readFile(join(dir, 'docs/methodology.md'), 'utf8'), before);
  });
});

test('bad usage exits 2 with one line: an unknown flag, a --root that is not the repository', async () => {
  for (const args of [['--bogus'], ['--root', join(tmpdir(), 'ntab-no-such-repository')]]) {
    const ran = await results(args);
    assert.equal(ran.code, 2, ran.stderr);
    assert.match(ran.stderr, /^error: /);
    assert.ok(!hasStackTrace(ran.stderr), ran.stderr);
  }
});

test('damaged data, a region without a source and an unpaired marker are errors naming the file, never a stack trace', async () => {
  await withCopy(async (dir) => {
    await writeFile(join(dir, 'docs/results/worker-options.json'), '{"kind": "ntab-worker-options"');
    const damaged = await results(['--check', '--root', dir]);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stderr, /^error: docs\/results\/worker-options\.json: /m);
    assert.ok(!hasStackTrace(damaged.stderr), damaged.stderr);
  });
  await withCopy(async (dir) => {
    const file = join(dir, 'docs/cli.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\n<!-- generated:typed-by-hand -->\n42 ms\n<!-- /generated:typed-by-hand -->\n`);
    const orphan = await results(['--check', '--root', dir]);
    assert.equal(orphan.code, 1);
    assert.match(orphan.stderr, /docs\/cli\.md:\d+: region 'typed-by-hand' has no source in src\/results\/sources\.ts/);
  });
  await withCopy(async (dir) => {
    // A marker that does not pair up, in a file whose other regions have sources: named with its file, once.
    const file = join(dir, 'README.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\n<!-- generated:typed-by-hand -->\n`);
    const unclosed = await results(['--check', '--root', dir]);
    assert.equal(unclosed.code, 1);
    assert.match(unclosed.stderr, /^error: README\.md: line \d+: region 'typed-by-hand' is never closed$/m);
    assert.ok(!hasStackTrace(unclosed.stderr), unclosed.stderr);
  });
});

test('a pending region says what will produce its data, and is filled once the data is committed', async () => {
  await withCopy(async (dir) => {
    // A checkout without the work sweep (removed to measure it again).
    await rm(join(dir, 'docs/sweeps/work'), { recursive: true, force: true });
    assert.equal((await results(['--root', dir])).code, 0);
    const pending = regionContent(await readFile(join(dir, 'README.md'), 'utf8'), 'crossover') ?? '';
    assert.match(pending, /^Not measured yet .*`node dist\/client\/cli\.js sweep --preset work --aa -o docs\/sweeps\/work`, then `npm run results`\.$/);
    await cp(join(ROOT, 'test/fixtures/results/work'), join(dir, 'docs/sweeps/work'), { recursive: true });
    await cp(join(ROOT, 'docs/sweeps/concurrency/chart.svg'), join(dir, 'docs/sweeps/work/chart.svg'));
    const check = await results(['--check', '--root', dir]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /README\.md:\d+: region 'crossover' differs from its data/);
    assert.equal((await results(['--root', dir])).code, 0);
    const filled = regionContent(await readFile(join(dir, 'README.md'), 'utf8'), 'crossover') ?? '';
    assert.match(filled, /^!\[[^\]]+\]\(docs\/sweeps\/work\/chart\.svg\)$/m);
    const table = regionContent(await readFile(join(dir, 'docs/sweeps.md'), 'utf8'), 'work') ?? '';
    assert.match(table, /^\| work \| threads-reuse c=2 \| threads-reuse c=100 \| async-limit \| async-for \|$/m);
    assert.match(filled, /`threads-reuse c=2` beats the best event-loop strategy from 1 ms of nominal CPU work per response on \(crossover between 0\.5 ms and 1 ms\)/);
    assert.match(filled, /Measured on 2 cores, Node 24\.21\.0/);
  });
});

/** A Markdown table's rows as cells (header and divider dropped). */
function tableRows(markdown: string): { header: string[]; rows: string[][] } {
  const lines = markdown.split('\n').filter((line) => line.startsWith('|'));
  const cells = (line: string) => line.slice(1, -1).split(' | ').map((cell) => cell.trim());
  return { header: cells(lines[0] ?? ''), rows: lines.slice(2).map(cells) };
}

interface ExportResult {
  command: string;
  mean: number;
  stddev: number | null;
  median: number;
  min: number;
  max: number;
  user: number;
  system: number;
  times: number[];
}

test("the README's results table equals the committed export to the digit", async () => {
  const source = SOURCES.find((s) => s.file === 'README.md' && s.region === 'results');
  const exportPath = source?.data.find((file) => file.path.endsWith('.json') && !file.path.endsWith('.meta.json'))?.path;
  assert.ok(exportPath, 'the results region reads a hyperfine export');
  const exported = (JSON.parse(await readFile(join(ROOT, exportPath), 'utf8')) as { results: ExportResult[] }).results;
  const { header, rows } = tableRows(regionContent(await readFile(join(ROOT, 'README.md'), 'utf8'), 'results') ?? '');
  const unit = /\[(m?s)\]/.exec(header[1] ?? '')?.[1];
  assert.ok(unit === 's' || unit === 'ms', `a time unit in the header: ${header.join(' | ')}`);
  const [factor, digits] = unit === 's' ? [1, 3] : [1000, 1];
  const shown = (seconds: number) => (seconds * factor).toFixed(digits);
  const measuredRows = rows.filter((cells) => !/did not fit/.test(cells[1] ?? ''));
  assert.equal(measuredRows.length, exported.length, 'one row per exported result');
  const fastest = Math.min(...exported.map((r) => r.mean));
  for (const result of exported) {
    const row = measuredRows.find((cells) => (cells[0] ?? '').replace(/\*\*/g, '').replace(/ · A\/A control$/, '') === result.command);
    assert.ok(row, `a row for ${result.command}`);
    const column = (name: string) => row[header.findIndex((h) => h.startsWith(name))] ?? '';
    assert.equal(column('Mean'), result.stddev === null ? shown(result.mean) : `${shown(result.mean)} ± ${shown(result.stddev)}`, `${result.command} mean ± σ`);
    for (const [name, value] of [['Median', result.median], ['Min', result.min], ['Max', result.max], ['User', result.user], ['System', result.system]] as const) {
      assert.equal(column(name), shown(value), `${result.command} ${name}`);
    }
    assert.equal(column('Relative').split(' ± ')[0], (result.mean / fastest).toFixed(2), `${result.command} relative`);
    assert.equal(column('Runs'), String(result.times.length), `${result.command} runs`);
  }
});
