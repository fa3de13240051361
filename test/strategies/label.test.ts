// The one label parser: a registry strategy, whose client ran it, its own C, the A/A copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dist } from '../helper.ts';

const { parseLabel, labelText } = await dist<typeof import('../../src/strategies/label.ts')>('strategies/label.js');

test('labels: the registry name, optionally at its own C, by whose client, maybe the A/A copy; the original\'s spellings accepted', () => {
  const parts = (text: string) => {
    const label = parseLabel(text);
    return label && [label.text, label.strategy.name, label.client, label.chunk, label.aa];
  };
  assert.deepEqual(parts('threads-reuse c=2'), ['threads-reuse c=2', 'threads-reuse', 'ours', 2, false]);
  assert.deepEqual(parts(' threads_reuse C = 100 '), ['threads-reuse c=100', 'threads-reuse', 'ours', 100, false]);
  assert.deepEqual(parts('async-for'), ['async-for', 'async-for', 'ours', null, false]);
  assert.deepEqual(parts('original-async_map'), ['original-async-map', 'async-map', 'original', null, false]);
  assert.deepEqual(parts('async-for (A/A)'), ['async-for (A/A)', 'async-for', 'ours', null, true]);
  assert.deepEqual(parts('threads-reuse c=2 (A/A)'), ['threads-reuse c=2 (A/A)', 'threads-reuse', 'ours', 2, true]);
  for (const bad of ['threads-reuse c=0', 'threads-reuse c=two', 'bogus c=2', 'original-async-limit', 'async-format', '/usr/bin/python3 benchmark.py async-for', '']) {
    assert.equal(parseLabel(bad), undefined, bad);
  }
  const label = parseLabel('original-threads-map')!;
  assert.equal(labelText(label), 'original-threads-map');
});
