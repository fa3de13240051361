import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Burns `seconds` of CPU (not of wall time: a busy machine stretches it, never shortens it); `detached`: in a process this one does not parent (reparented to init), which touches `done` when finished. */
function burn(seconds: number, detached: false): void;
function burn(seconds: number, detached: true, done: string): void;
function burn(seconds: number, detached: boolean, done?: string): void {
  const loop = `const t = process.cpuUsage(); while (process.cpuUsage(t).user + process.cpuUsage(t).system < ${Math.round(seconds * 1e6)});${done ? ` require('fs').writeFileSync(${JSON.stringify(done)}, '')` : ''}`;
  if (!detached) execFileSync(process.execPath, ['-e', loop]);
  else execFileSync('sh', ['-c', `("$0" -e "$1" &) ; exit 0`, process.execPath, loop]);
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
  const done = join(mkdtempSync(join(tmpdir(), 'ntab-burn-')), 'done');
  burn(0.8, true, done);
  // The detached loop runs on after sh exits: wait until it says it is done.
  for (let waited = 0; !existsSync(done) && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(existsSync(done), 'the detached burn finished');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const other = otherCpuSince(before);
  assert.ok(other);
  assert.ok(other.otherSeconds >= 0.4, `a process outside this run's tree is other work: ${JSON.stringify(other)}`);
  assert.ok(other.otherCores > 0 && other.wallSeconds > 0);
});
