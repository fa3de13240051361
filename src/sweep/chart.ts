// The sweep's chart: time per run (top) and requests per second (bottom) against the swept
// parameter, one line per strategy in its one colour (the registry's, as in every chart).
// Title, axes and values say what was compared, in which unit and under which conditions,
// so the chart reads without sweep.md; it fits a README column with text of 11 px or more.
import type { TopLevelSpec } from 'vega-lite';
import { MAX_CHART_WIDTH, renderVegaLiteSvg } from '../report/render-svg.js';
import { strategyColor } from '../report/strategy-style.js';
import { textWidth, wrapText } from '../report/text-width.js';
import type { SweepResult } from './result.js';
import { busyNote, inMilliseconds, PARAMETER_TITLES, sweepTitle, valueLabel } from './summary.js';

const LABEL_FONT = 11;
const AXIS_FONT = 12;
const LEGEND_FONT = 12;
const TITLE_FONT = 15;
const SUBTITLE_FONT = 12;

/** The vega-lite spec of a sweep: time and req/s against the swept parameter, one line per strategy. */
export function chartSpec(result: SweepResult): TopLevelSpec {
  const labels = result.labels;
  const rows = result.points
    .filter((p) => p.error === undefined)
    .map((p) => ({ ...p, label: valueLabel(result, p.value), low: Math.max(p.meanSeconds - p.stddevSeconds, p.meanSeconds / 10), high: p.meanSeconds + p.stddevSeconds }));
  const log = result.parameter === 'chunk' || result.parameter === 'requests';
  const title = PARAMETER_TITLES[result.parameter] ?? (inMilliseconds(result.parameter) ? `${result.parameter}, ms` : result.parameter);
  // Node versions are names, not quantities: one band per binary, in the order given.
  const x = labels
    ? { field: 'label', type: 'ordinal' as const, title, sort: result.values.map((v) => valueLabel(result, v)), axis: { labelAngle: 0 } }
    : {
        field: 'value',
        type: 'quantitative' as const,
        title,
        scale: log ? { type: 'log' as const, base: 2 } : { type: 'symlog' as const },
        // Every swept value is a tick, with its unit ("5 ms").
        axis: { values: result.values, labelOverlap: true, ...(inMilliseconds(result.parameter) ? { labelExpr: "datum.value + ' ms'" } : {}) },
      };
  const color = {
    field: 'strategy',
    type: 'nominal' as const,
    title: 'Strategy',
    // The one colour per strategy, the same in every chart (the registry's).
    scale: { domain: result.strategies, range: result.strategies.map(strategyColor) },
  };
  const env = result.environment as { node?: string; cpuCount?: number; cpuModel?: string };

  // Width: the plot, its y axis (~70 px) and the legend on the right within MAX_CHART_WIDTH.
  const legend = Math.max(textWidth('Strategy', LEGEND_FONT, true), ...result.strategies.map((s) => textWidth(s, LEGEND_FONT) + 24)) + 20;
  const width = Math.round(Math.min(600, MAX_CHART_WIDTH - 10 - 75 - legend));
  const lineWidth = width + 75 + legend;
  const busy = busyNote(result);
  const subtitle = [
    `Top: time per run of one whole benchmark <strategy> process (hyperfine), the mean of ${result.fixed.runs} runs after ${result.fixed.warmup} warmup, ` +
      'bars ± 1 sd. Bottom: requests per second = requests ÷ mean time.',
    `Client: node ${env.node ?? '?'} on ${env.cpuCount ?? '?'} × ${env.cpuModel ?? '?'}; target: ${result.target}${result.preset ? `; preset "${result.preset}"` : ''}.`,
    ...(busy ? [`${busy}: noisy.`] : []),
  ].flatMap((line) => wrapText(line, lineWidth, SUBTITLE_FONT));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: wrapText(sweepTitle(result), lineWidth, TITLE_FONT, true), subtitle, anchor: 'start' },
    background: 'white',
    data: { values: rows },
    vconcat: [
      {
        width,
        height: 240,
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: { x, y: { field: 'meanSeconds', type: 'quantitative', title: 'Time per run, s (log scale)', scale: { type: 'log' } }, color },
          },
          { mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative', scale: { type: 'log' } }, y2: { field: 'high' }, color } },
        ],
      },
      {
        width,
        height: 200,
        transform: [{ filter: 'datum.requestsPerSecond != null' }],
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'requestsPerSecond', type: 'quantitative', title: 'Requests per second' }, color },
      },
    ],
    resolve: { scale: { color: 'shared' } },
    config: {
      font: 'sans-serif',
      title: { fontSize: TITLE_FONT, subtitleFontSize: SUBTITLE_FONT, subtitleColor: '#333' },
      axis: { labelFontSize: LABEL_FONT, titleFontSize: AXIS_FONT },
      legend: { labelFontSize: LEGEND_FONT, titleFontSize: LEGEND_FONT, symbolSize: 120 },
    },
  } as TopLevelSpec;
}

export function renderSvg(result: SweepResult): Promise<string> {
  return renderVegaLiteSvg(chartSpec(result));
}
