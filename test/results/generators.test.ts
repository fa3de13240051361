// The generators' wording follows the data: a ratio with its interval, "no difference shown"
// where the Holm-corrected Welch test does not find one, "not tested" without per-run times; a
// strategy that did not fit is said to; a busy machine is called busy and a quiet one idle; the
// run's command, settings and duration come from its record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dist, fixture } from '../helper.ts';

const { outcomesText, resultsText, suiteCommand } = await dist<typeof import('../../src/results/headline.ts')>('results/headline.js');
const { answerText } = await dist<typeof import('../../src/results/answer.ts')>('results/answer.js');
const { checkSweepResult } = await dist<typeof import('../../src/sweep/result.ts')>('sweep/result.js');
const { pythonText } = await dist<typeof import('../../src/results/python.ts')>('results/python.js');
const { sweepRegion, conditionsRegion, startupRegion } = await dist<typeof import('../../src/results/sweeps.ts')>('results/sweeps.js');
const { harnessText, threadCostText } = await dist<typeof import('../../src/results/benches.ts')>('results/benches.js');
const { shortDiff } = await dist<typeof import('../../src/results/update.ts')>('results/update.js');

type Run = import('../../src/report/run-set.ts').Run;
type Summary = import('../../src/report/outcomes.ts').OutcomeSummary;
type LoadedSweep = import('../../src/results/context.ts').LoadedSweep;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

function result(command: string, times: number[] | null, fallbackMean = 1) {
  const m = times ? mean(times) : fallbackMean;
  return { command, mean: m, stddev: times ? sd(times) : 0.01, median: m, user: m / 2, system: m / 10, min: m, max: m, times, exitCodes: times ? times.map(() => 0) : null, derived: [] };
}

function summary(threads: number, peakRssBytes: number): Summary {
  return {
    measured: 3,
    withOutcome: 3,
    elapsedSeconds: 1,
    latencyP50Ms: 10,
    latencyP99Ms: 20,
    peakRssBytes,
    threads,
    pools: 1,
    connectionsOpened: threads,
    maxConcurrency: threads,
    startupShare: 0.5,
    failedRequests: 0,
  };
}

const QUIET = { loadAverage: [0.2, 0.3, 0.4], loadAverageAtEnd: [0.6, 0.4, 0.4], cpuCount: 2 };
const BUSY = { loadAverage: [3.5, 2, 1], loadAverageAtEnd: [4.1, 3, 2], cpuCount: 2 };

function run(results: ReturnType<typeof result>[], environment: Record<string, unknown>, summaries: [string, Summary][] = []): Run {
  return {
    file: 'x.json',
    results,
    hyperfineVersion: '1.15.0',
    label: 'test',
    environment: {
      node: '24.21.0',
      cpuModel: 'AMD EPYC',
      parameters: { queries: 1000, chunk: 100, runs: 3, warmup: 1, strategies: 'threads-recreate,threads-reuse,threads-map,async-for,async-map', server: '127.0.0.1:8080' },
      ...environment,
    },
    metaFile: 'x.meta.json',
    outcomes: { file: 'x.outcomes.jsonl', status: 'found', summaries: new Map(summaries) },
  };
}

const ASYNC = [0.27, 0.271, 0.272];

/** The synthetic work sweep (test/fixtures/results/work), its async-for A/A'd at every value, warm with in-process times. */
function workSweep() {
  const raw = JSON.parse(readFileSync(fixture('results/work/sweep.json'), 'utf8')) as Record<string, any>;
  const copies = raw.points.filter((p: any) => p.strategy === 'async-for').map((p: any) => ({ ...p, strategy: 'async-for (A/A)', times: p.times.map((t: number) => t * 1.001) }));
  return checkSweepResult({ ...raw, strategies: [...raw.strategies, 'async-for (A/A)'], aa: [['async-for', 'async-for (A/A)']], points: [...raw.points, ...copies] });
}

test('the answer, cold: each thread design against the fastest event-loop strategy, with its interval and Holm-corrected p; did-not-fit and a busy machine said', () => {
  const text = answerText(
    run(
      [
        result('threads-recreate', [0.268, 0.275, 0.271]), // not told apart from async-for
        result('threads-reuse', [5.6, 5.62, 5.58]), // slower beyond noise
        result('async-for', ASYNC),
        result('async-map', [0.29, 0.291, 0.292]),
      ],
      { ...BUSY, notMeasured: [{ strategy: 'threads-map', threads: 1000, needMiB: 17_000, needMaps: 70_000 }] },
      [
        ['threads-reuse', summary(100, 2 * 2 ** 30)],
        ['threads-recreate', summary(1000, 3 * 2 ** 30)],
      ],
    ),
    workSweep(),
  );
  assert.match(text, /^\*\*Cold\*\*, one short-lived process per run .*\(2-core AMD EPYC, Node 24\.21\.0, client and server on one machine over loopback; 1000 requests, chunk 100\): the fastest event-loop strategy, `async-for`, took 0\.271 s;/);
  assert.match(text, /`threads-recreate` 1\.00 times as long, no difference shown \(95% CI [\d.]+–[\d.]+, p = [\d.]+\)/);
  assert.match(text, /`threads-reuse` 20\.7 times as long \(95% CI [\d.]+–[\d.]+, p = [\d.e-]+\)/);
  assert.match(text, /`threads-map` did not fit this machine/);
  // Memory follows the threads held at once: threads-reuse holds 100, threads-recreate 100 too but started first in order, neither 1000.
  assert.match(text, /holds the most threads at once \(100\) and peaked at [\d.]+ GiB\./);
  assert.match(text, /The headline run: a busy machine \(load 3\.5 at start, 4\.1 at end, 2 cores\)/);
  assert.doesNotMatch(text, /within noise/);
});

test('the answer, warm and where threads pay off: from the work sweep, with the A/A controls counted', () => {
  const text = answerText(run([result('threads-reuse', [5.6, 5.62, 5.58]), result('async-for', ASYNC), result('async-for (A/A)', [0.2705, 0.2712, 0.2708])], QUIET), workSweep());
  assert.match(text, /^\*\*Warm\*\*, .*the work sweep's 0 ms point, whole-process time, 1000 requests\): `async-for` took [\d.]+ s; `threads-reuse c=2` [\d.]+ times as long.* and `threads-reuse c=100` [\d.]+ times as long/m);
  assert.match(text, /^\*\*With CPU work per response\*\* .*`threads-reuse c=2` from 1 ms \(between 0\.5 ms and 1 ms\), 1\.53 times as fast as `async-for` there, 95% CI [\d.]+–[\d.]+/m);
  // One pair in the run and one per sweep value: 1 + 4 A/A tests.
  assert.match(text, /The A\/A controls, one command timed twice under two names in the same rounds: \d of 5 tests came out p < 0\.05/);
  assert.match(text, /The headline run: an otherwise idle machine \(load 0\.2 at start, 0\.6 at end, 2 cores\)/);
});

test('results: the command from the record (its own when it has one), settings, duration from the record or the outcomes, did-not-fit', () => {
  const links = { chart: 'r/x.svg', export: 'r/x.json', report: 'r/x.report.md' };
  const base = run([result('threads-reuse', [1, 1.1, 1.2]), result('async-for', ASYNC)], {
    ...QUIET,
    recordedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:06:12.000Z',
    settings: { 'threads-reuse': { warmup: 0, runs: 3, reason: 'slow' }, 'async-for': { warmup: 1, runs: 10, reason: null } },
    notMeasured: [{ strategy: 'threads-map', threads: 1000, needMiB: 17_000, needMaps: 70_000 }],
  });
  const text = resultsText(base, links);
  assert.match(text, /^!\[[^\]]+\]\(r\/x\.svg\)$/m);
  assert.match(text, /^\| threads-map \| did not fit/m);
  assert.match(text, /^- `threads-map` did not fit: needs ~16\.6 GiB, 70,000 mappings/m);
  assert.match(text, /Command: `npm run bench -- -w 1 -r 3 -q 1000 -c 100`; `threads-reuse`: 0 warmups \+ 3 runs; `async-for`: 1 warmup \+ 10 runs \(why each: the full report\)\./);
  assert.match(text, /Ran 2026-12-01 10:00 UTC, 6 min 12 s, on an otherwise idle machine/);
  assert.match(text, /\[Full report\]\(r\/x\.report\.md\), from \[the export\]\(r\/x\.json\)/);

  const fromOutcomes = { ...base, environment: { ...base.environment, finishedAt: undefined }, outcomes: { ...base.outcomes, span: { start: '2026-12-01T10:00:05.000Z', end: '2026-12-01T10:00:50.000Z' } } };
  assert.match(resultsText(fromOutcomes, links), /Ran 2026-12-01 10:00 UTC, 45 s \(from the first and last outcome\)/);
  const neither = { ...base, environment: { ...base.environment, finishedAt: undefined } };
  assert.match(resultsText(neither, links), /Ran start and duration not recorded/);

  assert.equal(suiteCommand({ command: 'scripts/run.sh node -w 0 -r 1' }), 'scripts/run.sh node -w 0 -r 1');
  assert.equal(
    suiteCommand({ parameters: { warmup: 0, runs: 5, queries: 20, chunk: 5, strategies: 'threads-reuse,original-threads-reuse,async-for', server: 'original' } }),
    'npm run bench -- -w 0 -r 5 -q 20 -c 5 -s threads-reuse,async-for --original <checkout of the original> --server original',
  );
});

test('outcomes: the report table, or a sentence when the run has none', () => {
  const withOutcomes = outcomesText(run([result('threads-reuse', [1, 1.1, 1.2]), result('async-for', ASYNC)], QUIET, [['threads-reuse', summary(100, 2 ** 31)]]));
  assert.match(withOutcomes, /^\| Strategy \| In-process \[s\] \| From hand-over p50 \[ms\] \| From hand-over p99 \[ms\] \| Peak RSS \|/);
  assert.match(withOutcomes, /^\| threads-reuse \| 1\.000 \| 10\.0 \| 20\.0 \| 2\.0 GiB \| 100 \|/m);
  const none = { ...run([result('async-for', ASYNC)], QUIET), outcomes: { file: '/somewhere/x.outcomes.jsonl', status: 'missing' as const, summaries: new Map() } };
  assert.equal(outcomesText(none), "No outcomes: the run has no `x.outcomes.jsonl` with our client's outcomes, so nothing to show.");
});

test("python: original ÷ ours per strategy and each side's threads ÷ async-for, worded by Welch, run counts once when shared", () => {
  const side = (environment: Record<string, unknown>, originalThreads: number[]) =>
    run(
      [
        result('threads-reuse', [0.6, 0.61, 0.62]),
        result('original-threads-reuse', originalThreads),
        result('async-for', [0.2, 0.21, 0.2]),
        result('original-async-for', [0.4, 0.41, 0.39]),
      ],
      { ...environment, parameters: { queries: 20, chunk: 5 } },
    );
  const text = pythonText([
    { title: 'our server', run: side(QUIET, [0.59, 0.63, 0.61]), report: 'o.report.md' },
    { title: "the original's server", run: side(BUSY, [0.3, 0.31, 0.3]), report: 'p.report.md' },
  ]);
  // Welch's p of each cell (1.000, 1.3e-5, 5.2e-5, ...), Holm-corrected over every ratio of the region: never smaller.
  assert.match(text, /^\| threads-reuse \| 1\.00 ± 0\.04, no difference shown \(p = 1\.000\) \| 0\.50 ± 0\.01 \(p = 7\.6e-5\) \|$/m);
  assert.match(text, /^\| async-for \| 1\.97 ± 0\.07 \(p = 2\.6e-4\) \| 1\.97 ± 0\.07 \(p = 2\.6e-4\) \|$/m);
  // Threads ÷ own async-for: ours, then the original's, as ranges over both servers, with the largest p.
  assert.match(text, /Within each run, the thread strategies took 3\.00 times \(each p ≤ 4\.1e-5\) as long as our `async-for`, and the original's 0\.76-1\.52 times \(each p ≤ 0\.002\) as long as its own/);
  assert.match(text, /Welch's t-test on 3 \+ 3 runs each, Holm-corrected over every ratio above \(p < 0\.05: the two differ\)\. \[Our server\]\(o\.report\.md\): 20 requests, chunk 5, on an otherwise idle machine .*\[The original's server\]\(p\.report\.md\): 20 requests, chunk 5, on a busy machine/);
});

function sweep(times: Record<string, number[][] | null>, environment: Record<string, unknown> = QUIET): LoadedSweep {
  const values = [1, 2];
  const strategies = Object.keys(times);
  const points = values.flatMap((value, i) =>
    strategies.map((strategy) => {
      const t = times[strategy]?.[i] ?? null;
      const m = t ? mean(t) : [0.5, 5][i] ?? 1;
      return { value, strategy, meanSeconds: m, stddevSeconds: 0, medianSeconds: m, minSeconds: m, maxSeconds: m, runs: 3, requestsPerSecond: 100 / m, export: 'runs/none.json', times: t };
    }),
  );
  const result = {
    kind: 'ntab-sweep' as const,
    version: 1 as const,
    preset: null,
    parameter: 'chunk' as const,
    values,
    strategies,
    fixed: { requests: 100, chunk: 10, delay: '0', rtt: 0, runs: 3, warmup: 1 },
    target: 'own benchmark-server on loopback',
    environment: { node: '24.21.0', ...environment },
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:01:30.000Z',
    loadAverageAtEnd: environment.loadAverageAtEnd === undefined ? '' : String(environment.loadAverageAtEnd),
    points,
  };
  return { result, points };
}

test('sweeps: a ratio\'s difference is "shown" or "no difference shown" by Welch per value, never "within noise", "not tested" without times; busy sweeps say so', () => {
  const differs = sweepRegion(sweep({ 'threads-reuse': [[1, 1.01, 0.99], [5, 5.02, 4.98]], 'async-limit': [[0.5, 0.51, 0.49], [0.5, 0.5, 0.51]] }), [{ kind: 'ratio', a: 'threads-reuse', b: 'async-limit' }]);
  assert.match(differs, /`threads-reuse`'s time over `async-limit`'s at the same C: from 2\.00× \(C = 1\) to 9\.93× \(C = 2\); a difference is shown at every C tested \(Welch's t-test, p < 0\.05, 3 \+ 3 runs per point\)\./);
  assert.doesNotMatch(differs, /busy/);
  const noisy = sweepRegion(sweep({ 'async-chunk': [[0.5, 0.7, 0.3], [0.5, 0.51, 0.49]], 'async-limit': [[0.5, 0.51, 0.49], [0.3, 0.31, 0.29]] }, BUSY), [{ kind: 'ratio', a: 'async-chunk', b: 'async-limit' }]);
  assert.match(noisy, /no difference shown at C = 1 \(Welch's t-test, p < 0\.05, 3 \+ 3 runs per point\), shown elsewhere\./);
  assert.doesNotMatch(differs + noisy, /noise/);
  assert.match(noisy, /^- Measured on a busy machine \(load 3\.5 at start, 4\.1 at end, 2 cores\): compare lines within this table/m);
  const untested = sweepRegion(sweep({ 'threads-reuse': null, 'async-limit': null }), [{ kind: 'ratio', a: 'threads-reuse', b: 'async-limit' }, { kind: 'extremes', strategy: 'threads-reuse' }]);
  assert.match(untested, /not tested: this sweep kept no per-run times\./);
  assert.match(untested, /`threads-reuse` was fastest at C = 1 \(0\.500 s\) and slowest at C = 2 \(5\.000 s\)\./);
  assert.match(untested, /^\| C \| threads-reuse \| async-limit \|$/m);
});

test('sweep conditions and start-up: from the data, the busy ones named as such', () => {
  const quiet = sweep({ 'async-for': [[0.3, 0.31, 0.29], [0.3, 0.3, 0.3]], noop: [[0.05, 0.05, 0.05], [0.06, 0.06, 0.06]] });
  const busy = sweep({ 'async-for': [[0.3, 0.31, 0.29], [0.3, 0.3, 0.3]] }, BUSY);
  const conditions = conditionsRegion([
    { name: 'quiet', sweep: quiet },
    { name: 'busy', sweep: busy },
  ]);
  assert.match(conditions, /^\| `quiet` \| 2026-12-01 10:00 UTC, 1 min 30 s \| 0\.2 \/ 0\.6 \| 2 \| 24\.21\.0 \| 1 \+ 3 \|$/m);
  assert.match(conditions, /^\| `busy` \| .* \| 3\.5 \/ 4\.1 \(busy\) \|/m);
  assert.match(conditions, /^1 of 2 sweeps ran on a busy machine/m);
  assert.match(conditionsRegion([{ name: 'quiet', sweep: quiet }]), /^Every sweep ran with the 1-minute load at or below the core count/m);
  assert.equal(startupRegion([quiet, busy], 'threads-reuse', ['async-for']), "`noop` took 0.050 s–0.060 s at each of its 2 points in 1 sweep. At the same points that is 17%–20% of an event-loop strategy's time (`async-for`).");
});

test('bench figures: the goals met or not from the data, a --quick pass and a busy machine said', () => {
  const harness = JSON.parse(readFileSync(fixture('results/harness-quick.json'), 'utf8')) as Record<string, unknown>;
  const text = harnessText('harness.json', harness);
  assert.match(text, /^Measured by `npm run bench:harness` on a 2-core AMD EPYC with Node v24\.21\.0: a busy machine \(load 0\.5 at start, 3\.3 at end, 2 cores\)\. It was a `--quick` pass, too short to publish\./);
  assert.match(text, /^\| Worker spawn-to-ready \(the strategies' pool\) \| 32\.3 ms vs an empty `new Worker` 18\.1 ms \| 1\.78 \| <= 1\.2 \| \*\*no\*\* \|$/m);
  assert.match(text, /^\| Server headroom \| 60,752 req\/s vs bare `node:http` 65,989 \(autocannon, 100 connections\) \| 0\.92 \| >= 0\.9 \| yes \|$/m);
  const full = { ...harness, quick: false, workers: { ...(harness.workers as object), ratio: 1.1 } };
  const fullText = harnessText('harness.json', full);
  assert.doesNotMatch(fullText, /--quick/);
  assert.match(fullText, /^\| Worker spawn-to-ready .* \| 1\.10 \| <= 1\.2 \| yes \|$/m);
  assert.throws(() => harnessText('harness.json', { ...harness, startup: {} }), /harness\.json: startup\.noopMs is not a number/);

  const options = JSON.parse(readFileSync(fixture('results/worker-options-quick.json'), 'utf8')) as Record<string, unknown>;
  const cost = threadCostText('worker-options.json', options);
  assert.match(cost, /With the default worker options \(`lean`\) each live thread costs about 15\.6 MiB while it makes requests \(14\.4 MiB idle\) and 56 memory mappings/);
  assert.match(cost, /^\| \*\*lean\*\* \(default\) \| 14\.4 \/ 15\.6 \| 51 \/ 56 \| 41\.9 \| 1\.19, 1\.19, 1\.20 \|$/m);
  assert.match(cost, /one round cannot tell a slowdown from noise\.$/);
});

test('the short diff marks the text as it stands with - and the regenerated text with +', () => {
  assert.equal(shortDiff('a\nb\nc', 'a\nx\nc'), '- b\n+ x');
  const long = shortDiff(Array.from({ length: 20 }, (_, i) => `old ${i}`).join('\n'), 'new');
  assert.match(long, /\.\.\. 9 more changed lines$/);
});

test('runtimes: each thread design ÷ the event loop per runtime, cold and warm, Holm over the table; n.s. where not shown; the Node trend tested end to end', async () => {
  const { runtimesText } = await dist<typeof import('../../src/results/runtimes.ts')>('results/runtimes.js');
  const runtime = (name: string) => ({ runtime: { name }, serverRuntime: 'node 24.22.3', ...QUIET });
  const cold = (name: string, reuse: number[]) =>
    run([result('threads-reuse', reuse), result('threads-async', [0.2705, 0.2712, 0.2708, 0.2701]), result('async-for', [0.27, 0.271, 0.272, 0.2705])], runtime(name));
  const runs = [cold('node 22.23.5', [5.6, 5.62, 5.58, 5.61]), cold('node 24.22.3', [5.6, 5.63, 5.57, 5.6]), cold('bun 1.4.5', [2.8, 2.81, 2.79, 2.8])];
  // The warm sweep over the runtimes: threads-reuse c=2 three times as long everywhere, threads-async like async-for.
  const values = [1, 2, 3];
  const labels = { 1: 'node 22.23.5', 2: 'node 24.22.3', 3: 'bun 1.4.5' };
  const times: Record<string, number[]> = { 'threads-reuse c=2': [0.45, 0.451, 0.449, 0.45], 'threads-async': [0.15, 0.152, 0.149, 0.151], 'async-for': [0.15, 0.151, 0.149, 0.152] };
  const points = values.flatMap((value) =>
    Object.entries(times).map(([strategy, t]) => ({ value, strategy, meanSeconds: mean(t), stddevSeconds: sd(t), medianSeconds: mean(t), minSeconds: 0.1, maxSeconds: 0.5, runs: 4, requestsPerSecond: 1000 / mean(t), export: 'runs.json', times: t })),
  );
  const sweep = checkSweepResult({
    kind: 'ntab-sweep', schemaVersion: 2, preset: null, parameter: 'runtime', values, labels, strategies: Object.keys(times),
    fixed: { requests: 1000, chunk: 100, delay: '0', rtt: 0, runs: 4, warmup: 1, warm: true }, target: 'own benchmark-server on loopback',
    environment: { ...QUIET }, startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:01:30.000Z', runs: 'runs.json', points,
  });
  const threads = {
    kind: 'ntab-runtime-threads' as const, schemaVersion: 1, recordedAt: '2026-12-01T10:00:00.000Z', threads: 50, rounds: 5,
    machine: { cpus: 2, loadAtStart: [0.1], loadAtEnd: [0.3] },
    results: [{ runtime: 'bun 1.4.5', engine: 'JavaScriptCore', perThread: { busyMiB: 9.8, busyMaps: 5, spawnToReadyMs: 30.5, failedRequests: 0 as const }, emptyWorker: { idleMiB: 3.2, spawnToReadyMs: 20 } }],
  };
  const text = runtimesText(runs, sweep, threads, { reports: [['node22', 'a.report.md']], sweep: 's.md' });
  assert.match(text, /^The same client under each runtime, our server on node 24\.22\.3\./m);
  assert.match(text, /^\| Runtime \| Cold: event loop \| `threads-reuse` \| `threads-async` \| Warm: event loop \| `threads-reuse c=2` \| `threads-async` \|$/m);
  // 3 runtimes x (2 cold + 2 warm) comparisons, corrected together; threads-async is no different anywhere.
  assert.match(text, /Welch, Holm over the 12 comparisons/);
  assert.match(text, /^\| bun 1\.4\.5 \| `async-for` 0\.271 s \| 10\.3× \(10\.3–10\.4\) \| 1\.00× \(\d\.\d\d–\d\.\d\d\), n\.s\. \| `async-for` 0\.150 s \| 2\.99× \(2\.95–3\.03\) \| 1\.00× \(\d\.\d\d–\d\.\d\d\), n\.s\. \|$/m);
  assert.match(text, /^6 of 12 comparisons show a thread design slower than the event loop/m);
  assert.match(text, /^\| bun 1\.4\.5 \| JavaScriptCore \| 30\.5 \| 9\.8 \| 5 \|$/m);
  // The Node trend: 22 -> 24 only, the same times, so no difference shown.
  assert.match(text, /\*\*Node 22\.23\.5 → 24\.22\.3\*\*: cold `async-for` 0\.271 → 0\.271 s \(24 ÷ 22: 1\.00, 95% CI [\d.]+–[\d.]+, p = [\d.]+, no difference shown\)/);
  assert.match(text, /The cold runs: 3 of 3 on an otherwise idle machine/);
  // Points without in-process times: the sweep's whole-process times, said so.
  assert.match(text, /warm: whole-process times of \[the runtime sweep\]\(s\.md\)/);
  assert.match(text, /^A worker thread's cost \(`npm run bench:runtime-threads`, 50 threads, median of 5 rounds, load 0\.1 at start\):$/m);
});
