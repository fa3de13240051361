// sweep.md, and the words the sweep's chart shares with it: what was compared, under which
// conditions, and whether the machine was busy while it ran.
import { busySentence, machineLoad, type MachineLoad } from '../report/run-record.js';
import { linkDescription, type SweepResult } from './result.js';

/** The swept parameter in words (the chart's axis), with its unit. */
export const PARAMETER_TITLES: Record<string, string> = {
  chunk: 'Concurrency C: threads, connections or requests per chunk (log scale)',
  requests: 'Requests per run (log scale)',
  delay: 'Server delay per request, ms (symlog scale)',
  rtt: 'Link round-trip time, ms (symlog scale)',
  node: 'Node version of the client',
  work: 'CPU work after each response, ms (symlog scale)',
};

/** Parameters whose values are milliseconds. */
export function inMilliseconds(parameter: string): boolean {
  return parameter === 'delay' || parameter === 'rtt' || parameter === 'work';
}

/** A value as the table and the chart show it: "5 ms", "v24.21.0", "64". */
export function valueLabel(result: SweepResult, value: number): string {
  const label = result.labels?.[String(value)];
  if (label !== undefined) return label;
  return inMilliseconds(result.parameter) ? `${value} ms` : String(value);
}

/** "no server delay", "server delay 20 ms", "server delay uniform 0–40 ms". */
function describeDelay(spec: string): string {
  const [kind, args] = spec.trim().toLowerCase().split(':');
  if (args === undefined) return Number(kind) === 0 ? 'no server delay' : `server delay ${kind} ms`;
  const [a, b] = args.split(',');
  if (kind === 'uniform') return `server delay uniform ${a}–${b} ms`;
  if (kind === 'normal') return `server delay normal, mean ${a} ms, sd ${b} ms`;
  return Number(a) === 0 ? 'no server delay' : `server delay ${a} ms`;
}

/** Where the requests went: "loopback", "loopback, 5 ms RTT (latency proxy)", or netns-run.sh's own description. */
export function sweepConditions(result: SweepResult): string {
  const conditions = (result.environment.conditions ?? {}) as { network?: unknown };
  const network = typeof conditions.network === 'string' ? conditions.network : null;
  // With --target env the server is someone else's: its delay is only known when the link's description says it.
  const external = result.target.includes('BENCHMARK_SERVER_HOST');
  const parts: string[] = [];
  if (network?.startsWith('netns')) parts.push(network.replace(/server delay (\S+)$/, (_, spec: string) => describeDelay(spec)));
  else if (result.parameter === 'rtt') parts.push('loopback through the latency proxy');
  else if (result.fixed.rtt > 0) parts.push(`loopback, ${result.fixed.rtt} ms RTT (latency proxy)`);
  else parts.push(network ?? linkDescription(result));
  if (result.parameter !== 'delay' && !external && !parts[0]?.includes('server delay')) parts.push(describeDelay(result.fixed.delay));
  return parts.join(', ');
}

/** "Time for 1000 requests vs concurrency C, loopback, no server delay". */
export function sweepTitle(result: SweepResult): string {
  const { requests, chunk } = result.fixed;
  const what: Record<string, string> = {
    chunk: `Time for ${requests} requests vs concurrency C`,
    requests: `Time vs number of requests, C = ${chunk}`,
    delay: `Time for ${requests} requests vs server delay, C = ${chunk}`,
    rtt: `Time for ${requests} requests vs link round-trip time, C = ${chunk}`,
    node: `Time for ${requests} requests per client Node version, C = ${chunk}`,
    work: `Time for ${requests} requests vs CPU work per response, C = ${chunk}`,
  };
  return `${what[result.parameter] ?? `Time for ${requests} requests vs ${result.parameter}, C = ${chunk}`}, ${sweepConditions(result)}`;
}

/** The sweep's load: at start from its environment record, at end as the sweep recorded it. */
export function sweepLoad(result: SweepResult): MachineLoad {
  const env = result.environment as { loadAverage?: unknown; loadAverageAtEnd?: unknown; cpuCount?: unknown; conditions?: { loadAverageAtStart?: unknown } };
  return machineLoad(env.loadAverage ?? env.conditions?.loadAverageAtStart, env.loadAverageAtEnd ?? result.loadAverageAtEnd, env.cpuCount);
}

/** "Measured on a busy machine: load 31.6 at start, 12.0 at end, 2 cores", or null on a quiet one. */
export function busyNote(result: SweepResult): string | null {
  const load = sweepLoad(result);
  return load.busy ? busySentence(load) : null;
}

/** sweep.md: one table per sweep, rows = values, columns = strategies, "mean s (req/s)". */
export function markdownSummary(result: SweepResult): string {
  const column = result.parameter;
  // What stayed fixed (the swept parameter is the table's first column).
  const fixed = [
    result.parameter === 'requests' ? null : `${result.fixed.requests} requests`,
    result.parameter === 'chunk' ? null : `C = ${result.fixed.chunk}`,
    result.parameter === 'delay' ? null : describeDelay(result.fixed.delay),
  ].filter((part) => part !== null);
  const header = `| ${column} | ${result.strategies.join(' | ')} |`;
  const rule = `|---:|${result.strategies.map(() => '---:').join('|')}|`;
  const rows = result.values.map((value) => {
    const cells = result.strategies.map((strategy) => {
      const p = result.points.find((q) => q.value === value && q.strategy === strategy);
      if (!p) return '';
      if (p.error !== undefined) return 'failed';
      const rate = p.requestsPerSecond === null ? '' : ` (${Math.round(p.requestsPerSecond)}/s)`;
      return `${p.meanSeconds.toFixed(3)} ± ${p.stddevSeconds.toFixed(3)}${rate}`;
    });
    return `| ${valueLabel(result, value)} | ${cells.join(' | ')} |`;
  });
  const failures = result.points.filter((p) => p.error !== undefined).map((p) => `- ${result.parameter}=${valueLabel(result, p.value)} ${p.strategy}: ${p.error}`);
  const env = result.environment as { node?: string; cpuCount?: number; cpuModel?: string; os?: string; loadAverage?: unknown; conditions?: { loadAverageAtStart?: unknown } };
  const busy = busyNote(result);
  const loadStart = env.loadAverage ?? env.conditions?.loadAverageAtStart;
  const loads = (value: unknown) => (Array.isArray(value) ? value.join(' ') : String(value ?? '?'));
  return [
    `# ${sweepTitle(result)}`,
    '',
    `Whole-process time per run in seconds (hyperfine mean ± sd of ${result.fixed.runs} runs after ${result.fixed.warmup} warmup), ` +
      `requests per second in brackets. ${fixed.join(', ')}${result.preset ? `; preset "${result.preset}"` : ''}. ` +
      `Link: ${linkDescription(result)}. Target: ${result.target}.`,
    `Environment: node ${env.node ?? '?'}, ${env.cpuCount ?? '?'} x ${env.cpuModel ?? '?'}, ${env.os ?? ''}; ${result.startedAt} to ${result.finishedAt}; ` +
      `load average ${loads(loadStart)} at start, ${loads((result.environment as { loadAverageAtEnd?: unknown }).loadAverageAtEnd ?? result.loadAverageAtEnd)} at end.`,
    ...(busy ? ['', `**${busy}.** Other work competed for the CPU: these times are slower and noisier than on a quiet machine.`] : []),
    '',
    header,
    rule,
    ...rows,
    ...(failures.length > 0 ? ['', 'Failed:', ...failures] : []),
    '',
    `![${sweepTitle(result)}](chart.svg)`,
    '',
  ].join('\n');
}
