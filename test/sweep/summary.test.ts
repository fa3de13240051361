// sweep.md and the sweep chart's words, from the committed sweeps' data: a title that says
// what was compared and where, every delay and RTT value with its unit, the busy-machine
// note with its figures (and none on a quiet machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, dist } from '../helper.ts';

type SummaryModule = typeof import('../../src/sweep/summary.ts');
type SweepResult = import('../../src/sweep/result.ts').SweepResult;

const { markdownSummary, sweepTitle } = await dist<SummaryModule>('sweep/summary.js');

const sweep = (name: string): SweepResult => JSON.parse(readFileSync(join(ROOT, 'docs/sweeps', name, 'sweep.json'), 'utf8')) as SweepResult;

test('titles name the comparison and its conditions, with units', () => {
  assert.equal(sweepTitle(sweep('concurrency')), 'Time for 1000 requests vs concurrency C, loopback, no server delay');
  assert.equal(sweepTitle(sweep('latency')), 'Time for 1000 requests vs server delay, C = 100, loopback');
  assert.equal(sweepTitle(sweep('rtt')), 'Time for 1000 requests vs link round-trip time, C = 100, loopback through the latency proxy, no server delay');
  assert.equal(sweepTitle(sweep('barrier')), 'Time for 500 requests vs concurrency C, loopback, server delay uniform 0–40 ms');
  // netns-run.sh's own words, the delay given its unit.
  assert.equal(sweepTitle(sweep('netns-rtt2')), 'Time for 256 requests vs concurrency C, netns veth, link proxy, rtt 2 ms, no server delay');
  // A server behind BENCHMARK_SERVER_HOST without a description: its delay is not claimed.
  const external = { ...sweep('concurrency'), target: '10.0.0.2:8080 (BENCHMARK_SERVER_HOST/PORT)' };
  external.environment = { ...external.environment, conditions: { network: 'loopback' } };
  assert.equal(sweepTitle(external), 'Time for 1000 requests vs concurrency C, loopback');
});

test('sweep.md: the title, delay values in ms, and the busy-machine note with its figures only on a busy machine', () => {
  const latency = markdownSummary(sweep('latency'));
  assert.match(latency, /^# Time for 1000 requests vs server delay, C = 100, loopback$/m);
  // One column per strategy the sweep ran, after the swept value's.
  const header = latency.split('\n').find((line) => line.startsWith('| delay |'));
  const columns = (header ?? '').split('|').map((cell) => cell.trim()).filter(Boolean);
  assert.equal(columns[0], 'delay');
  for (const strategy of sweep('latency').strategies) assert.ok(columns.includes(strategy), `a column for ${strategy}: ${header}`);
  for (const value of [0, 1, 2, 5, 10, 20, 50]) assert.match(latency, new RegExp(`^\\| ${value} ms \\| `, 'm'));
  assert.match(latency, /1000 requests, C = 100; preset "latency"\./, 'what stayed fixed, not the swept delay');
  // The committed sweep ran on an idle machine: other processes used next to no CPU.
  assert.doesNotMatch(latency, /busy/);
  // Other processes using CPU meanwhile make it busy, whatever the load at the end.
  const shared = sweep('latency');
  const otherCpu = shared.environment.otherCpu as Record<string, unknown>;
  shared.environment = { ...shared.environment, loadAverage: [0.3, 0.2, 0.1], otherCpu: { ...otherCpu, otherCores: 0.8 } };
  assert.match(markdownSummary(shared), /\*\*Measured on a busy machine: load 0\.3 at start, [\d.]+ at end, other processes used 0\.80 cores meanwhile, 2 cores\.\*\*/);
  // A sweep from before otherCpu was recorded: the load at the end decides.
  const older = sweep('latency');
  const { otherCpu: _other, loadAverageAtEnd: _end, ...environment } = older.environment;
  older.environment = { ...environment, loadAverage: [0.3, 0.2, 0.1] };
  older.loadAverageAtEnd = '0.90 0.40 0.20';
  assert.doesNotMatch(markdownSummary(older), /busy/);
  older.loadAverageAtEnd = '2.10 0.40 0.20';
  assert.match(markdownSummary(older), /\*\*Measured on a busy machine: load 0\.3 at start, 2\.1 at end, 2 cores\.\*\*/);
});
