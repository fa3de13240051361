// async-offload: requests on the main event loop as async-for; the --work-ms work of each
// verified response handed to a pool of worker threads and awaited. Proven by where the
// work's CPU was measured, and by the main thread's CPU, which does not contain it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { measuredRun, serverForTests, verifiedOutcome } from '../helper.ts';

const server = serverForTests();

test('async-offload -r 100 -c 10 --work-ms 1: 100/100 verified, the work on worker threads, its CPU per response reported', async () => {
  const { outcome, requests } = await measuredRun(server, ['async-offload', '-r', '100', '-c', '10', '--work-ms', '1']);
  assert.equal(outcome.succeeded, 100);
  assert.equal(requests, 100);
  assert.equal(outcome.workThread, 'worker');
  assert.ok(outcome.workCpuMsPerResponse !== null && outcome.workCpuMsPerResponse > 0, `measured ${outcome.workCpuMsPerResponse}`);
  assert.equal(outcome.pools, 1);
  assert.equal(outcome.maxConcurrency, 100, 'all N issued at once, as async-for');
});

test('the work is not on the main thread: its CPU is on the workers, and the main thread did less than the work alone', async () => {
  const requests = 40;
  const workMs = 10;
  const outcome = await verifiedOutcome(['async-offload', '-r', String(requests), '--work-ms', String(workMs), '--warm', '--warm-requests', '2'], server.port);
  assert.equal(outcome.workThread, 'worker');
  const workSeconds = ((outcome.workCpuMsPerResponse as number) * requests) / 1000;
  const main = outcome.cpuSeconds.mainThread as number;
  const others = outcome.cpuSeconds.process - main;
  // The other threads' CPU also holds their start-up and V8's own threads: the work is a part of it, however busy the machine.
  assert.ok(workSeconds > 0 && workSeconds <= 1.02 * others, `measured work ${workSeconds} s of the other threads' ${others} s`);
  assert.ok(main < workSeconds, `main thread ${main} s against ${workSeconds} s of work`);
  // The same run on async-for does the work on the main thread.
  const onMain = await verifiedOutcome(['async-for', '-r', String(requests), '--work-ms', String(workMs), '--warm', '--warm-requests', '2'], server.port);
  assert.equal(onMain.workThread, 'main');
  assert.ok((onMain.cpuSeconds.mainThread as number) >= 0.8 * ((onMain.workCpuMsPerResponse as number) * requests) / 1000);
});

test('--work-ms 0: async-for plus an idle pool, created all the same (with --warm, every thread ready before the clock)', async () => {
  const { outcome, requests } = await measuredRun(server, ['async-offload', '-r', '30', '--connections', '4', '--warm', '--warm-requests', '2', '--workers', '2']);
  assert.equal(requests, 30);
  assert.equal(outcome.pools, 1);
  assert.equal(outcome.threads, 2);
  assert.equal(outcome.threadStartupSeconds, 0, 'ready before the clock');
  assert.equal(outcome.workCpuMsPerResponse, null);
  assert.equal(outcome.workThread, null);
  assert.equal(outcome.connectionsOpened, 4);
});

test('--workers defaults to one per core', async () => {
  const outcome = await verifiedOutcome(['async-offload', '-r', '20', '--warm', '--warm-requests', '2'], server.port);
  assert.equal(outcome.threads, Math.min(20, os.availableParallelism()));
});
