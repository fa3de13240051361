import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dist } from '../helper.ts';

const { finishInterruptedSet, lockOutput, writeFileAtomic, writeFileSet } = await dist<typeof import('../../src/common/atomic-write.ts')>('common/atomic-write.js');

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

test('a set of files is replaced as one: a kill between its renames is finished by the next reader or writer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-set-'));
  const [a, b, journal] = [join(dir, 'run.json'), join(dir, 'run.meta.json'), join(dir, 'run.json.journal')];
  await writeFileSet(new Map([[a, 'old a'], [b, 'old b']]), journal);
  assert.deepEqual([await readFile(a, 'utf8'), await readFile(b, 'utf8')], ['old a', 'old b']);
  assert.ok(!existsSync(journal), 'no journal once the set is in place');
  // As a kill after the first rename leaves it: the new b still a temporary file, the journal naming it.
  const pending = join(dir, '.run.meta.json.123.tmp');
  writeFileSync(a, 'new a');
  writeFileSync(pending, 'new b');
  writeFileSync(journal, JSON.stringify([[join(dir, '.run.json.123.tmp'), a], [pending, b]]));
  assert.equal(finishInterruptedSet(journal), true);
  assert.deepEqual([await readFile(a, 'utf8'), await readFile(b, 'utf8')], ['new a', 'new b'], 'never a mix of the two sets');
  assert.equal(finishInterruptedSet(journal), false, 'nothing left to finish');
  assert.deepEqual((await readdir(dir)).sort(), ['run.json', 'run.meta.json']);
});

test('one writer per output: a second is refused naming the first one\'s pid; a lock whose process is gone is taken over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-lock-'));
  const file = join(dir, 'run.json');
  const release = lockOutput(file);
  assert.equal(readFileSync(`${file}.lock`, 'utf8').trim(), String(process.pid));
  // The same lock held by this live process refuses another taker.
  assert.throws(() => lockOutput(file), new RegExp(`being written by another run \\(pid ${process.pid}\\)`));
  release();
  assert.ok(!existsSync(`${file}.lock`));
  // A lock left by a process that is gone (a kill -9) does not stand in the way.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(`${file}.lock`, `${gone.stdout}\n`);
  lockOutput(file)();
});
