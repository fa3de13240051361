import { test } from 'node:test';
import assert from 'node:assert/strict';

type Collect = typeof import('../../src/environment/collect.ts');
// src modules import their siblings as .js: load the built module.
const { busyMachineWarning, collectEnvironment, endOfRun } = (await import(new URL('../../dist/environment/collect.js', import.meta.url).href)) as Collect;

test('a 1-minute load above the core count is a warning naming both; at or below it, none', () => {
  assert.equal(busyMachineWarning(2, 2), null);
  assert.equal(busyMachineWarning(0.3, 2), null);
  const warning = busyMachineWarning(3.25, 2);
  assert.ok(warning);
  assert.match(warning, /^warning: load 3\.25 on 2 cores/);
});

test('the record has the load at start and the governor (or null); the end adds load and time', () => {
  const record = collectEnvironment({ parameters: {} });
  assert.equal(record.loadAverage.length, 3);
  assert.ok(record.cpuGovernor === null || typeof record.cpuGovernor === 'string');
  const end = endOfRun(new Date('2026-11-27T12:00:00Z'));
  assert.equal(end.loadAverageAtEnd.length, 3);
  assert.equal(end.finishedAt, '2026-11-27T12:00:00.000Z');
});

test('benchmark environment -o replaces a record by rename, never by rewriting it in place, and leaves no temporary file', async () => {
  const { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runClient } = await import('../helper.ts');
  const dir = mkdtempSync(join(tmpdir(), 'ntab-environment-'));
  try {
    const file = join(dir, 'run.meta.json');
    writeFileSync(file, '{"earlier": true}\n');
    const before = statSync(file).ino;
    const ran = await runClient(['environment', '--output', file, '--set', 'queries=10']);
    assert.equal(ran.code, 0, ran.stderr);
    // A new file renamed over the old one: another inode. An in-place write (truncate, then write) keeps it.
    assert.notEqual(statSync(file).ino, before);
    assert.deepEqual(readdirSync(dir), ['run.meta.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
