// A suite run's report, through the real CLI, from real runs (test/fixtures/suite): what
// each strategy did (medians of the same invocations hyperfine timed), Welch's t-test on
// every difference it states, the busy-machine mark, the settings used, the strategies
// that did not fit, and ours against the Python original side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { equivalenceTest, welchTTest } from '../../src/common/significance.ts';
import { runClient, fixture, dist } from '../helper.ts';

const suite = (name: string) => fixture(`suite/${name}`);

interface Result {
  command: string;
  mean: number;
  stddev: number;
  times: number[];
}
interface Line {
  strategy: string;
  warmup: boolean;
  outcome: Record<string, unknown> | null;
}
type Row = Record<string, unknown> & { strategy: string; run: string; status: string };

async function exportOf(name: string): Promise<Result[]> {
  return (JSON.parse(await readFile(suite(`${name}.json`), 'utf8')) as { results: Result[] }).results;
}

async function jsonReport(...files: string[]): Promise<{ rows: Row[]; runs: Record<string, unknown>[]; sideBySide: Record<string, unknown>[] }> {
  const done = await runClient(['report', ...files, '--format', 'json']);
  assert.equal(done.code, 0, done.stderr);
  return JSON.parse(done.stdout) as { rows: Row[]; runs: Record<string, unknown>[]; sideBySide: Record<string, unknown>[] };
}

/** A copy of a fixture run in a temp folder, its record changed by `edit` (and its outcomes file kept or not). */
async function withRun(name: string, edit: (meta: Record<string, unknown>) => void, body: (file: string) => Promise<void>, outcomes = true): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-suite-report-'));
  try {
    await copyFile(suite(`${name}.json`), join(dir, 'run.json'));
    if (outcomes) await copyFile(suite(`${name}.outcomes.jsonl`), join(dir, 'run.outcomes.jsonl'));
    const meta = JSON.parse(await readFile(suite(`${name}.meta.json`), 'utf8')) as Record<string, unknown>;
    edit(meta);
    await writeFile(join(dir, 'run.meta.json'), JSON.stringify(meta));
    await body(join(dir, 'run.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const close = (actual: unknown, expected: number, what: string) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${String(actual)} != ${expected}`);

test('what each strategy did: the median over the measured invocations (warmups left out) of the outcomes beside the export', async () => {
  const lines = (await readFile(suite('did-not-fit.outcomes.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
  assert.ok(lines.some((line) => line.warmup), 'the fixture has warmup lines to leave out');
  const { rows } = await jsonReport(suite('did-not-fit.json'));
  for (const strategy of ['threads-recreate', 'threads-reuse', 'async-for', 'async-map']) {
    const measured = lines.filter((line) => line.strategy === strategy && !line.warmup).map((line) => line.outcome!);
    const row = rows.find((r) => r.strategy === strategy)!;
    const latency = (key: string) => median(measured.map((o) => (o.latencyMs as Record<string, number>)[key]!));
    const field = (key: string) => median(measured.map((o) => o[key] as number));
    assert.equal(row.outcomes, measured.length, `${strategy}: rests on the measured invocations only`);
    close(row.latencyP50Ms, latency('p50'), `${strategy} p50`);
    close(row.latencyP99Ms, latency('p99'), `${strategy} p99`);
    close(row.peakRssBytes, field('peakRssBytes'), `${strategy} peak RSS`);
    close(row.threads, field('threads'), `${strategy} threads`);
    close(row.pools, field('pools'), `${strategy} pools`);
    close(row.connectionsOpened, field('connectionsOpened'), `${strategy} connections`);
    close(row.maxInFlight, field('maxConcurrency'), `${strategy} most in flight`);
    close(row.inProcessSeconds, field('elapsedSeconds'), `${strategy} in-process`);
    close(row.threadStartupShare, median(measured.map((o) => (o.threadStartupSeconds as number) / (o.elapsedSeconds as number))), `${strategy} start-up share`);
  }
  assert.equal(rows.find((r) => r.strategy === 'async-for')!.threadStartupShare, 0, 'no thread start-up on the event loop');

  const markdown = await runClient(['report', suite('did-not-fit.json')]);
  assert.equal(markdown.code, 0, markdown.stderr);
  // Older outcomes have no latency from the start and no work: no columns of dashes for them.
  assert.match(
    markdown.stdout,
    /\| Strategy \| In-process \[s\] \| From hand-over p50 \[ms\] \| From hand-over p99 \[ms\] \| Peak RSS \| Threads \| Pools \| Connections opened \| Most in flight \| Thread start-up \(until pools ready, at most\) \| Invocations \|/,
  );
  assert.match(markdown.stdout, /^\| async-for \| [\d.]+ \| [\d.,]+ \| [\d.,]+ \| \d+ MiB \| 0 \| 0 \| 20 \| 20 \| 0% \| 3 \|$/m);
  assert.match(markdown.stdout, /^\| threads-recreate \| [\d.]+ \| [\d.,]+ \| [\d.,]+ \| \d+ MiB \| 20 \| 4 \| 20 \| 5 \| \d+% \| 3 \|$/m);
  assert.doesNotMatch(markdown.stdout, /\| (From start p50|Work CPU per response)/);
});

test('what each strategy did: latency from the start beside latency from hand-over, each with its meaning; measured work CPU; start-up as an upper bound', async () => {
  for (const name of ['aa-control', 'work-sweep']) {
    const lines = (await readFile(suite(`${name}.outcomes.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    const { rows } = await jsonReport(suite(`${name}.json`));
    const { stdout, code, stderr } = await runClient(['report', suite(`${name}.json`)]);
    assert.equal(code, 0, stderr);
    const hasWork = lines.some((line) => typeof line.outcome?.workCpuMsPerResponse === 'number');
    assert.equal(hasWork, name === 'work-sweep', 'the work sweep measured work, the suite run none');
    for (const row of rows) {
      const measured = lines.filter((line) => line.strategy === row.strategy && !line.warmup).map((line) => line.outcome!);
      assert.ok(measured.length > 0, `${name}: outcomes for ${row.strategy}`);
      const fromStart = (key: string) => median(measured.map((o) => (o.latencyFromStartMs as Record<string, number>)[key]!));
      close(row.latencyFromStartP50Ms, fromStart('p50'), `${row.strategy} from start p50`);
      close(row.latencyFromStartP90Ms, fromStart('p90'), `${row.strategy} from start p90`);
      close(row.latencyFromStartP99Ms, fromStart('p99'), `${row.strategy} from start p99`);
      close(row.latencyFromStartMaxMs, fromStart('max'), `${row.strategy} from start max`);
      close(row.latencyP50Ms, median(measured.map((o) => (o.latencyMs as Record<string, number>).p50!)), `${row.strategy} from hand-over p50`);
      close(row.threadStartupSeconds, median(measured.map((o) => o.threadStartupSeconds as number)), `${row.strategy} start-up seconds`);
      close(row.teardownSeconds, median(measured.map((o) => o.teardownSeconds as number)), `${row.strategy} teardown`);
      close(row.warmRequests, median(measured.map((o) => o.warmRequests as number)), `${row.strategy} warm requests`);
      const work = measured.map((o) => o.workCpuMsPerResponse).filter((w): w is number => typeof w === 'number');
      if (work.length > 0) {
        close(row.workCpuMsPerResponse, median(work), `${row.strategy} work CPU`);
        assert.equal(row.workThread, measured[0]!.workThread, `${row.strategy} work thread`);
      } else {
        assert.equal(row.workCpuMsPerResponse, null, `${row.strategy}: no work measured`);
      }
      // The Markdown row: from start p50, p99, then from hand-over p50, p99.
      const outcomeRow = stdout.split('\n').find((line) => line.includes(' MiB ') && line.split('|')[1]!.trim().replace(' · A/A control', '') === row.strategy)!;
      assert.ok(outcomeRow, `${name}: an outcome row for ${row.strategy}`);
      const shown = outcomeRow.split('|').slice(3, 7).map((cell) => Number(cell.trim().replace(/,/g, '')));
      const expected = [row.latencyFromStartP50Ms, row.latencyFromStartP99Ms, row.latencyP50Ms, row.latencyP99Ms] as number[];
      shown.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) <= Math.max(0.01, expected[i]! * 0.01), `${row.strategy} column ${i}: ${value} vs ${expected[i]}`));
    }
    assert.match(stdout, /\*\*From start\*\* runs from the start of the strategy's clock .* compares across strategies/);
    assert.match(stdout, /\*\*From hand-over\*\* runs from the moment the strategy hands the request over .* admission/);
    assert.match(stdout, /an upper bound on what start-up cost/);
    assert.equal(/\| Work CPU per response \[ms\] \|/.test(stdout), hasWork, `${name}: the work column exactly when work was measured`);
    assert.match(stdout, /\| In-process \[s\] \| From start p50 \[ms\] \| From start p99 \[ms\] \| From hand-over p50 \[ms\] \| From hand-over p99 \[ms\] \|/, 'from the start beside from hand-over');
    const csv = (await runClient(['report', suite(`${name}.json`), '--format', 'csv'])).stdout.split('\n')[0]!.split(',');
    for (const column of ['latency_from_start_p50_ms', 'latency_from_start_p99_ms', 'work_cpu_ms_per_response', 'work_thread', 'thread_startup_s', 'teardown_s', 'warm_requests']) assert.ok(csv.includes(column), `csv column ${column}`);
  }
});

test('no outcomes file: the report says so and shows no outcome table; a damaged line is a warning', async () => {
  await withRun('did-not-fit', () => {}, async (file) => {
    const done = await runClient(['report', file]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /No outcomes for \*\*cap of 8 threads\*\*: `.*run\.outcomes\.jsonl` not found/);
    assert.doesNotMatch(done.stdout, /From hand-over p50/);
  }, false);
  await withRun('did-not-fit', () => {}, async (file) => {
    const outcomes = file.replace(/\.json$/, '.outcomes.jsonl');
    await writeFile(outcomes, `${await readFile(outcomes, 'utf8')}{not json\n{"invocation": 1}\n`);
    const done = await runClient(['report', file]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /run\.outcomes\.jsonl: line 17: is not JSON; skipped/);
    assert.match(done.stderr, /run\.outcomes\.jsonl: line 18: strategy is missing; skipped/);
    assert.match(done.stdout, /From hand-over p50/, 'the good lines still count');
  });
});

/** Holm's step-down correction, by hand: the k-th smallest p times (m - k + 1), never below the one before, at most 1. */
function holmByHand(ps: number[]): number[] {
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (ps.length - k) * p));
    out[i] = running;
  });
  return out;
}

test("the tests against the run's fastest are one question: Holm-corrected in json, csv and the summary; no difference shown is never 'within noise'", async () => {
  const results = await exportOf('did-not-fit');
  const fastest = results.reduce((a, b) => (b.mean < a.mean ? b : a));
  const others = results.filter((r) => r !== fastest);
  const raw = others.map((r) => welchTTest(r.times, fastest.times)!.p);
  const corrected = holmByHand(raw);
  const { rows } = await jsonReport(suite('did-not-fit.json'));
  const markdown = (await runClient(['report', suite('did-not-fit.json')])).stdout;
  assert.doesNotMatch(markdown, /within noise/);
  let notShown = 0;
  others.forEach((result, i) => {
    const row = rows.find((r) => r.strategy === result.command)!;
    close(row.pVsFastest, corrected[i]!, `${result.command} Holm p`);
    close(row.pVsFastestUncorrected, raw[i]!, `${result.command} uncorrected p`);
    const line = markdown.split('\n').find((l) => l.includes(`times faster than '${result.command}'`))!;
    assert.ok(line, `a summary line for ${result.command}`);
    assert.match(line, /Welch's t-test, 3 \+ 3 runs, over 3 comparisons\)/);
    const equivalence = equivalenceTest(result.times, fastest.times, 0.05)!;
    if (corrected[i]! >= 0.05) {
      notShown++;
      assert.match(line, /, but no difference shown \(Holm-corrected p = /, line);
      // Equal only where TOST (±5% of the fastest's mean) passes; here it does not.
      assert.equal(equivalence.equivalent, false);
      assert.match(line, /, not told apart \(TOST ±5%: p = [\d.]+\)$/, line);
      close(row.tostPVsFastest, equivalence.p, `${result.command} TOST p`);
      assert.equal(row.verdictVsFastest, 'not told apart');
    } else {
      assert.match(line, /, Holm-corrected p = .*\)$/, line);
      assert.doesNotMatch(line, /no difference shown|TOST/, line);
      assert.equal(row.tostPVsFastest, null);
      assert.equal(row.verdictVsFastest, 'slower');
    }
  });
  // threads-recreate: p = 0.061 uncorrected, 0.12 corrected: the correction decides its verdict.
  assert.ok(raw.some((p, i) => p < 0.1 && corrected[i]! >= 0.05) && notShown > 0 && notShown < others.length, 'the fixture has both kinds of verdict');
  assert.equal(rows.find((r) => r.strategy === fastest.command)!.pVsFastest, null);
  assert.equal(rows.find((r) => r.strategy === fastest.command)!.verdictVsFastest, 'fastest');
  const csv = await runClient(['report', suite('did-not-fit.json'), '--format', 'csv']);
  const [header, ...lines] = csv.stdout.trim().split('\n');
  const columns = header!.split(',');
  const asyncMap = lines.find((line) => line.startsWith('async-map,'))!.split(',');
  close(Number(asyncMap[columns.indexOf('p_vs_fastest')]), corrected[others.findIndex((r) => r.command === 'async-map')]!, 'csv Holm p');
  assert.equal(asyncMap[columns.indexOf('verdict_vs_fastest')], 'not told apart');
});

test("equal only by the equivalence test: two strategies within 1% of each other read 'equal within ±5% (TOST p = …)'", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-equal-'));
  try {
    // Ten runs each, 0.3% apart, spread ±2%: no difference shown, and TOST passes.
    const times = (base: number) => Array.from({ length: 10 }, (_, i) => base * (1 + ((i % 5) - 2) * 0.01));
    const entry = (command: string, t: number[]) => {
      const sortedTimes = [...t].sort((a, b) => a - b);
      const m = t.reduce((a, b) => a + b, 0) / t.length;
      return { command, mean: m, stddev: Math.sqrt(t.reduce((a, x) => a + (x - m) ** 2, 0) / (t.length - 1)), median: median(t), min: sortedTimes[0], max: sortedTimes[t.length - 1], times: t };
    };
    const [a, b, c] = [times(0.3), times(0.3009), times(0.45)];
    await writeFile(join(dir, 'run.json'), JSON.stringify({ results: [entry('async-for', a), entry('async-map', b), entry('threads-reuse', c)] }));
    const expected = equivalenceTest(b, a, 0.05)!;
    assert.ok(expected.equivalent && welchTTest(b, a)!.p >= 0.05, 'the data is what the test needs');
    const done = await runClient(['report', join(dir, 'run.json')]);
    assert.equal(done.code, 0, done.stderr);
    const line = done.stdout.split('\n').find((l) => l.includes("times faster than 'async-map'"))!;
    assert.match(line, /, but no difference shown \(Holm-corrected p = [\d.]+; Welch's t-test, 10 \+ 10 runs, over 2 comparisons\), equal within ±5% \(TOST p = /, line);
    const { rows } = await jsonReport(join(dir, 'run.json'));
    const row = rows.find((r) => r.strategy === 'async-map')!;
    close(row.tostPVsFastest, expected.p, 'TOST p');
    assert.equal(row.verdictVsFastest, 'equal within ±5%');
    assert.equal(rows.find((r) => r.strategy === 'threads-reuse')!.verdictVsFastest, 'slower');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a busy machine is marked with its figures, at start or at end; a quiet one is not; load at end and governor are shown', async () => {
  const busy = await runClient(['report', suite('did-not-fit.json')]);
  assert.match(busy.stdout, /\*\*measured on a busy machine: load 38\.2 at start, 34\.1 at end, 2 cores\.\*\*/);
  assert.match(busy.stdout, /^\| Load average at end \(1\/5\/15 min\) \| 34\.14 \/ 25\.66 \/ 14\.99 \|$/m);
  assert.match(busy.stdout, /^\| CPU frequency governor \| not readable \|$/m, 'recorded as null: said, not hidden');
  await withRun('did-not-fit', (meta) => {
    meta.loadAverage = [0.4, 0.3, 0.2];
    meta.loadAverageAtEnd = [1.9, 0.5, 0.3];
    meta.cpuGovernor = 'performance';
  }, async (file) => {
    const done = await runClient(['report', file]);
    assert.doesNotMatch(done.stdout, /busy/);
    assert.match(done.stdout, /^\| CPU frequency governor \| performance \|$/m);
    const json = JSON.parse((await runClient(['report', file, '--format', 'json'])).stdout) as { runs: { machineLoad: Record<string, unknown> }[] };
    assert.deepEqual(json.runs[0]!.machineLoad, { atStart: 0.4, atEnd: 1.9, cpuCount: 2, otherCores: null, busy: false });
  });
  await withRun('did-not-fit', (meta) => {
    meta.loadAverage = [0.4, 0.3, 0.2];
    meta.loadAverageAtEnd = [2.5, 0.5, 0.3];
  }, async (file) => {
    assert.match((await runClient(['report', file])).stdout, /\*\*measured on a busy machine: load 0\.4 at start, 2\.5 at end, 2 cores\.\*\*/);
  });
  await withRun('did-not-fit', (meta) => {
    // An older record: no load at end.
    meta.loadAverage = [3.4, 1, 1];
    delete meta.loadAverageAtEnd;
  }, async (file) => {
    assert.match((await runClient(['report', file])).stdout, /\*\*measured on a busy machine: load 3\.4 at start, 2 cores\.\*\*/);
  });
});

test('how the run was started, when it finished and why it ended early are labelled rows of the environment table', async () => {
  await withRun('did-not-fit', (meta) => {
    meta.command = 'scripts/run.sh node -r 3';
    meta.finishedAt = '2026-11-27T18:40:00.000Z';
    meta.incomplete = 'stopped by SIGTERM';
  }, async (file) => {
    const done = await runClient(['report', file]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^\| Started by \| scripts\/run\.sh node -r 3 \|$/m);
    assert.match(done.stdout, /^\| Finished at \(UTC\) \| 2026-11-27T18:40:00\.000Z \|$/m);
    assert.match(done.stdout, /^\| Ended early \| stopped by SIGTERM \|$/m);
    assert.doesNotMatch(done.stdout, /^\| (command|finishedAt|incomplete) \|/m, 'no raw field names');
  });
});

test('the settings each strategy was measured with, and why', async () => {
  await withRun('did-not-fit', (meta) => {
    meta.settings = { 'threads-recreate': { warmup: 0, runs: 3, reason: 'one run takes 12.1 s: no warmup, runs from the 60 s budget' }, 'async-for': { warmup: 1, runs: 3, reason: '-w/-r as given' } };
  }, async (file) => {
    const done = await runClient(['report', file]);
    assert.match(done.stdout, /## Settings used/);
    assert.match(done.stdout, /^\| threads-recreate \| 0 \| 3 \| one run takes 12\.1 s: no warmup, runs from the 60 s budget \|$/m);
    assert.match(done.stdout, /^\| async-for \| 1 \| 3 \| -w\/-r as given \|$/m);
    assert.doesNotMatch(done.stdout, /^\| settings \|/m, 'not dumped again as raw JSON in the environment table');
  });
  await withRun('did-not-fit', (meta) => delete meta.settings, async (file) => {
    assert.doesNotMatch((await runClient(['report', file])).stdout, /## Settings used/);
  });
});

test('a strategy that did not fit is a row with the figures and the way out, in markdown, json and csv', async () => {
  const done = await runClient(['report', suite('did-not-fit.json')]);
  assert.equal(done.code, 0, done.stderr);
  const out = done.stdout;
  // In the table, where the run planned it (between threads-reuse and async-for).
  assert.match(out, /^\| threads-reuse \|.*\n\| threads-map \| did not fit \(see below\) \| – \| – \| – \| – \| – \| – \| 0 \|\n\| \*\*async-for\*\* \|/m);
  assert.match(
    out,
    /\*\*threads-map: did not fit\*\*: needs about 380 MiB and 1,500 memory mappings for 20 worker threads at once; this machine has 22\.6 GiB available, vm\.max_map_count 65,530 and a cap of 8 threads \(BENCHMARK_MAX_THREADS\)\. Way out: At most 8 worker threads fit here/,
  );
  assert.doesNotMatch(out + done.stderr, /not measured|incomplete/, 'a result, not a stopped run');
  const { rows } = await jsonReport(suite('did-not-fit.json'));
  const row = rows.find((r) => r.strategy === 'threads-map')!;
  assert.equal(row.status, 'did not fit');
  assert.equal(row.mean, null);
  assert.equal((row.notFit as { needMaps: number }).needMaps, 1500);
  const csv = (await runClient(['report', suite('did-not-fit.json'), '--format', 'csv'])).stdout;
  assert.match(csv, /^threads-map,cap of 8 threads,did not fit,,.*,"did not fit: needs about 380 MiB/m);
  // Older records only list parameters.skipped: still named, as before.
  await withRun('did-not-fit', (meta) => delete meta.notMeasured, async (file) => {
    const older = await runClient(['report', file]);
    assert.match(older.stdout, /\*\*not measured: threads-map\*\* \(left out before timing/);
    assert.doesNotMatch(older.stdout, /did not fit/);
  });
});

test('ours and the Python original side by side: ratio with its error and Welch, and each side threads over async-for', async () => {
  const results = await exportOf('side-by-side-our-server');
  const get = (name: string) => results.find((r) => r.command === name)!;
  const done = await runClient(['report', suite('side-by-side-our-server.json'), suite('side-by-side-original-server.json')]);
  assert.equal(done.code, 0, done.stderr);
  const out = done.stdout;
  assert.match(out, /## Ours and the Python original, side by side/);
  assert.match(out, /### our server \(server: ours\)/);
  assert.match(out, /### the original's server \(server: original\)/);
  // async-for on our server: original mean / ours mean, error as hyperfine propagates it.
  const ours = get('async-for');
  const original = get('original-async-for');
  const ratio = original.mean / ours.mean;
  const sigma = ratio * Math.hypot(original.stddev / original.mean, ours.stddev / ours.mean);
  // The run's pairs are one question (which client is faster?): Holm over the five.
  const strategies = ['threads-recreate', 'threads-reuse', 'threads-map', 'async-for', 'async-map'];
  const raw = strategies.map((name) => welchTTest(get(`original-${name}`).times, get(name).times)!.p);
  const corrected = holmByHand(raw)[strategies.indexOf('async-for')]!;
  const welch = welchTTest(original.times, ours.times)!;
  const section = out.slice(out.indexOf('### our server'), out.indexOf("### the original's server"));
  const line = section.split('\n').find((l) => l.startsWith('| async-for |'))!;
  assert.ok(line.includes(`| ${ratio.toFixed(2)} ± ${sigma.toFixed(2)} |`), line);
  if (corrected >= 0.05) {
    assert.ok(line.includes(`| no difference shown (Holm-corrected p = ${corrected.toFixed(3)}; Welch's t-test, 5 + 5 runs, over 5 comparisons), `), line);
    assert.match(line, /, (equal within ±5% \(TOST p = [\d.e-]+\)|not told apart \(TOST ±5%: p = [\d.e-]+\)) \|$/, line);
  } else {
    assert.ok(line.includes('faster: Holm-corrected p = '), line);
  }
  assert.doesNotMatch(out, /within noise/);
  // Threads over async-for on each side, in the same run.
  const reuse = section.split('\n').find((l) => l.startsWith('| threads-reuse |') && l.split('|').length === 5)!;
  assert.ok(reuse, 'the threads-vs-async row');
  const oursRatio = get('threads-reuse').mean / ours.mean;
  const theirRatio = get('original-threads-reuse').mean / original.mean;
  assert.ok(reuse.includes(`| ${oursRatio.toFixed(2)} ± `) && reuse.includes(`| ${theirRatio.toFixed(2)} ± `), reuse);
  const { sideBySide } = await jsonReport(suite('side-by-side-our-server.json'));
  const pair = (sideBySide[0]!.originalOverOurs as { strategy: string; ratio: number; p: number; runs: number[] }[]).find((p) => p.strategy === 'async-for')!;
  close(pair.ratio, ratio, 'json ratio');
  close(pair.p, corrected, 'json p, Holm-corrected');
  close((pair as unknown as { pUncorrected: number }).pUncorrected, welch.p, 'json p before the correction');
  assert.deepEqual(pair.runs, [5, 5]);
  // Without the original's strategies there is no such section.
  assert.doesNotMatch((await runClient(['report', suite('did-not-fit.json')])).stdout, /side by side/);
});

test("the Python original's own export (run.sh) reads as its strategies in the table", async () => {
  const done = await runClient(['report', suite('python-original.json')]);
  assert.equal(done.code, 0, done.stderr);
  for (const name of ['threads-recreate', 'threads-reuse', 'threads-map', 'async-for', 'async-map']) {
    assert.match(done.stdout, new RegExp(`^\\| (\\*\\*)?${name}(\\*\\*)? \\|`, 'm'), name);
  }
  assert.doesNotMatch(done.stdout, /python3 benchmark\.py/);
});

test('exports with negative or infinite times are refused (exit 2, one line), never reported', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-negative-'));
  try {
    const results = await exportOf('did-not-fit');
    const cases: Record<string, string> = {
      'negative-mean.json': JSON.stringify({ results: [{ ...results[0], mean: -1.2 }] }),
      'negative-time.json': JSON.stringify({ results: [{ ...results[0], times: [0.3, -0.01, 0.3] }] }),
      'infinite-max.json': JSON.stringify({ results: [results[0]] }).replace(/"max":[^,]+/, '"max":1e999'),
    };
    for (const [name, text] of Object.entries(cases)) {
      await writeFile(join(dir, name), text);
      const done = await runClient(['report', join(dir, name), '--output', join(dir, 'out')]);
      assert.equal(done.code, 2, `${name}: ${done.stderr}`);
      assert.match(done.stderr, /^error: .*(must be >= 0|must be number or null|must be number), got (-1\.2|-0\.01|Infinity)\n$/, name);
      assert.equal(done.stdout, '');
    }
    await assert.rejects(readFile(join(dir, 'out', 'negative-mean.report.md')), 'nothing written');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('busy is judged by the CPU others used when the record has it, not by the load at the end (the run\'s own threads raise it)', async () => {
  type RunRecord = typeof import('../../src/report/run-record.ts');
  const { machineLoad, describeBusy } = await dist<RunRecord>('report/run-record.js');
  const quiet = { otherCores: 0.02, otherSeconds: 6, wallSeconds: 300, ownSeconds: 590, machineBusySeconds: 596 };
  assert.equal(machineLoad([0.3, 0.2, 0.1], [35.2, 20, 8], 2, quiet).busy, false, 'a high load at the end from our own threads is not other work');
  assert.equal(machineLoad([0.3, 0.2, 0.1], [35.2, 20, 8], 2).busy, true, 'without the accounting, the load at the end still decides (older records)');
  const noisy = machineLoad([0.3, 0.2, 0.1], [1.1, 1, 1], 2, { ...quiet, otherCores: 0.4 });
  assert.equal(noisy.busy, true);
  assert.match(describeBusy(noisy), /other processes used 0\.40 cores meanwhile/);
  assert.equal(machineLoad([3.5, 2, 1], [1, 1, 1], 2, quiet).busy, false, 'a load at start from work that ended (a previous run) is not other work when the accounting says so');
  assert.equal(machineLoad([3.5, 2, 1], [1, 1, 1], 2).busy, true, 'without the accounting, the load at start decides (older records)');
});

test('the A/A control: its own section with ratio, Welch p and TOST, the count of p < 0.05; the copy is a row, never the fastest nor in the family', async () => {
  // A real run where the copy (async-for (A/A)) had the lowest mean: without the rule it would be "the fastest".
  const results = await exportOf('aa-control');
  const [original, copy] = [results.find((r) => r.command === 'async-for')!, results.find((r) => r.command === 'async-for (A/A)')!];
  assert.ok(copy.mean < Math.min(...results.filter((r) => r !== copy).map((r) => r.mean)), 'the fixture: the copy has the lowest mean');
  const done = await runClient(['report', suite('aa-control.json')]);
  assert.equal(done.code, 0, done.stderr);
  const out = done.stdout;
  // The results table: the copy's own row, marked; the fastest is the real async-for.
  assert.match(out, /^\| \*\*async-for\*\* \| .* \| 1\.00 \| 5 \|$/m);
  assert.match(out, /^\| async-for \(A\/A\) · A\/A control \| /m);
  // The summary: the copy is neither the reference nor a line; the family is the other two.
  const summary = out.slice(out.indexOf('```'), out.indexOf('```', out.indexOf('```') + 3));
  assert.match(summary, /^'async-for' ran$/m);
  assert.doesNotMatch(summary, /A\/A/);
  assert.match(summary, /over 2 comparisons/);
  // The section: ratio, interval, Welch's p (uncorrected: each A/A pair on its own), TOST, the count.
  const welch = welchTTest(copy.times, original.times)!;
  const tost = equivalenceTest(copy.times, original.times, 0.05)!;
  const section = out.slice(out.indexOf('## The A/A control'), out.indexOf('## What each strategy did'));
  assert.match(section, /about 1 A\/A test in 20 comes out "different" by chance/);
  const line = section.split('\n').find((l) => l.startsWith('| async-for |'))!;
  assert.ok(line.includes(`| ${(copy.mean / original.mean).toFixed(2)} ± `), line);
  assert.ok(line.includes(`| p = ${welch.p.toFixed(3)} (5 + 5 runs) |`), line);
  assert.ok(line.includes(tost.equivalent ? `equal within ±5% (TOST p = ` : `not shown equal (TOST p = ${tost.p.toFixed(3)})`), line);
  assert.match(section, new RegExp(`^${welch.p < 0.05 ? 1 : 0} of 1 A/A test came out p < 0\\.05 \\(expected by chance: about 1 in 20\\)\\.$`, 'm'));
  // JSON: the aaControl list; the copy's row is marked and untested against the fastest.
  const json = JSON.parse((await runClient(['report', suite('aa-control.json'), '--format', 'json'])).stdout) as { aaControl: Record<string, unknown>[]; rows: Row[] };
  assert.equal(json.aaControl.length, 1);
  const pair = json.aaControl[0]!;
  assert.equal(pair.strategy, 'async-for');
  assert.equal(pair.control, 'async-for (A/A)');
  close(pair.ratio, copy.mean / original.mean, 'A/A ratio');
  close(pair.p, welch.p, 'A/A p');
  close((pair.equivalence as { p: number }).p, tost.p, 'A/A TOST p');
  assert.equal(pair.significant, welch.p < 0.05);
  const copyRow = json.rows.find((r) => r.strategy === 'async-for (A/A)')!;
  assert.equal(copyRow.isFastest, false);
  assert.equal(copyRow.pVsFastest, null);
  assert.equal(copyRow.aaControlOf, 'async-for');
  assert.equal(copyRow.verdictVsFastest, 'A/A control');
  assert.equal(json.rows.find((r) => r.strategy === 'async-for')!.isFastest, true);
  // Two A/A pairs in a sweep's runs (one per swept value): both listed, counted together.
  const sweep = (await runClient(['report', suite('work-sweep.json')])).stdout;
  assert.match(sweep, /^\d of 2 A\/A tests came out p < 0\.05 \(expected by chance: about 1 in 20\)\.$/m);
  // No A/A pair: no section, no aaControl entries.
  assert.doesNotMatch((await runClient(['report', suite('did-not-fit.json')])).stdout, /A\/A/);
});

test('a report says "within noise" nowhere, for any input', async () => {
  const inputs = ['did-not-fit', 'aa-control', 'work-sweep', 'side-by-side-our-server', 'side-by-side-original-server', 'python-original'].map((name) => suite(`${name}.json`));
  for (const input of inputs) {
    const done = await runClient(['report', input]);
    assert.equal(done.code, 0, done.stderr);
    assert.doesNotMatch(done.stdout, /within noise|beyond noise/i, input);
  }
});

test("the engine's record reads in words: the rounds by seed and count (not their whole order), the runtimes, how requests were checked", async () => {
  const done = await runClient(['report', suite('aa-control.json')]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /^\| Interleaved rounds \| seed 7, 6 rounds \(each round's order in the record\) \|$/m);
  assert.match(done.stdout, /^\| Runtime of the timed clients \| node 24\.22\.3 \(\S+\) \|$/m);
  assert.match(done.stdout, /^\| Requests checked by \| server \/stats \(every command\) \|$/m);
  assert.doesNotMatch(done.stdout, /^\| (rounds|runtime|verifiedBy|serverRuntime|schemaVersion) \|/m, 'no raw field dumped');
});
