// docs/methodology.md's figures from the committed output of the harness benchmarks:
// what a worker thread costs (npm run bench:threads, bench/worker-options.ts) and whether
// the harness distorts what it measures (npm run bench:harness, bench/harness.ts).
import { markdownTable } from '../report/format-markdown.js';
import { loadWords, machineLoad } from '../report/run-record.js';
import { formatP, welchTTest } from '../common/significance.js';
import { DataError, type JsonObject as Json } from '../common/json.js';

/** A field of the bench's JSON by path; a missing or non-numeric one is an error naming the file and the path. */
function reader(file: string, data: Json) {
  const get = (path: string): unknown => path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Json)[key] : undefined), data);
  const number = (path: string): number => {
    const value = get(path);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(file, `${path} is not a number (got ${JSON.stringify(value)})`);
    return value;
  };
  return { get, number, text: (path: string): string | null => (typeof get(path) === 'string' ? (get(path) as string) : null) };
}

const whole = (n: number): string => Math.round(n).toLocaleString('en');
const fixed = (n: number, digits: number): string => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "Measured by `cmd` on a 2-core AMD EPYC with Node v24.21.0, an otherwise idle machine (...)." plus the --quick caveat. */
function benchConditions(r: ReturnType<typeof reader>, command: string): string {
  const load = machineLoad(r.get('machine.loadAverage.start'), r.get('machine.loadAverage.end'), r.get('machine.cpus'), r.get('machine.otherCpu'));
  const cores = typeof r.get('machine.cpus') === 'number' ? `${r.get('machine.cpus') as number}-core ` : '';
  const quick = r.get('quick') === true ? ' It was a `--quick` pass, too short to publish.' : '';
  return `Measured by \`${command}\` on a ${cores}${r.text('machine.cpu') ?? 'CPU not recorded'} with Node ${r.text('machine.node') ?? '?'}: ${loadWords(load)}.${quick}`;
}

/** What a worker thread costs, per option set, from docs/results/worker-options.json. */
export function threadCostText(file: string, data: Json): string {
  const r = reader(file, data);
  const chosen = r.text('defaultSet');
  const sets = r.get('sets');
  if (chosen === null || typeof sets !== 'object' || sets === null) throw new DataError(file, `no defaultSet or sets (written by npm run bench:threads?)`);
  // A figure of an option set, with so many decimals: of(name)('perThread.idleMiB', 1).
  const of = (name: string) => (path: string, digits: number) => fixed(r.number(`sets.${name}.${path}`), digits);
  const strategies = Object.keys((r.get(`sets.${chosen}.wholeProcess`) as Json | undefined) ?? {});
  // Whole-process time against Node's defaults, tested on the rounds' wall-clock times.
  const slowdown = (name: string, strategy: string): string => {
    const ratio = of(name)(`wholeProcess.${strategy}.ratioToNodeDefaults`, 2);
    const times = (which: string) => ((r.get(`sets.${which}.wholeProcess.${strategy}.runs`) as { wallSeconds?: unknown }[] | undefined) ?? []).map((run) => Number(run.wallSeconds));
    if (name === 'node-defaults') return '1';
    const welch = welchTTest(times(name), times('node-defaults'));
    return welch === null ? ratio : `${ratio} (${formatP(welch.p)})`;
  };
  const rows = Object.keys(sets).map((name) => [
    name === chosen ? `**${name}** (default)` : name,
    `${of(name)('perThread.idleMiB', 1)} / ${of(name)('perThread.busyMiB', 1)}`,
    `${of(name)('perThread.idleMaps', 0)} / ${of(name)('perThread.busyMaps', 0)}`,
    of(name)('perThread.spawnToReadyMs', 1),
    strategies.map((strategy) => slowdown(name, strategy)).join(', '),
  ]);
  const c = of(chosen);
  const mapRequests = r.number('settings.mapRequests');
  const [cheapest, unusable] = [r.text('cheapestWithin5Percent'), r.get('unusable')];
  return [
    `${benchConditions(r, 'npm run bench:threads')} With the default worker options (\`${chosen}\`) each live thread costs about ` +
      `${c('perThread.busyMiB', 1)} MiB while it makes requests (${c('perThread.idleMiB', 1)} MiB idle) and ${c('perThread.busyMaps', 0)} memory mappings, ` +
      `and takes ${c('perThread.spawnToReadyMs', 1)} ms from spawn to ready; a worker that loads nothing costs ${c('emptyWorker.idleMiB', 1)} MiB, ` +
      `${c('emptyWorker.idleMaps', 0)} mappings and ${c('emptyWorker.spawnToReadyMs', 1)} ms. In a whole run, \`threads-map -r ${mapRequests}\` peaked at ` +
      `${whole(r.number(`sets.${chosen}.run.threadsMapPeakMiB`))} MiB: ${c('run.peakMiBPerThread', 1)} MiB per thread. vm.max_map_count here: ${whole(r.number('machine.maxMapCount'))}.`,
    '',
    markdownTable(['option set', 'MiB per thread, idle / busy', 'mappings per thread, idle / busy', 'spawn-to-ready [ms]', `whole-process time ÷ node-defaults (${strategies.join(', ')})`], ['l', 'r', 'r', 'r', 'r'], rows),
    '',
    // Sets the bench found unusable (a thread strategy failed against a server by host name): not measured.
    ...(typeof unusable === 'object' && unusable !== null ? Object.entries(unusable) : []).map(([set, reason]) => `Not usable, so not measured: \`${set}\`: ${String(reason)}.`),
    `Cheapest usable set whose mean time is at most 5% above Node's defaults' on every thread strategy (a rule on the means, not a test of equality): ${cheapest === null ? 'none' : `\`${cheapest}\``}. ` +
      `${r.number('settings.rounds')} ${r.number('settings.rounds') === 1 ? 'round' : 'rounds'} of ${r.number('settings.probeThreads')} probe threads per set; ` +
      (r.number('settings.rounds') < 2 ? 'one round cannot tell a slowdown from noise.' : "in brackets, Welch's t-test of each set's wall-clock times against node-defaults'."),
  ].join('\n');
}

/** The harness measurements, from docs/results/harness.json. */
export function harnessText(file: string, data: Json): string {
  const r = reader(file, data);
  const n = r.number;
  const rps = (path: string) => `${whole(n(path))} req/s`;
  const ms = (path: string) => `${fixed(n(path), 1)} ms`;
  const met = (ok: boolean) => (ok ? 'yes' : '**no**');
  const oursRps = n('serverHeadroom.ours.requestsPerSecond');
  const rssFirst = n('load.rssMiB.firstFifth');
  const rssLast = n('load.rssMiB.lastFifth');
  const rows: string[][] = [
    [
      'Server headroom',
      `${rps('serverHeadroom.ours.requestsPerSecond')} vs bare \`node:http\` ${whole(n('serverHeadroom.bare.requestsPerSecond'))} (${r.text('serverHeadroom.ours.tool') ?? '?'}, ${whole(n('serverHeadroom.ours.connections'))} connections)`,
      fixed(n('serverHeadroom.ratio'), 2),
      '>= 0.9',
      met(n('serverHeadroom.ratio') >= 0.9),
    ],
    ['Server vs the fastest strategy', `${whole(oursRps)} vs async-for's ${rps('asyncEfficiency.requestsPerSecond')}`, fixed(n('serverHeadroom.oursOverFastestStrategy'), 1), '>= 3', met(n('serverHeadroom.oursOverFastestStrategy') >= 3)],
    ['Client start-up, no requests (`noop`)', `${ms('startup.noopMs')} vs \`node -e 0\` ${ms('startup.nodeMs')}`, fixed(n('startup.noopRatio'), 2), '<= 2', met(n('startup.noopRatio') <= 2)],
    ['Client start-up, one request', `${ms('startup.oneRequestMs')} vs \`node -e 0\` ${ms('startup.nodeMs')}`, fixed(n('startup.oneRequestRatio'), 2), '(info)', ''],
    ['Worker spawn-to-ready (the strategies\' pool)', `${ms('workers.strategyMsPerWorker')} vs an empty \`new Worker\` ${ms('workers.emptyMsPerWorker')}`, fixed(n('workers.ratio'), 2), '<= 1.2', met(n('workers.ratio') <= 1.2)],
    ['... floor: a worker that only loads `node:http`', `${ms('workers.nodeHttpMsPerWorker')} vs ${ms('workers.emptyMsPerWorker')}`, fixed(n('workers.nodeHttpRatio'), 2), '(info)', ''],
    ['Async efficiency: async-for in-process', `${rps('asyncEfficiency.requestsPerSecond')} vs the server's ${whole(oursRps)}`, fixed(n('asyncEfficiency.overServerCapacity'), 2), '(info)', ''],
    [`${whole(n('load.many.connections'))} concurrent connections, ${whole(n('load.many.seconds'))} s`, `${rps('load.many.requestsPerSecond')}, ${whole(n('load.many.errors'))} errors`, '', '0 errors', met(n('load.many.errors') === 0)],
    [
      `Sustained load at capacity, ${whole(n('load.load.seconds'))} s`,
      `${rps('load.load.requestsPerSecond')}, ${whole(n('load.load.errors'))} errors; server RSS ${whole(rssFirst)} -> ${whole(rssLast)} MiB (first and last fifth)`,
      '',
      '0 errors, RSS within 10%',
      met(n('load.load.errors') === 0 && rssLast <= rssFirst * 1.1),
    ],
  ];
  return [
    `${benchConditions(r, 'npm run bench:harness')} Client, server and load generator share the machine.`,
    '',
    markdownTable(['measure', 'figures (same run)', 'ratio', 'goal', 'met'], ['l', 'l', 'r', 'l', 'l'], rows),
  ].join('\n');
}
