// --work-ms: fixed CPU work after each verified response, calibrated before the clock, done
// where the response lands: in the worker threads for the thread strategies, on the main
// thread's event loop for the async ones. Proven by CPU time: the outcome reports the whole
// process's and the main thread's, measured while the clock ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasStackTrace, runClient, serverForTests, target, verifiedOutcome, type Outcome } from '../helper.ts';

const REQUESTS = 20;
const WORK_MS = 20;
/** CPU the work should take in all, in seconds; the assertions leave a wide margin for a busy machine. */
const WORK_SECONDS = (REQUESTS * WORK_MS) / 1000;

const server = serverForTests();
const outcomeOf = (args: string[]): Promise<Outcome> => verifiedOutcome(args, server.port);

function assertCalibrated(outcome: Outcome): void {
  assert.equal(outcome.workMs, WORK_MS);
  assert.ok(outcome.workUnitsPerMs !== null && outcome.workUnitsPerMs > 0, 'calibration recorded');
  // The units per response are the calibrated rate times the milliseconds asked for.
  assert.equal(outcome.workUnits, Math.round(WORK_MS * outcome.workUnitsPerMs));
}

for (const strategy of ['async-for', 'async-limit']) {
  test(`${strategy} --work-ms: the work runs on the main thread`, async () => {
    const outcome = await outcomeOf([strategy, '-r', String(REQUESTS), '-c', '4', '--work-ms', String(WORK_MS)]);
    assertCalibrated(outcome);
    const main = outcome.cpuSeconds.mainThread;
    assert.ok(main !== null, 'Node reports the main thread CPU time');
    assert.ok(main >= 0.7 * WORK_SECONDS, `main thread CPU ${main} s for about ${WORK_SECONDS} s of work`);
  });
}

for (const strategy of ['threads-reuse', 'threads-map']) {
  test(`${strategy} --work-ms: the work runs in the worker threads`, async () => {
    const outcome = await outcomeOf([strategy, '-r', String(REQUESTS), '-c', '2', '--work-ms', String(WORK_MS), '--warm', '--warm-requests', '2']);
    assertCalibrated(outcome);
    const main = outcome.cpuSeconds.mainThread;
    assert.ok(main !== null);
    const others = outcome.cpuSeconds.process - main;
    assert.ok(others >= 0.7 * WORK_SECONDS, `other threads' CPU ${others} s for about ${WORK_SECONDS} s of work`);
    assert.ok(main < 0.5 * WORK_SECONDS, `the main thread did not do the work: ${main} s`);
  });
}

test('without --work-ms: no work, no calibration', async () => {
  const outcome = await outcomeOf(['async-for', '-r', '5']);
  assert.equal(outcome.workMs, 0);
  assert.equal(outcome.workUnitsPerMs, null);
  assert.equal(outcome.workUnits, 0);
});

test('--work-ms accepts fractions: 0.1 ms is at least one unit of work', async () => {
  const outcome = await outcomeOf(['threads-reuse', '-r', '4', '-c', '2', '--work-ms', '0.1']);
  assert.equal(outcome.workMs, 0.1);
  assert.ok(outcome.workUnits >= 1);
});

test('--work-ms: negative, non-numeric or absurd values are usage errors (exit 2)', async () => {
  for (const value of ['-1', 'abc', '', '1e3', '5ms', 'Infinity', '60001']) {
    const result = await runClient(['async-for', '-r', '2', '--work-ms', value], target(server.port));
    assert.equal(result.code, 2, `--work-ms '${value}': ${result.stderr}`);
    assert.match(result.stderr, /--work-ms must be a number from 0 to 60000 \(fractions allowed\)|--work-ms <ms>' argument missing/);
    assert.equal(hasStackTrace(result.stderr), false);
  }
});

test('--work-units-per-ms: the given calibration instead of a measured one, for thread and async strategies alike', async () => {
  for (const strategy of ['async-for', 'threads-reuse']) {
    const outcome = await outcomeOf([strategy, '-r', '4', '-c', '2', '--work-ms', '2', '--work-units-per-ms', '150']);
    assert.equal(outcome.workUnitsPerMs, 150, strategy);
    assert.equal(outcome.workUnits, 300, strategy);
  }
});

test('--work-units-per-ms: without --work-ms, zero, negative or non-numeric is a usage error (exit 2)', async () => {
  for (const args of [['--work-units-per-ms', '100'], ['--work-ms', '1', '--work-units-per-ms', '0'], ['--work-ms', '1', '--work-units-per-ms', '-5'], ['--work-ms', '1', '--work-units-per-ms', 'fast']]) {
    const result = await runClient(['async-for', '-r', '2', ...args], target(server.port));
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /--work-units-per-ms/);
    assert.equal(hasStackTrace(result.stderr), false);
  }
});

// Measured, not nominal: the CPU the work really took per verified response, on the thread that did it.
test('workCpuMsPerResponse is measured where the work ran: the main thread for async, the workers for threads', async () => {
  for (const [strategy, where] of [['async-for', 'main'], ['async-limit', 'main'], ['threads-reuse', 'worker'], ['threads-async', 'worker'], ['async-offload', 'worker']] as const) {
    const outcome = await outcomeOf([strategy, '-r', '10', '-c', '2', '--work-ms', '2']);
    assert.equal(outcome.workThread, where, strategy);
    assert.ok(outcome.workCpuMsPerResponse !== null && outcome.workCpuMsPerResponse > 0, `${strategy}: ${outcome.workCpuMsPerResponse}`);
  }
});

test('workCpuMsPerResponse is what the work cost, not what was asked: a calibration 1000 times too low shows', async () => {
  // Claiming 1 unit per ms makes --work-ms 20 mean 20 units: microseconds of CPU, not 20 ms.
  const outcome = await outcomeOf(['async-for', '-r', '10', '--work-ms', '20', '--work-units-per-ms', '1']);
  assert.equal(outcome.workUnits, 20);
  assert.ok(outcome.workCpuMsPerResponse !== null && outcome.workCpuMsPerResponse < 5, `measured ${outcome.workCpuMsPerResponse} ms against 20 nominal`);
});

test('the measured work matches the CPU the worker threads spent (it is not lost between ticks)', async () => {
  const outcome = await outcomeOf(['threads-reuse', '-r', String(REQUESTS), '-c', '2', '--work-ms', String(WORK_MS), '--warm', '--warm-requests', '2']);
  const measured = ((outcome.workCpuMsPerResponse as number) * REQUESTS) / 1000;
  const others = outcome.cpuSeconds.process - (outcome.cpuSeconds.mainThread as number);
  // The work is most of what the worker threads do here (the rest: their cold request path, V8's
  // compiler and collector threads); a reading that lost the time run since the last scheduler
  // tick would find about a tenth of it. (Against the nominal figure the measured one may well
  // differ: that is what it is for.)
  assert.ok(measured >= 0.35 * others, `measured ${measured} s of the other threads' ${others} s`);
  assert.ok(measured <= others * 1.02, `measured ${measured} s, within the other threads' ${others} s`);
});

test('without --work-ms nothing is measured', async () => {
  const outcome = await outcomeOf(['threads-reuse', '-r', '4', '-c', '2']);
  assert.equal(outcome.workCpuMsPerResponse, null);
  assert.equal(outcome.workThread, null);
});
