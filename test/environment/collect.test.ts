import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dist } from '../helper.ts';

type Collect = typeof import('../../src/environment/collect.ts');
// src modules import their siblings as .js: load the built module.
const { busyMachineWarning, collectEnvironment, endOfRun } = await dist<Collect>('environment/collect.js');

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
  const end = endOfRun(null, new Date('2026-11-27T12:00:00Z'));
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

type Cpu = typeof import('../../src/environment/cpu.ts');
const { cpuSnapshot, otherCpuSince } = await dist<Cpu>('environment/cpu.js');

/** Busy-loops for about `seconds` of CPU in a shell; `detached`: in a process this one does not parent (reparented to init). */
function burn(seconds: number, detached: boolean): void {
  const loop = `end=$(( $(date +%s%N) + ${Math.round(seconds * 1e9)} )); while [ $(date +%s%N) -lt $end ]; do :; done`;
  const script = detached ? `(sh -c '${loop}' &) ; exit 0` : loop;
  execFileSync('bash', ['-c', script]);
}

test('CPU accounting: a child this run started counts as its own, a process it did not start as other', { skip: process.platform !== 'linux' && 'Linux /proc only' }, async () => {
  const start = cpuSnapshot();
  assert.ok(start);
  burn(0.6, false);
  const own = otherCpuSince(start);
  assert.ok(own);
  assert.ok(own.ownSeconds >= 0.3, `the reaped child's CPU is this run's: ${JSON.stringify(own)}`);

  const before = cpuSnapshot();
  assert.ok(before);
  burn(0.8, true);
  // The detached loop runs on after bash exits: wait until it is done.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const other = otherCpuSince(before);
  assert.ok(other);
  assert.ok(other.otherSeconds >= 0.4, `a process outside this run's tree is other work: ${JSON.stringify(other)}`);
  assert.ok(other.otherCores > 0 && other.wallSeconds > 0);
});
