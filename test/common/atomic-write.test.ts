import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/common/atomic-write.ts';

test('writes a new file, creating its folder, and replaces an old one whole', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-atomic-'));
  const file = join(dir, 'sub', 'result.json');
  await writeFileAtomic(file, 'first\n');
  assert.equal(await readFile(file, 'utf8'), 'first\n');
  await writeFileAtomic(file, 'second\n');
  assert.equal(await readFile(file, 'utf8'), 'second\n');
  assert.deepEqual(await readdir(join(dir, 'sub')), ['result.json'], 'no temporary file left behind');
});

test('a write that cannot complete leaves what was there, and no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-atomic-'));
  // A directory where the file should go: the rename fails (also as root).
  const file = join(dir, 'result.json');
  await mkdir(file);
  await writeFile(join(file, 'inside'), 'kept\n');
  await assert.rejects(writeFileAtomic(file, 'lost\n'));
  assert.equal(await readFile(join(file, 'inside'), 'utf8'), 'kept\n');
  assert.deepEqual(await readdir(dir), ['result.json']);
});
