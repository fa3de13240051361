// The small shared helpers of src/common: durations in progress lines, JSON narrowing, a
// file that may be missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration, roughDuration } from '../../src/common/duration.ts';
import { isJsonObject, parseJsonOrUndefined } from '../../src/common/json.ts';
import { readTextIfExists } from '../../src/common/read-text.ts';

test('durations: m:ss for progress, rounded for estimates', () => {
  assert.equal(formatDuration(42.4), '42 s');
  assert.equal(formatDuration(185), '3:05 min');
  assert.equal(formatDuration(3725), '1:02 h');
  assert.equal(roughDuration(3), '5 s');
  assert.equal(roughDuration(47), '45 s');
  assert.equal(roughDuration(530), '9 min');
});

test('JSON: only objects are objects; text that is not JSON is undefined, JSON null stays null', () => {
  assert.equal(isJsonObject({ a: 1 }), true);
  for (const value of [null, [], 'x', 1, undefined]) assert.equal(isJsonObject(value), false, String(value));
  assert.deepEqual(parseJsonOrUndefined('{"a":1}'), { a: 1 });
  assert.equal(parseJsonOrUndefined('null'), null);
  assert.equal(parseJsonOrUndefined('{"a":'), undefined);
  assert.equal(parseJsonOrUndefined(''), undefined);
});

test('readTextIfExists: the text, null for no such file, any other error thrown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-read-text-'));
  try {
    await writeFile(join(dir, 'a.txt'), 'text\n');
    assert.equal(await readTextIfExists(join(dir, 'a.txt')), 'text\n');
    assert.equal(await readTextIfExists(join(dir, 'missing.txt')), null);
    await assert.rejects(readTextIfExists(dir), /EISDIR/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
