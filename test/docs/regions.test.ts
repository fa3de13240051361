import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helper.ts';
import { markdownFiles } from './links.ts';
import { generatedRegions, regionContent, replaceRegions } from '../../src/results/regions.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

test('the README fits on a few screens: at most 12,000 bytes', () => {
  const bytes = Buffer.byteLength(read('README.md'));
  assert.ok(bytes <= 12_000, `README.md is ${bytes} bytes; move detail into docs/`);
});

test('every generated region in README.md and docs/ pairs up, with a unique kebab-case name', () => {
  const names: Record<string, string[]> = {};
  for (const file of markdownFiles(ROOT)) {
    assert.doesNotThrow(() => generatedRegions(read(file)), `${file}`);
    const found = generatedRegions(read(file)).map((region) => region.name);
    if (found.length > 0) names[file] = found;
  }
  // The regions the results generator fills: the README's answer and the runtimes, the Python original and the harness figures at least.
  for (const name of ['answer', 'results', 'crossover', 'runtimes']) assert.ok(names['README.md']?.includes(name), `README.md has region '${name}'`);
  for (const name of ['harness', 'python', 'outcomes']) assert.ok(names['docs/methodology.md']?.includes(name), `docs/methodology.md has region '${name}'`);
});

test('a region that is not closed, closed by another name, nested, repeated or badly named is an error naming the line', () => {
  const ok = 'a\n<!-- generated:one -->\nx\n<!-- /generated:one -->\n<!-- generated:two --><!-- /generated:two -->';
  assert.deepEqual(generatedRegions(ok), [
    { name: 'one', start: 2, end: 4 },
    { name: 'two', start: 5, end: 5 },
  ]);
  const bad: [string, RegExp][] = [
    ['<!-- generated:one -->\nx', /line 1: region 'one' is never closed/],
    ['<!-- generated:one -->\n<!-- /generated:two -->', /line 2: '\/generated:two' closes 'one'/],
    ['<!-- generated:one -->\n<!-- generated:two -->', /line 2: region 'two' opens inside 'one'/],
    ['<!-- generated:one --><!-- /generated:one -->\n<!-- generated:one -->', /line 2: region 'one' appears twice/],
    ['<!-- generated:Bad_Name -->', /line 1: region name 'Bad_Name' is not kebab-case/],
    ['<!-- /generated:one -->', /line 1: '\/generated:one' closes no open region/],
  ];
  for (const [markdown, message] of bad) assert.throws(() => generatedRegions(markdown), message);
});

test('a region is replaced between its markers, the rest of the file and the markers untouched', () => {
  const doc = ['# Title', '', '<!-- generated:one -->', 'old 1', 'old 2', '<!-- /generated:one -->', 'typed', '<!-- generated:two -->', '<!-- /generated:two -->', 'end'].join('\n');
  assert.equal(regionContent(doc, 'one'), 'old 1\nold 2');
  assert.equal(regionContent(doc, 'two'), '');
  assert.equal(regionContent(doc, 'three'), undefined);
  const replaced = replaceRegions(
    doc,
    new Map([
      ['one', 'new'],
      ['two', 'a\nb\n'],
    ]),
  );
  assert.equal(replaced, ['# Title', '', '<!-- generated:one -->', 'new', '<!-- /generated:one -->', 'typed', '<!-- generated:two -->', 'a', 'b', '<!-- /generated:two -->', 'end'].join('\n'));
  assert.equal(replaceRegions(replaced, new Map([['one', 'new']])), replaced, 'replacing with the same content changes nothing');
  assert.throws(() => replaceRegions(doc, new Map([['three', 'x']])), /no region 'three'/);
  assert.throws(() => replaceRegions('text <!-- generated:one --> x\n<!-- /generated:one -->', new Map([['one', 'x']])), /line 1: the markers of region 'one' must each stand alone on a line/);
});
