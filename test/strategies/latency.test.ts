// Latency means the same on both sides: from the strategy handing a request over (issued on
// the event loop, or submitted to a thread pool) to its verified answer on the main thread.
// A wait for a pooled connection and a wait for a starting thread count alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForTests, verifiedOutcome, type Outcome } from '../helper.ts';

// A fixed upstream delay: one request takes at least 20 ms, whichever strategy sends it.
const server = serverForTests(['--delay', '20']);
const outcomeOf = (args: string[]): Promise<Outcome> => verifiedOutcome(args, server.port);

test('threads-map: the wait for a starting thread counts, so the slowest request spans most of the run', async () => {
  const outcome = await outcomeOf(['threads-map', '-r', '40']);
  // All 40 handed over when their pool is created; the last answer comes after the last thread starts.
  assert.ok(outcome.threadStartupSeconds > 0, 'start-up measured');
  assert.ok(outcome.threadStartupSeconds <= outcome.elapsedSeconds, 'start-up is a part of the elapsed time');
  assert.ok(
    outcome.latencyMs.max / 1000 >= 0.6 * outcome.elapsedSeconds,
    `max latency ${outcome.latencyMs.max} ms against ${outcome.elapsedSeconds} s elapsed: the thread start-up must count`,
  );
  assert.ok(outcome.latencyMs.max / 1000 <= outcome.elapsedSeconds, 'no request outlasts the run');
  assert.equal(outcome.maxConcurrency, 40);
});

test('async-for over one connection: the wait for the connection counts, so the last request spans the run', async () => {
  // 30 requests issued at once, answered one after another (>= 20 ms each) over one connection.
  const outcome = await outcomeOf(['async-for', '-r', '30', '--connections', '1']);
  assert.equal(outcome.threadStartupSeconds, 0);
  assert.ok(outcome.latencyMs.max >= 30 * 20, `the last request waited for the 29 before it: max ${outcome.latencyMs.max} ms`);
  assert.ok(outcome.latencyMs.max / 1000 >= 0.6 * outcome.elapsedSeconds);
  assert.equal(outcome.maxConcurrency, 30, 'in flight from the hand-over, waiting for the connection included');
});

test('latency from the run start compares across strategies; latency from hand-over is each strategy\'s own admission', async () => {
  // threads-reuse hands a chunk over only when the one before is answered: 6 chunks of 5, >= 20 ms each.
  const reuse = await outcomeOf(['threads-reuse', '-r', '30', '-c', '5', '--warm', '--warm-requests', '2']);
  assert.ok(reuse.latencyFromStartMs.max >= 6 * 20, `the last answer came after 6 chunks: ${reuse.latencyFromStartMs.max} ms`);
  assert.ok(reuse.latencyMs.max < reuse.latencyFromStartMs.max, 'from hand-over, the last chunk looks as fast as the first');
  assert.ok(reuse.latencyFromStartMs.max <= reuse.elapsedSeconds * 1000);
  // async-for hands every request over at the start: both figures are the same wait.
  const all = await outcomeOf(['async-for', '-r', '30', '--connections', '5', '--warm', '--warm-requests', '2']);
  assert.ok(all.latencyFromStartMs.p50 >= all.latencyMs.p50);
  assert.ok(all.latencyFromStartMs.max - all.latencyMs.max < 0.5 * all.latencyFromStartMs.max);
  for (const outcome of [reuse, all]) {
    const { p50, p90, p99, max } = outcome.latencyFromStartMs;
    assert.ok(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= max);
  }
});
