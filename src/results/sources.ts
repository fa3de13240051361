// The one list of generated regions: for each region of README.md and docs/*.md, the committed data it is made
// from, the command that produces that data, and its generator. `npm run results` fills every region from this
// list; a region missing here is an error. docs/results/README.md describes the same files for people.
import type { Context, DataFile } from './context.js';
import { runFiles } from '../common/run-files.js';
import { harnessText, threadCostText } from './benches.js';
import { aaWords, answerText, runAaTests, sweepAaTests } from './answer.js';
import { markdownTable } from '../report/format-markdown.js';
import { outcomesText, resultsText } from './headline.js';
import { STRATEGIES } from '../strategies/registry.js';
import { pythonText } from './python.js';
import { pinnedRuntimes } from '../environment/runtime.js';
import { runtimesText } from './runtimes.js';
import { RuntimeThreadsSchema } from './schemas.js';
import { checked } from '../common/json.js';
import { conditionsRegion, crossoverRegion, startupRegion, sweepRegion, type SweepClaim } from './sweeps.js';

export interface Source {
  /** The Markdown file, relative to the repository root. */
  file: string;
  region: string;
  /** Every file the generator reads; a missing one stops the command, naming it and its command. */
  data: DataFile[];
  generate(context: Context): Promise<string>;
  /** Set while the data is a stand-in (not a measurement to publish): why. The region says so. */
  placeholder?: string;
  /** Set while the data cannot exist yet: the region says what will produce it instead of failing. */
  pending?: string;
}

/** A suite run, `npm run bench -- FLAGS -o docs/results/NAME.json`: its files, those the regions read or link first. */
function suiteRun(name: string, flags: string) {
  const files = runFiles(`docs/results/${name}.json`);
  const producedBy = `npm run bench -- ${flags} -o ${files.export}`;
  const data = [files.export, files.meta, files.outcomes, files.chart, files.report].map((path) => ({ path, producedBy }));
  return { name, path: files.export, files, data };
}

const CLI = 'node dist/client/cli.js';
/** A sweep, `node dist/client/cli.js sweep ARGS -o docs/sweeps/NAME` (after `wrapper`): its directory and the files the regions read. */
function sweepRun(name: string, args: string, wrapper = '') {
  const dir = `docs/sweeps/${name}`;
  const producedBy = `${wrapper}${CLI} sweep ${args} -o ${dir}`;
  return { name, dir, data: ['sweep.json', 'chart.svg'].map((file) => ({ path: `${dir}/${file}`, producedBy })) };
}

// The headline run: `npm run bench` with the suite's defaults and the A/A control, on an idle machine.
const HEADLINE = suiteRun('headline/node24', '--aa');
// The Python original side by side: both clients, against each server in turn.
const ORIGINAL = (['ours', 'original'] as const).map((server) =>
  suiteRun(`original/${server}-server`, `--original <checkout of the original> --python /usr/bin/python3 --server ${server} --aa`),
);
// Is it Node, or JavaScript? A headline-sized run per pinned runtime (the thread designs in use and the
// event loop: threads-recreate and threads-map, a thread per request, are the headline's), the warm runtime
// sweep, a thread's cost under each.
const RUNTIME_NAMES = Object.keys(pinnedRuntimes());
const RUNTIME_STRATEGIES = 'threads-reuse,threads-async,async-offload,async-for,async-map';
const RUNTIMES = RUNTIME_NAMES.map((name) => suiteRun(`runtimes/${name}`, `--runtime ${name} -s ${RUNTIME_STRATEGIES} --aa`));
const RUNTIME_SWEEP = sweepRun(
  'runtimes',
  `--param runtime --values ${RUNTIME_NAMES.join(',')} --warm -s 'threads-reuse c=2,threads-async,async-offload,async-for' --aa`,
);
const RUNTIME_THREADS = 'docs/results/runtime-threads.json';
const RUNTIME_DATA: DataFile[] = [
  ...RUNTIMES.flatMap((run) => run.data),
  ...RUNTIME_SWEEP.data,
  { path: RUNTIME_THREADS, producedBy: `npm run bench:runtime-threads -- --runtimes ${RUNTIME_NAMES.join(',')} --output ${RUNTIME_THREADS}` },
];
const WORK = sweepRun('work', '--preset work --aa');
// Where a checkout has no work sweep yet (removed to measure again), the region says what makes it.
const WORK_PENDING = 'the `work` sweep';

// The sweeps behind docs/sweeps.md, each made by the command beside it.
const SWEEPS = [
  sweepRun('concurrency', '--preset concurrency --aa'),
  sweepRun('barrier', '--param chunk --values 10,50,100 --delay uniform:0,40 -s threads-reuse,async-chunk,async-limit -q 500 -r 3 -w 1 --aa'),
  sweepRun('latency', '--preset latency --aa'),
  sweepRun('rtt', '--preset rtt --aa'),
  sweepRun(
    'netns-rtt2',
    '--target env --param chunk --values 1,4,16,64 -s threads-recreate,threads-reuse,async-chunk,async-limit,noop -q 256 -r 2 -w 1 --aa',
    'sudo scripts/netns-run.sh --rtt 2 -- ',
  ),
];
const SWEEP_DATA = SWEEPS.flatMap((sweep) => sweep.data);

/** The event-loop strategies, by the registry's side: every one the sweeps ran is counted. */
const EVENT_LOOP = STRATEGIES.filter((entry) => entry.side === 'event loop').map((entry) => entry.name);

const ratio = (a: string, b: string): SweepClaim => ({ kind: 'ratio', a, b });
const extremes = (strategy: string): SweepClaim => ({ kind: 'extremes', strategy });
const GROWTH: SweepClaim = { kind: 'growth', strategies: ['async-limit', 'async-for', 'threads-reuse'] };

/** docs/sweeps.md: one region per sweep, with the claims its prose relies on. */
const SWEEP_CLAIMS: Record<string, SweepClaim[]> = {
  concurrency: [{ kind: 'span', strategies: EVENT_LOOP }, extremes('threads-reuse'), ratio('threads-reuse', 'async-chunk'), ratio('async-chunk', 'async-limit')],
  barrier: [ratio('async-chunk', 'async-limit'), { kind: 'barrier', chunked: 'async-chunk', free: 'async-limit' }, ratio('threads-reuse', 'async-limit')],
  latency: [GROWTH, extremes('threads-reuse'), ratio('threads-reuse', 'async-limit')],
  rtt: [GROWTH, extremes('threads-reuse'), ratio('threads-reuse', 'async-limit')],
  'netns-rtt2': [extremes('async-limit'), extremes('threads-reuse'), ratio('threads-reuse', 'async-limit'), ratio('threads-recreate', 'async-limit'), ratio('threads-recreate', 'threads-reuse')],
};

/** docs/methodology.md's region of a harness benchmark's committed output. */
function bench(region: string, path: string, script: string, text: (file: string, data: Record<string, unknown>) => string): Source {
  return { file: 'docs/methodology.md', region, data: [{ path, producedBy: `npm run ${script} -- --output ${path}` }], generate: async (context) => text(path, await context.json(path)) };
}

/** docs/results/README.md: each committed measurement's A/A tests, and how many came out p < 0.05. */
async function aaRegion(context: Context): Promise<string> {
  const rows = await Promise.all([
    ...[HEADLINE, ...ORIGINAL, ...RUNTIMES].map(async (run) => ({ what: `\`${run.name}\``, ps: runAaTests(await context.run(run.path)) })),
    ...[WORK, RUNTIME_SWEEP, ...SWEEPS].map(async ({ name, dir }) => ({ what: `\`../sweeps/${name}/\``, ps: sweepAaTests((await context.sweep(dir)).result) })),
  ]);
  const all = rows.flatMap((r) => r.ps);
  return [
    markdownTable(['measurement', 'A/A tests', 'p < 0.05'], ['l', 'r', 'r'], rows.map((r) => [r.what, String(r.ps.length), String(r.ps.filter((p) => p < 0.05).length)])),
    '',
    `In all: ${aaWords(all)}. Welch's t-test on the per-run times (a sweep: at each value, on the figure its comparisons use), uncorrected: each A/A test is a check of its own.`,
  ].join('\n');
}

export const SOURCES: readonly Source[] = [
  {
    file: 'README.md',
    region: 'answer',
    data: [...HEADLINE.data, ...WORK.data],
    pending: WORK_PENDING,
    generate: async (context) => answerText(await context.run(HEADLINE.path), (await context.sweep(WORK.dir)).result),
  },
  {
    file: 'README.md',
    region: 'results',
    data: HEADLINE.data,
    generate: async (context) => {
      const link = (file: 'chart' | 'export' | 'report') => context.link(HEADLINE.files[file]);
      return resultsText(await context.run(HEADLINE.path), { chart: link('chart'), export: link('export'), report: link('report') });
    },
  },
  { file: 'docs/methodology.md', region: 'outcomes', data: HEADLINE.data, generate: async (context) => outcomesText(await context.run(HEADLINE.path)) },
  {
    file: 'docs/methodology.md',
    region: 'python',
    data: ORIGINAL.flatMap((run) => run.data),
    generate: async (context) => {
      const titles = ['our server', "the original's server"];
      const sides = ORIGINAL.map(async (run, i) => ({ title: titles[i]!, run: await context.run(run.path), report: context.link(run.files.report) }));
      return pythonText(await Promise.all(sides));
    },
  },
  {
    file: 'README.md',
    region: 'runtimes',
    data: RUNTIME_DATA,
    pending: 'the runtime runs',
    generate: async (context) =>
      runtimesText(
        await Promise.all(RUNTIMES.map((run) => context.run(run.path))),
        (await context.sweep(RUNTIME_SWEEP.dir)).result,
        checked(RuntimeThreadsSchema, await context.json(RUNTIME_THREADS), RUNTIME_THREADS),
        { reports: RUNTIMES.map((run, i) => [RUNTIME_NAMES[i]!, context.link(run.files.report)]), sweep: context.link(`${RUNTIME_SWEEP.dir}/sweep.md`) },
      ),
  },
  ...[false, true].map((tables): Source => ({
    file: tables ? 'docs/sweeps.md' : 'README.md',
    region: tables ? 'work' : 'crossover',
    data: WORK.data,
    pending: WORK_PENDING,
    generate: async (context) => crossoverRegion(await context.sweep(WORK.dir), context.link(`${WORK.dir}/chart.svg`), tables),
  })),
  {
    file: 'docs/results/README.md',
    region: 'aa-controls',
    data: [...HEADLINE.data, ...ORIGINAL.flatMap((run) => run.data), ...RUNTIME_DATA, ...WORK.data, ...SWEEP_DATA],
    pending: 'every committed measurement',
    generate: aaRegion,
  },
  bench('thread-cost', 'docs/results/worker-options.json', 'bench:threads', threadCostText),
  bench('harness', 'docs/results/harness.json', 'bench:harness', harnessText),
  {
    file: 'docs/sweeps.md',
    region: 'conditions',
    data: SWEEP_DATA,
    generate: async (context) => conditionsRegion(await Promise.all(SWEEPS.map(async ({ name, dir }) => ({ name, sweep: await context.sweep(dir) })))),
  },
  ...SWEEPS.map(({ name, dir, data }): Source => ({
    file: 'docs/sweeps.md',
    region: name,
    data,
    generate: async (context) => sweepRegion(await context.sweep(dir), SWEEP_CLAIMS[name]!),
  })),
  {
    file: 'docs/sweeps.md',
    region: 'startup',
    data: SWEEP_DATA,
    generate: async (context) => startupRegion(await Promise.all(SWEEPS.map(({ dir }) => context.sweep(dir))), 'threads-reuse', EVENT_LOOP),
  },
];
