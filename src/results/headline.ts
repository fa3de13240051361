// README's results table and "what each strategy did", from one committed suite run
// (<name>.json with its .meta.json and .outcomes.jsonl): the report's own tables, and how and
// where the run was made, in words that follow the data.
import { outcomesTable, resultsTable } from '../report/format-markdown.js';
import { describeNotMeasuredShort, loadWords, parameter, runLoad, strategySettings, type StrategySettings } from '../report/run-record.js';
import type { EnvironmentRecord, Run } from '../report/run-set.js';
import { buildTable } from '../report/table.js';
import { formatBytes, joinAnd } from '../report/units.js';
import { ORIGINAL_STRATEGIES } from '../strategies/registry.js';
import { when } from './words.js';
import { isJsonObject } from '../common/json.js';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null);

/** "over loopback", "across netns veth, link proxy, rtt 2 ms", or "against 10.0.0.2:8080". */
export function whereMeasured(record: EnvironmentRecord | null): string {
  const network = text(parameter(record, 'network'));
  if (network !== null) return `across ${network}`;
  const server = text(parameter(record, 'server'));
  if (server === null) return 'against a server not recorded';
  const host = server.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return ['127.0.0.1', 'localhost', '::1'].includes(host) ? 'client and server on one machine over loopback' : `against ${server}`;
}

/** "2-core AMD EPYC, Node 24.21.0" */
export function machineInBrief(record: EnvironmentRecord | null): string {
  const cores = typeof record?.cpuCount === 'number' ? `${record.cpuCount}-core` : null;
  const [cpu, node] = [text(record?.cpuModel), text(record?.node)];
  return [[cores, cpu].filter((part) => part !== null).join(' ') || 'machine not recorded', node === null ? null : `Node ${node}`].filter((part) => part !== null).join(', ');
}

/** "20 requests, chunk 5" */
export function sizes(record: EnvironmentRecord | null): string {
  const [queries, chunk] = [parameter(record, 'queries'), parameter(record, 'chunk')];
  return [queries === undefined ? null : `${text(queries)} requests`, chunk === undefined ? null : `chunk ${text(chunk)}`].filter((part) => part !== null).join(', ');
}

/** The command that made the run: the record's own when it has one, else rebuilt from its parameters. */
export function suiteCommand(record: EnvironmentRecord | null): string {
  const p = (key: string) => text(parameter(record, key));
  const own = text(record?.command) ?? p('command');
  if (own !== null) return own;
  const given = [['-w', 'warmup'], ['-r', 'runs'], ['-q', 'queries'], ['-c', 'chunk'], ['--connections', 'connections']] as const;
  const flags = given.flatMap(([flag, key]): string[] => (p(key) === null ? [] : [flag, p(key) as string]));
  const strategies = (p('strategies') ?? '').split(',').filter((name) => name !== '');
  const ours = strategies.filter((name) => !name.startsWith('original-'));
  if (ours.length > 0 && ours.join(',') !== ORIGINAL_STRATEGIES.map((s) => s.name).join(',')) flags.push('-s', ours.join(','));
  if (strategies.some((name) => name.startsWith('original-'))) flags.push('--original', '<checkout of the original>');
  if (p('server') === 'original') flags.push('--server', 'original');
  return `npm run bench -- ${flags.join(' ')}`.trim();
}

/** "1 warmup + 3 runs" */
function warmupAndRuns(s: Pick<StrategySettings, 'warmup' | 'runs'>): string {
  const part = (n: number | null, one: string, many: string) => (n === null ? `? ${many}` : `${n} ${n === 1 ? one : many}`);
  return `${part(s.warmup, 'warmup', 'warmups')} + ${part(s.runs, 'run', 'runs')}`;
}

/** The settings used, grouped: "threads-recreate and threads-reuse: 1 warmup + 3 runs; ..." (each reason is in the report). */
function settingsWords(record: EnvironmentRecord | null): string {
  const settings = strategySettings(record);
  if (settings.length === 0) {
    const num = (key: string) => (typeof parameter(record, key) === 'number' ? (parameter(record, key) as number) : null);
    return `${warmupAndRuns({ warmup: num('warmup'), runs: num('runs') })} per strategy`;
  }
  const groups = new Map<string, string[]>();
  for (const s of settings) groups.set(warmupAndRuns(s), [...(groups.get(warmupAndRuns(s)) ?? []), `\`${s.strategy}\``]);
  if (groups.size === 1) return `${[...groups.keys()][0]} for every strategy`;
  const why = settings.some((s) => s.reason) ? ' (why each: the full report)' : '';
  return `${[...groups].map(([key, names]) => `${joinAnd(names)}: ${key}`).join('; ')}${why}`;
}

/** "2 × AMD EPYC, 23.5 GiB, Debian GNU/Linux 12 (bookworm), Linux 6.18.44; Node 24.21.0, undici 8.13.1, ..., hyperfine 1.15.0" */
function machineLine(record: EnvironmentRecord | null): string {
  if (record === null) return 'no environment record';
  const cpu = [typeof record.cpuCount === 'number' ? `${record.cpuCount} ×` : null, text(record.cpuModel)].filter((p) => p !== null).join(' ');
  const memory = typeof record.memoryBytes === 'number' ? formatBytes(record.memoryBytes) : null;
  const kernel = text(record.kernel)?.split(' #')[0] ?? null;
  const hardware = [cpu || null, memory, text(record.os), kernel, text(record.instanceType)].filter((p) => p !== null);
  const packages = isJsonObject(record.packages) ? Object.entries(record.packages).flatMap(([name, version]) => (text(version) ? [`${name} ${text(version)}`] : [])) : [];
  const hyperfine = text(record.hyperfine)?.replace(/^hyperfine\s+/, '');
  const software = [text(record.node) ? `Node ${text(record.node)}` : null, ...packages, hyperfine ? `hyperfine ${hyperfine}` : null].filter((p) => p !== null);
  return [hardware.join(', '), software.join(', ')].filter((p) => p !== '').join('; ');
}

/** When the run started and how long it took: the record's times, else the outcomes' first start and last end. */
function runTime({ environment: record, outcomes: { span } }: Run): string {
  const fromOutcomes = span ? `${when(span.start, span.end)} (from the first and last outcome)` : null;
  return when(record?.recordedAt, record?.finishedAt) ?? fromOutcomes ?? 'start and duration not recorded';
}

/** The results: chart, hyperfine table (the export's figures as the report prints them), and how the run was made. */
export function resultsText(run: Run, links: Record<'chart' | 'export' | 'report', string>): string {
  const table = buildTable([run]);
  const record = run.environment;
  const notFit = table.notFit.map(({ entry }) => `- \`${entry.strategy}\` ${describeNotMeasuredShort(entry)} (the report says why).`);
  return [
    `![The table below as a chart: median, middle half and range of the runs](${links.chart})`,
    '',
    resultsTable(table),
    ...(notFit.length > 0 ? ['', ...notFit] : []),
    '',
    `Command: \`${suiteCommand(record)}\`; ${settingsWords(record)}. Ran ${runTime(run)}, on ${loadWords(runLoad(record))}. Machine: ${machineLine(record)}. ` +
      `[Full report](${links.report}), from [the export](${links.export}) and the files beside it.`,
  ].join('\n');
}

/** "What each strategy did": the report's outcome medians for the same run. */
export function outcomesText(run: Run): string {
  return outcomesTable(buildTable([run])) ?? `No outcomes: the run has no \`${run.outcomes.file.split('/').pop()}\` with our client's outcomes, so nothing to show.`;
}
