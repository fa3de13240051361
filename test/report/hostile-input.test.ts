// `benchmark report` on hostile exports, through the real CLI: text from the inputs is made safe
// where it lands (the chart, the Markdown, the CSV), too many commands get a clear message, and a
// UTF-8 BOM is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, runClient, fixture } from '../helper.ts';
import { checkXml } from './svg.ts';

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-hostile-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && (c === ',' || c === '\n')) {
      record.push(field);
      field = '';
      if (c === '\n') {
        records.push(record);
        record = [];
      }
    } else {
      field += c;
    }
  }
  return records;
}

/** A result with three per-run times around `mean`. */
function result(command: string, mean: number) {
  const times = [mean * 0.95, mean, mean * 1.05];
  return { command, mean, stddev: mean * 0.05, median: mean, min: times[0], max: times[2], times };
}

const HOSTILE = {
  lineSeparator: 'evil\u2028name\u2029two',
  controls: 'bell\u0007 tab\t cr\r nl\n esc\u001b[31m',
  html: 'x\n<script>alert(1)</script> & <b>bold</b> | pipe',
  formula: '=HYPERLINK("http://example.invalid","click")',
};

test('hostile command names: the chart draws (U+2028, control characters), the Markdown escapes them, the CSV neutralises formulas', async () => {
  await withTempDir(async (dir) => {
    const results = [result('async-for', 0.3), ...Object.values(HOSTILE).map((name, i) => result(name, 0.4 + i * 0.1)), result('-2+3', 0.9), result('@SUM(A1)', 1)];
    await writeFile(join(dir, 'run.json'), JSON.stringify({ results }));
    // A hostile label too: the record's label lands in every section.
    await writeFile(join(dir, 'run.meta.json'), JSON.stringify({ label: 'run\u2028<img src=x onerror=alert(1)>\nlabel' }));
    const done = await runClient(['report', join(dir, 'run.json'), '--output', join(dir, 'out'), '--title', 'title\u2028with\u0007breaks']);
    assert.equal(done.code, 0, done.stderr);

    // The chart: well-formed XML (no control character survives), every name drawn with spaces for the breaks.
    const svg = await readFile(join(dir, 'out', 'run.svg'), 'utf8');
    assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u2028\u2029]/, 'no control character or line separator in the SVG');
    const { texts } = checkXml(svg);
    assert.ok(texts.includes('evil name two'), `the U+2028 name drawn with spaces: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => t.startsWith('bell  tab  cr  nl  esc [31m')), 'control characters drawn as spaces');
    assert.ok(texts.some((t) => t.startsWith('title with breaks')), 'the title too');

    // The Markdown: no raw HTML, no broken table row, no line break inside a name.
    const markdown = await readFile(join(dir, 'out', 'run.report.md'), 'utf8');
    assert.equal(markdown.replace(/^!\[.*\]\(run\.svg\)\n\n/m, ''), done.stdout, 'the file is what was printed, and the chart');
    const outsideCode = markdown.replace(/^```\n[\s\S]*?\n```$/gm, '');
    assert.doesNotMatch(outsideCode, /<script>|<b>|<img/, 'no HTML from the inputs outside code blocks');
    assert.match(markdown, /^\| x &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;b&gt;bold&lt;\/b&gt; \\\| pipe \| /m, 'the name on one table row, escaped');
    assert.match(markdown, /^- \*\*run &lt;img src=x onerror=alert\(1\)&gt; label\*\*: /m, 'the label escaped in the list of runs');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('|'))) assert.ok(line.endsWith('|'), `a table row is one line: ${line}`);
    assert.doesNotMatch(markdown, /[\u2028\u2029\r\u0007\u001b]/, 'no line separator or control character');
    // In the summary's code block: one line per strategy, HTML left as text (a code block shows it literally).
    const block = markdown.slice(markdown.indexOf('```\n'), markdown.indexOf('\n```', markdown.indexOf('```\n') + 4));
    assert.match(block, /times faster than 'x <script>alert\(1\)<\/script> & <b>bold<\/b> \| pipe'/);
    assert.equal(block.split('\n').length, 2 + results.length - 1, 'the header, a line per strategy but the fastest');

    // The CSV: text cells that a spreadsheet would run as formulas get a leading quote; numbers stay numbers.
    const csv = await runClient(['report', join(dir, 'run.json'), '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const [header, ...rows] = parseCsv(csv.stdout);
    const cells = rows.map((row) => row[0]);
    assert.equal(rows.length, results.length, 'one record per strategy (a quoted line break stays inside its field)');
    assert.ok(cells.includes(`'${HOSTILE.formula}`), `the formula neutralised: ${cells.join(' | ')}`);
    assert.ok(cells.includes("'-2+3") && cells.includes("'@SUM(A1)"), 'cells starting with - and @ too');
    assert.ok(cells.includes('async-for'), 'plain names untouched');
    assert.equal(rows[0]![header!.indexOf('mean_s')], '0.3', 'a number is written as a number');
    assert.equal(rows[0]![header!.indexOf('run')], 'run\u2028<img src=x onerror=alert(1)>\nlabel', 'other text kept as it is (CSV is data), quoted');
  });
});

test('a text cell starting with + or - is neutralised, the run label as well; numbers are not touched', async () => {
  type DataModule = typeof import('../../src/report/format-data.ts');
  type TableModule = typeof import('../../src/report/table.ts');
  const { csvReport } = await dist<DataModule>('report/format-data.js');
  const { buildTable } = await dist<TableModule>('report/table.js');
  const row = (command: string, mean: number) => ({ command, mean, stddev: null, median: null, user: null, system: null, min: null, max: null, times: null, exitCodes: null, derived: [] });
  const table = buildTable([{ file: 'x.json', results: [row('plain', 1), row('+1', 3)], hyperfineVersion: null, label: '-label', environment: null, metaFile: '', outcomes: { file: '', status: 'missing', summaries: new Map() } }]);
  const lines = csvReport(table).trimEnd().split('\n');
  const header = lines[0]!.split(',');
  assert.deepEqual(lines[1]!.split(',').slice(0, 2), ['plain', "'-label"]);
  assert.deepEqual(lines[2]!.split(',').slice(0, 2), ["'+1", "'-label"]);
  assert.equal(lines[2]!.split(',')[header.indexOf('mean_s')], '3', 'a number stays a number');
});

test('about 1,500 commands: one export is refused with the cap in the message; 1,500 across three exports still draw', async () => {
  await withTempDir(async (dir) => {
    const many = (prefix: string, n: number) => ({ results: Array.from({ length: n }, (_, i) => result(`${prefix}${i}`, 1 + i / 1000)) });
    await writeFile(join(dir, 'huge.json'), JSON.stringify(many('c', 1500)));
    const huge = await runClient(['report', join(dir, 'huge.json')]);
    assert.equal(huge.code, 2);
    assert.equal(huge.stderr, `error: ${join(dir, 'huge.json')}: 1,500 commands: more than the 500 one export may hold (a report of thousands cannot be drawn); split the run\n`);
    assert.equal(huge.stdout, '');
    // Three exports of 500 different commands: the chart once overflowed Vega's expression parser here.
    for (const name of ['a', 'b', 'c']) await writeFile(join(dir, `${name}.json`), JSON.stringify(many(`${name}-`, 500)));
    const three = await runClient(['report', ...['a', 'b', 'c'].map((name) => join(dir, `${name}.json`)), '--output', join(dir, 'out'), '--format', 'csv']);
    assert.equal(three.code, 0, three.stderr);
    const { texts } = checkXml(await readFile(join(dir, 'out', 'comparison.svg'), 'utf8'));
    for (const name of ['a-0', 'b-250', 'c-499']) assert.ok(texts.includes(name), `${name} drawn`);
  });
});

test('a UTF-8 BOM before an export, a record or an outcome line is accepted', async () => {
  await withTempDir(async (dir) => {
    for (const [from, to] of [['aa-control.json', 'run.json'], ['aa-control.meta.json', 'run.meta.json']] as const) {
      await writeFile(join(dir, to), `\uFEFF${await readFile(fixture(`suite/${from}`), 'utf8')}`);
    }
    const lines = (await readFile(fixture('suite/aa-control.outcomes.jsonl'), 'utf8')).split('\n');
    await writeFile(join(dir, 'run.outcomes.jsonl'), `\uFEFF${lines.join('\n')}`);
    const done = await runClient(['report', join(dir, 'run.json')]);
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stderr, '', 'no warning: the record and every outcome line were read');
    assert.match(done.stdout, /\*\*A\/A tiny run\*\*/, 'the label from the record');
    assert.match(done.stdout, /^\| threads-reuse \| [\d.]+ \| [\d.,]+ \| /m, 'the outcomes');
  });
});
