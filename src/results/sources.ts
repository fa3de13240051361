// The one list of generated regions: for each region of README.md and docs/*.md, the committed data it is made
// from, the command that produces that data, and its generator. `npm run results` fills every region from this
// list; a region missing here is an error. docs/results/README.md describes the same files for people.
import type { Context, DataFile } from './context.js';
import { runFiles } from '../common/run-files.js';
import { harnessText, threadCostText } from './benches.js';
import { aaWords, answerText, runAaTests, sweepAaTests } from './answer.js';
import { markdownTable } from '../report/format-markdown.js';
import { outcomesText, resultsText, type RunLinks } from './headline.js';
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

// The headline run: `npm run bench` with the suite's defaults and the A/A control, on an idle machine.
const HEADLINE = 'docs/results/headline/node24';
const HEADLINE_COMMAND = `npm run bench -- --aa -o ${HEADLINE}.json`;
// The Python original side by side: both clients, against each server in turn.
const ORIGINAL = 'docs/results/original';
const originalCommand = (server: 'ours' | 'original') =>
  `npm run bench -- --original <checkout of the original> --python /usr/bin/python3 --server ${server} --aa -o ${ORIGINAL}/${server}-server.json`;
const WORKER_OPTIONS = 'docs/results/worker-options.json';
// Is it Node, or JavaScript? A headline-sized run per pinned runtime (the thread designs in use and the
// event loop: threads-recreate and threads-map, a thread per request, are the headline's), the warm runtime
// sweep, a thread's cost under each.
const RUNTIMES = 'docs/results/runtimes';
const RUNTIME_STRATEGIES = 'threads-reuse,threads-async,async-offload,async-for,async-map';
const runtimeCommand = (name: string) => `npm run bench -- --runtime ${name} -s ${RUNTIME_STRATEGIES} --aa -o ${RUNTIMES}/${name}.json`;
const RUNTIME_SWEEP = 'docs/sweeps/runtimes';
const RUNTIME_THREADS = 'docs/results/runtime-threads.json';
const RUNTIME_NAMES = Object.keys(pinnedRuntimes());
const HARNESS = 'docs/results/harness.json';

/** The files of a suite run (`benchmark suite -o X.json`) the regions read or link: export, record, outcomes, chart, report. */
function suiteRun(base: string, producedBy: string): DataFile[] {
  return (['export', 'meta', 'outcomes', 'chart', 'report'] as const).map((key) => ({ path: runFiles(`${base}.json`)[key], producedBy }));
}

function runLinks(context: Context, base: string): RunLinks {
  const files = runFiles(`${base}.json`);
  return { chart: context.link(files.chart), export: context.link(files.export), report: context.link(files.report) };
}

// The sweeps behind docs/sweeps.md, each made by the command beside it.
const CLI = 'node dist/client/cli.js';
export const SWEEPS: Record<string, string> = {
  concurrency: `${CLI} sweep --preset concurrency --aa -o docs/sweeps/concurrency`,
  barrier: `${CLI} sweep --param chunk --values 10,50,100 --delay uniform:0,40 -s threads-reuse,async-chunk,async-limit -q 500 -r 3 -w 1 --aa -o docs/sweeps/barrier`,
  latency: `${CLI} sweep --preset latency --aa -o docs/sweeps/latency`,
  rtt: `${CLI} sweep --preset rtt --aa -o docs/sweeps/rtt`,
  'netns-rtt2':
    `sudo scripts/netns-run.sh --rtt 2 -- ${CLI} sweep --target env --param chunk --values 1,4,16,64 ` +
    `-s threads-recreate,threads-reuse,async-chunk,async-limit,noop -q 256 -r 2 -w 1 --aa -o docs/sweeps/netns-rtt2`,
};
const WORK = 'docs/sweeps/work';
const sweepFiles = (dir: string, producedBy: string): DataFile[] => ['sweep.json', 'chart.svg'].map((file) => ({ path: `${dir}/${file}`, producedBy }));
const committedSweeps = (): DataFile[] => Object.entries(SWEEPS).flatMap(([name, producedBy]) => sweepFiles(`docs/sweeps/${name}`, producedBy));

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

const HEADLINE_DATA = suiteRun(HEADLINE, HEADLINE_COMMAND);
const RUNTIME_SWEEP_DATA = sweepFiles(
  RUNTIME_SWEEP,
  `${CLI} sweep --param runtime --values ${RUNTIME_NAMES.join(',')} --warm -s 'threads-reuse c=2,threads-async,async-offload,async-for' --aa -o ${RUNTIME_SWEEP}`,
);
const RUNTIME_DATA: DataFile[] = [
  ...RUNTIME_NAMES.flatMap((name) => suiteRun(`${RUNTIMES}/${name}`, runtimeCommand(name))),
  ...RUNTIME_SWEEP_DATA,
  { path: RUNTIME_THREADS, producedBy: `npm run bench:runtime-threads -- --runtimes ${RUNTIME_NAMES.join(',')} --output ${RUNTIME_THREADS}` },
];
const WORK_DATA = sweepFiles(WORK, `${CLI} sweep --preset work --aa -o ${WORK}`);
// Where a checkout has no work sweep yet (removed to measure again), the region says what makes it.
const WORK_PENDING = 'the `work` sweep';

/** Every committed suite run and sweep, by its path: what the A/A count covers. */
const SUITE_RUNS = [HEADLINE, `${ORIGINAL}/ours-server`, `${ORIGINAL}/original-server`, ...RUNTIME_NAMES.map((name) => `${RUNTIMES}/${name}`)];
const ALL_SWEEPS = [WORK, RUNTIME_SWEEP, ...Object.keys(SWEEPS).map((name) => `docs/sweeps/${name}`)];

/** docs/results/README.md: each committed measurement's A/A tests, and how many came out p < 0.05. */
async function aaRegion(context: Context): Promise<string> {
  const rows = [
    ...(await Promise.all(SUITE_RUNS.map(async (base) => ({ what: `\`${base.replace('docs/results/', '')}\``, ps: runAaTests(await context.run(`${base}.json`)) })))),
    ...(await Promise.all(ALL_SWEEPS.map(async (dir) => ({ what: `\`${dir.replace('docs/', '../')}/\``, ps: sweepAaTests((await context.sweep(dir)).result) })))),
  ];
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
    data: [...HEADLINE_DATA, ...WORK_DATA],
    pending: WORK_PENDING,
    generate: async (context) => answerText(await context.run(`${HEADLINE}.json`), (await context.sweep(WORK)).result),
  },
  { file: 'README.md', region: 'results', data: HEADLINE_DATA, generate: async (context) => resultsText(await context.run(`${HEADLINE}.json`), runLinks(context, HEADLINE)) },
  { file: 'docs/methodology.md', region: 'outcomes', data: HEADLINE_DATA, generate: async (context) => outcomesText(await context.run(`${HEADLINE}.json`)) },
  {
    file: 'docs/methodology.md',
    region: 'python',
    data: [...suiteRun(`${ORIGINAL}/ours-server`, originalCommand('ours')), ...suiteRun(`${ORIGINAL}/original-server`, originalCommand('original'))],
    generate: async (context) => {
      const side = async (title: string, base: string) => ({ title, run: await context.run(`${base}.json`), report: context.link(runFiles(`${base}.json`).report) });
      return pythonText([await side('our server', `${ORIGINAL}/ours-server`), await side("the original's server", `${ORIGINAL}/original-server`)]);
    },
  },
  {
    file: 'README.md',
    region: 'runtimes',
    data: RUNTIME_DATA,
    pending: 'the runtime runs',
    generate: async (context) =>
      runtimesText(
        await Promise.all(RUNTIME_NAMES.map((name) => context.run(`${RUNTIMES}/${name}.json`))),
        (await context.sweep(RUNTIME_SWEEP)).result,
        checked(RuntimeThreadsSchema, await context.json(RUNTIME_THREADS), RUNTIME_THREADS),
        { reports: RUNTIME_NAMES.map((name) => [name, context.link(runFiles(`${RUNTIMES}/${name}.json`).report)]), sweep: context.link(`${RUNTIME_SWEEP}/sweep.md`) },
      ),
  },
  { file: 'README.md', region: 'crossover', data: WORK_DATA, pending: WORK_PENDING, generate: async (context) => crossoverRegion(await context.sweep(WORK), context.link(`${WORK}/chart.svg`), false) },
  { file: 'docs/sweeps.md', region: 'work', data: WORK_DATA, pending: WORK_PENDING, generate: async (context) => crossoverRegion(await context.sweep(WORK), context.link(`${WORK}/chart.svg`)) },
  {
    file: 'docs/results/README.md',
    region: 'aa-controls',
    data: [
      ...HEADLINE_DATA,
      ...suiteRun(`${ORIGINAL}/ours-server`, originalCommand('ours')),
      ...suiteRun(`${ORIGINAL}/original-server`, originalCommand('original')),
      ...RUNTIME_DATA,
      ...WORK_DATA,
      ...committedSweeps(),
    ],
    pending: 'every committed measurement',
    generate: aaRegion,
  },
  bench('thread-cost', WORKER_OPTIONS, 'bench:threads', threadCostText),
  bench('harness', HARNESS, 'bench:harness', harnessText),
  {
    file: 'docs/sweeps.md',
    region: 'conditions',
    data: committedSweeps(),
    generate: async (context) => conditionsRegion(await Promise.all(Object.keys(SWEEPS).map(async (name) => ({ name, sweep: await context.sweep(`docs/sweeps/${name}`) })))),
  },
  ...Object.entries(SWEEP_CLAIMS).map(
    ([name, claims]): Source => ({
      file: 'docs/sweeps.md',
      region: name,
      data: sweepFiles(`docs/sweeps/${name}`, SWEEPS[name] as string),
      generate: async (context) => sweepRegion(await context.sweep(`docs/sweeps/${name}`), claims),
    }),
  ),
  {
    file: 'docs/sweeps.md',
    region: 'startup',
    data: committedSweeps(),
    generate: async (context) => startupRegion(await Promise.all(Object.keys(SWEEPS).map((name) => context.sweep(`docs/sweeps/${name}`))), 'threads-reuse', EVENT_LOOP),
  },
];
