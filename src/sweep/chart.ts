// The sweep's chart: time per run and req/s against the swept parameter, a line per strategy in its
// registry colour (variants of one strategy differ in dash). A warm sweep draws the in-process time
// first (with its req/s and the crossover), then hyperfine's whole-process time. It reads without
// sweep.md and fits a README column with text of 11 px or more.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT, CHART_TEXT_CONFIG, MAX_CHART_WIDTH, renderVegaLiteSvg } from '../report/render-svg.js';
import { strategyColor } from '../report/strategy-style.js';
import { textWidth, wrapText } from '../report/text-width.js';
import { parseLabel } from '../strategies/label.js';
import { sweepCrossover, sweepFigure } from './crossover.js';
import { PARAMETERS } from './parameters.js';
import type { SweepResult } from './result.js';
import { busyNote, coresWords, sweepTitle, valueLabel } from './summary.js';

/** Dash patterns of the first, second, ... variant of one strategy. */
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]];

/** The colour of a label: its strategy's; and a dash that tells variants of one strategy apart. */
function lineStyles(labels: readonly string[]): { colors: string[]; dashes: number[][] } {
  const base = labels.map((label) => parseLabel(label)?.strategy.name ?? label);
  return {
    colors: base.map((name) => strategyColor(name)),
    dashes: base.map((name, i) => DASHES[base.slice(0, i).filter((other) => other === name).length % DASHES.length] as number[]),
  };
}

/** The vega-lite spec of a sweep: time and req/s against the swept parameter, one line per strategy. */
export function chartSpec(result: SweepResult): TopLevelSpec {
  const figure = sweepFigure(result);
  const rows = result.points
    .filter((p) => p.error === undefined)
    .map((p) => ({
      value: p.value,
      strategy: p.strategy,
      meanSeconds: p.meanSeconds,
      requestsPerSecond: p.requestsPerSecond,
      label: valueLabel(result, p.value),
      low: Math.max(p.meanSeconds - p.stddevSeconds, p.meanSeconds / 10),
      high: p.meanSeconds + p.stddevSeconds,
      ...(p.inProcess
        ? {
            inProcessSeconds: p.inProcess.medianSeconds,
            inProcessLow: Math.min(...p.inProcess.times),
            inProcessHigh: Math.max(...p.inProcess.times),
            inProcessPerSecond: p.inProcess.requestsPerSecond,
          }
        : {}),
    }));
  const parameter = PARAMETERS[result.parameter];
  const { title } = parameter;
  // Node versions are names, not quantities: one band per binary, in the order given.
  const x = result.labels
    ? { field: 'label', type: 'ordinal' as const, title, sort: result.values.map((v) => valueLabel(result, v)), axis: { labelAngle: 0 } }
    : {
        field: 'value',
        type: 'quantitative' as const,
        title,
        scale: parameter.scale === 'log' ? { type: 'log' as const, base: 2 } : { type: 'symlog' as const },
        // Every swept value is a tick, with its unit ("5 ms").
        axis: { values: result.values, labelOverlap: true, ...(parameter.milliseconds ? { labelExpr: "datum.value + ' ms'" } : {}) },
      };
  const styles = lineStyles(result.strategies);
  const color = {
    field: 'strategy',
    type: 'nominal' as const,
    title: 'Strategy',
    // The one colour per strategy, the same in every chart (the registry's).
    scale: { domain: result.strategies, range: styles.colors },
  };
  const strokeDash = { field: 'strategy', type: 'nominal' as const, title: 'Strategy', scale: { domain: result.strategies, range: styles.dashes } };

  // Width: the plot, its y axis (~70 px) and the legend on the right within MAX_CHART_WIDTH.
  const legend = Math.max(textWidth('Strategy', CHART_FONT.legend, true), ...result.strategies.map((s) => textWidth(s, CHART_FONT.legend) + 40)) + 20;
  const width = Math.round(Math.min(600, MAX_CHART_WIDTH - 10 - 75 - legend));
  const lineWidth = width + 75 + legend;
  const busy = busyNote(result);
  const { node, cpuModel } = result.environment;
  const { runs, warmup } = result.fixed;
  const wholeProcess = `time per run of one whole benchmark <strategy> process (hyperfine), the mean of ${runs} runs after ${warmup} warmup, bars ± 1 sd`;
  const explained =
    figure === 'in-process'
      ? [
          `Top: in-process time per run, the strategy's own clock started with --warm once its pools were up and its connections open: ` +
            `median of ${runs} runs after ${warmup} warmup, bars fastest to slowest. Middle: requests per second = requests ÷ that median. ` +
            `Bottom: ${wholeProcess} (Node and pool start-up included).`,
        ]
      : [`Top: ${wholeProcess}. Bottom: requests per second = requests ÷ mean time.`];
  const subtitle = [
    ...explained,
    `Client: node ${node ?? '?'} on ${coresWords(result)} (${cpuModel ?? '?'}); target: ${result.target}${result.preset ? `; preset "${result.preset}"` : ''}.`,
    ...(busy ? [`${busy}: noisy.`] : []),
  ].flatMap((line) => wrapText(line, lineWidth, CHART_FONT.subtitle));

  const timePanel = (field: string, lowField: string, highField: string, axisTitle: string, extra: object[] = []) => ({
    width,
    height: 220,
    transform: [{ filter: `datum.${field} != null` }],
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { field, type: 'quantitative', title: axisTitle, scale: { type: 'log' } }, color, strokeDash } },
      { mark: { type: 'rule' }, encoding: { x, y: { field: lowField, type: 'quantitative', scale: { type: 'log' } }, y2: { field: highField }, color } },
      ...extra,
    ],
  });
  const ratePanel = (field: string, axisTitle: string) => ({
    width,
    height: 180,
    transform: [{ filter: `datum.${field} != null` }],
    mark: { type: 'line', point: true },
    encoding: { x, y: { field, type: 'quantitative', title: axisTitle }, color, strokeDash },
  });

  // The work sweep's crossovers: a dashed rule where each thread design starts to win for good.
  const found = result.parameter === 'work' && !result.labels ? sweepCrossover(result).crossovers.filter((c) => c.from !== null) : [];
  const marker = found.flatMap((c, i) => [
    { data: { values: [{ value: c.from }] }, mark: { type: 'rule', color: strategyColor(parseLabel(c.design)?.strategy.name ?? c.design), strokeDash: [4, 4] }, encoding: { x: { ...x, axis: null } } },
    {
      data: { values: [{ value: c.from, text: `${c.design} wins from ${c.from} ms` }] },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4 + i * (CHART_FONT.label + 3), fontSize: CHART_FONT.label, color: '#333' },
      encoding: { x: { ...x, axis: null }, y: { value: 0 }, text: { field: 'text' } },
    },
  ]);
  const panels =
    figure === 'in-process'
      ? [
          timePanel('inProcessSeconds', 'inProcessLow', 'inProcessHigh', 'In-process time per run, s (log scale)', marker),
          ratePanel('inProcessPerSecond', 'Requests per second (in-process)'),
          timePanel('meanSeconds', 'low', 'high', 'Whole-process time per run, s (log)'),
        ]
      : [timePanel('meanSeconds', 'low', 'high', 'Time per run, s (log scale)', marker), ratePanel('requestsPerSecond', 'Requests per second')];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: wrapText(sweepTitle(result), lineWidth, CHART_FONT.title, true), subtitle, anchor: 'start' },
    background: 'white',
    data: { values: rows },
    vconcat: panels,
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
    config: {
      ...CHART_TEXT_CONFIG,
      legend: { labelFontSize: CHART_FONT.legend, titleFontSize: CHART_FONT.legend, symbolType: 'stroke', symbolSize: 300, symbolStrokeWidth: 3 },
    },
  } as TopLevelSpec;
}

export function renderSvg(result: SweepResult): Promise<string> {
  return renderVegaLiteSvg(chartSpec(result));
}
