import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg } from '../report/render-svg.js';
import { linkDescription, type SweepResult } from './result.js';

const AXIS_TITLES: Record<string, string> = {
  chunk: 'chunk / concurrency C (log scale)',
  requests: 'requests per run (log scale)',
  delay: 'server upstream delay, ms (symlog scale)',
  rtt: 'link RTT, ms (symlog scale)',
  node: 'Node version of the client',
};

/** The vega-lite spec of a sweep: time and req/s against the swept parameter, one line per strategy. */
export function chartSpec(result: SweepResult): TopLevelSpec {
  const labels = result.labels;
  const rows = result.points
    .filter((p) => p.error === undefined)
    .map((p) => ({ ...p, label: labels?.[String(p.value)] ?? String(p.value), low: Math.max(p.meanSeconds - p.stddevSeconds, p.meanSeconds / 10), high: p.meanSeconds + p.stddevSeconds }));
  const log = result.parameter === 'chunk' || result.parameter === 'requests';
  const title = AXIS_TITLES[result.parameter] ?? result.parameter;
  // Node versions are names, not quantities: one band per binary, in the order given.
  const x = labels
    ? { field: 'label', type: 'ordinal' as const, title, sort: result.values.map((v) => labels[String(v)] ?? String(v)), axis: { labelAngle: 0 } }
    : {
        field: 'value',
        type: 'quantitative' as const,
        title,
        scale: log ? { type: 'log' as const, base: 2 } : { type: 'symlog' as const },
        axis: { values: result.values },
      };
  const color = { field: 'strategy', type: 'nominal' as const, title: 'strategy', sort: result.strategies };
  const env = result.environment as { node?: string; cpuCount?: number; cpuModel?: string; conditions?: Record<string, unknown> };
  const subtitle = [
    `${result.preset ? `preset "${result.preset}", ` : ''}${result.fixed.requests} requests, C ${result.parameter === 'chunk' ? 'swept' : result.fixed.chunk}, ` +
      `server delay ${result.parameter === 'delay' ? 'swept' : result.fixed.delay.includes(':') ? result.fixed.delay : `${result.fixed.delay} ms`}, ` +
      `hyperfine ${result.fixed.warmup} warmup + ${result.fixed.runs} runs (mean ± sd)`,
    `link: ${linkDescription(result)}; node ${env.node ?? '?'}, ${env.cpuCount ?? '?'} x ${env.cpuModel ?? '?'}; target ${result.target}`,
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Sweep over ${result.parameter}`, subtitle },
    data: { values: rows },
    vconcat: [
      {
        width: 560,
        height: 260,
        layer: [
          { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'meanSeconds', type: 'quantitative', title: 'time per run, s (whole process, log scale)', scale: { type: 'log' } }, color } },
          { mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative', scale: { type: 'log' } }, y2: { field: 'high' }, color } },
        ],
      },
      {
        width: 560,
        height: 260,
        transform: [{ filter: 'datum.requestsPerSecond != null' }],
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'requestsPerSecond', type: 'quantitative', title: 'requests per second (requests / mean time)' }, color },
      },
    ],
    resolve: { scale: { color: 'shared' } },
    config: { font: 'sans-serif' },
  } as TopLevelSpec;
}

export function renderSvg(result: SweepResult): Promise<string> {
  return renderVegaLiteSvg(chartSpec(result));
}
