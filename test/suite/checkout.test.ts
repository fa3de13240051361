// The original's checkout in the record: its commit when it is a git clone of its own, read
// by git or, where there is none (the client image), from its .git files; nothing for a plain
// copy or a folder inside another repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../helper.ts';
import { STANDIN, standinClone } from './python.ts';

/** checkoutCommit(dir) of the built module, in a node with the given PATH. */
async function commitOf(dir: string, path = process.env.PATH): Promise<{ commit: string | null; dirty: boolean | null }> {
  const module = new URL('../../dist/environment/collect.js', import.meta.url).href;
  const ran = await runNode(['--input-type=module', '-e', `const { checkoutCommit } = await import(${JSON.stringify(module)}); console.log(JSON.stringify(checkoutCommit(${JSON.stringify(dir)})));`], { PATH: path });
  assert.equal(ran.code, 0, ran.stderr);
  return JSON.parse(ran.stdout) as { commit: string | null; dirty: boolean | null };
}

test('a git clone: its HEAD, and whether tracked files changed', async () => {
  const clone = standinClone();
  try {
    assert.deepEqual(await commitOf(clone.dir), { commit: clone.commit, dirty: false });
    writeFileSync(join(clone.dir, 'benchmark.py'), '# changed\n', { flag: 'a' });
    assert.deepEqual(await commitOf(clone.dir), { commit: clone.commit, dirty: true });
    // Without git on PATH (the client image): the same commit from .git/HEAD and its ref, dirtiness unknown.
    assert.deepEqual(await commitOf(clone.dir, '/nonexistent'), { commit: clone.commit, dirty: null });
    // Also when the branch is only in packed-refs (after git gc).
    assert.equal(spawnSync('git', ['-C', clone.dir, 'pack-refs', '--all']).status, 0);
    assert.equal(existsSync(join(clone.dir, '.git/refs/heads', spawnSync('git', ['-C', clone.dir, 'branch', '--show-current'], { encoding: 'utf8' }).stdout.trim())), false);
    assert.deepEqual(await commitOf(clone.dir, '/nonexistent'), { commit: clone.commit, dirty: null });
  } finally {
    rmSync(clone.dir, { recursive: true, force: true });
  }
});

test('a plain copy, and a folder inside another repository, have no commit of their own', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'ntab-copy-'));
  try {
    cpSync(STANDIN, copy, { recursive: true });
    assert.deepEqual(await commitOf(copy), { commit: null, dirty: null });
    // The stand-in sits inside this project's repository: that repository's HEAD is not its commit.
    assert.deepEqual(await commitOf(STANDIN), { commit: null, dirty: null });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
