// The chart: per strategy and run, the median (tick), the middle half of the runs (box, from hyperfine's raw
// `times`) and min–max (whiskers; all an older export offers). Each strategy keeps its one colour (the Python
// original's client a paler shade) and every bar is labelled with its time, client and run, so the chart reads
// without the text around it; a strategy that did not fit gets a labelled empty row. A Vega-Lite spec, drawn to
// SVG by Vega itself, headless.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT, CHART_TEXT_CONFIG, MAX_CHART_WIDTH, renderVegaLiteSvg } from './render-svg.js';
import { busySentence, describeBusy, describeNotMeasuredShort, parameter as parameterOf, runLoad } from './run-record.js';
import { parseLabel } from '../strategies/label.js';
import { groupName, strategyColor } from './strategy-style.js';
import { isNotFit, rowsInOrder, type Table } from './table.js';
import { quantile, sorted } from '../common/statistics.js';
import { textWidth, wrapText } from './text-width.js';
import { formatTimeWithUnit, unitFor, type TimeUnit } from './units.js';

/**
 * Text from the inputs (command names, run labels, a title) as a chart may show it: line breaks
 * (U+2028 and U+2029 included, which break Vega's expression parser) and other control characters
 * (not allowed in SVG's XML) become spaces, and bidirectional overrides are dropped.
 */
function chartText(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]/gu, ' ').replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}

/** What tells bars in one row apart: whose client, the A/A control's copy, which run (only when there is a choice). */
function variantOf(row: { strategy: string; run: string; controlOf?: string | null }, several: boolean): string {
  const label = parseLabel(row.strategy);
  const control = (row.controlOf ?? null) !== null || label?.aa === true;
  return [label?.client === 'original' ? 'Python original' : null, control ? 'A/A control' : null, several ? chartText(row.run) : null].filter((part) => part !== null).join(' · ');
}

/**
 * A bar per strategy and run: its row (`group`: original-X sits with X) and place within it (`variant`);
 * `center` the median when known, else the mean (older exports), in the chart's unit; null: did not fit.
 */
export function chartData(table: Table, unit: TimeUnit) {
  const several = table.runs.length > 1;
  return rowsInOrder(table).map((row) => {
    const variant = variantOf(row, several);
    // An A/A copy sits in the row of the command it copies, as the original's client sits in ours.
    const group = 'controlOf' in row && row.controlOf !== null ? groupName(row.controlOf) : groupName(row.strategy);
    const common = { strategy: chartText(row.strategy), run: chartText(row.run), group: chartText(group), variant };
    if (isNotFit(row)) {
      const label = [describeNotMeasuredShort(row.entry), variant || null].filter((part) => part !== null).join(' · ');
      return { ...common, center: null, centerIs: null, q1: null, q3: null, min: null, max: null, label };
    }
    const r = row.result;
    const times = r.times && r.times.length > 1 ? sorted(r.times) : null;
    const centerSeconds = r.median ?? r.mean;
    const scale = (seconds: number) => seconds * unit.factor;
    const quartile = (q: number) => (times ? scale(quantile(times, q)) : null);
    const time = `${r.median === null ? 'mean ' : ''}${formatTimeWithUnit(centerSeconds, unit)}`;
    const label = [time, variant || null, row.failedRuns ? 'failed runs!' : null].filter((part) => part !== null).join(' · ');
    const centerIs: 'mean' | 'median' = r.median === null ? 'mean' : 'median';
    return { ...common, center: scale(centerSeconds), centerIs, q1: quartile(0.25), q3: quartile(0.75), min: scale(r.min ?? centerSeconds), max: scale(r.max ?? centerSeconds), label };
  });
}

/** A parameter of the runs' records: its one value, null when none has it, DIFFERS when they disagree. */
const DIFFERS = 'differs between runs';
function parameter(table: Table, key: string): string | null {
  const values = new Set(table.runs.map((run) => parameterOf(run.environment, key)).filter((value) => value !== undefined && value !== null).map(String));
  return values.size > 1 ? DIFFERS : ([...values][0] ?? null);
}

/** "1000 requests per invocation, chunk C = 100, server: ours" from the runs' records; said to differ rather than showing one run's. */
function describeConditions(table: Table): string | null {
  const say = (key: string, differ: string, one: (value: string) => string): string[] => {
    const value = parameter(table, key);
    return value === null ? [] : [value === DIFFERS ? differ : one(value)];
  };
  const parts = [
    ...say('queries', 'requests per invocation differ between runs', (v) => `${v} requests per invocation`),
    ...say('chunk', 'chunk C differs between runs', (v) => `chunk C = ${v}`),
    ...say('server', 'servers differ between runs', (v) => `server: ${v}`),
  ];
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The Vega-Lite spec (exported for tests and for anyone who wants to restyle it). */
export function chartSpec(table: Table, title?: string): Record<string, unknown> {
  const measured = table.rows.map((row) => row.result.median ?? row.result.mean);
  const unit = measured.length > 0 ? unitFor(measured) : { name: 's' as const, factor: 1 };
  const data = chartData(table, unit);
  const drawn = data.filter((v) => v.center !== null);
  const lows = drawn.map((v) => v.min as number);
  const highs = drawn.map((v) => v.max as number);
  // Worker-thread strategies can be 100x slower than async ones: a log axis keeps both readable.
  const useLog = Math.min(...lows) > 0 && Math.max(...highs) / Math.min(...lows) > 20;
  const groups = [...new Set(data.map((v) => v.group))];
  const variants = [...new Set(data.map((v) => v.variant))];
  // Rows and bars in order by a field of their own: a sort list would become one Vega expression with a
  // branch per row, which overflows the parser's stack at about 1,500 rows.
  const [groupOrder, variantOrder] = [new Map(groups.map((g, i) => [g, i])), new Map(variants.map((v, i) => [v, i]))];
  const values = data.map((v) => ({ ...v, groupOrder: groupOrder.get(v.group) as number, variantOrder: variantOrder.get(v.variant) as number }));
  const perGroup = Math.max(1, ...groups.map((g) => new Set(values.filter((v) => v.group === g).map((v) => v.variant)).size));
  const names = [...new Set(values.map((v) => v.strategy))];

  // Room for the y labels on the left and the bar labels past the slowest whisker on the right.
  const labelsLeft = Math.max(...groups.map((g) => textWidth(g, CHART_FONT.axis))) + 16;
  // (A did-not-fit row's label sits inside the plot, from its left edge.)
  const labelsRight = Math.max(0, ...drawn.map((v) => textWidth(v.label, CHART_FONT.label))) + 12;
  const width = Math.round(Math.min(600, Math.max(300, MAX_CHART_WIDTH - 10 - labelsLeft - labelsRight)));
  const textWidthAvailable = width + labelsLeft + labelsRight;

  const counts = [...new Set(table.rows.map((row) => row.count).filter((c) => c !== null))];
  const queries = parameter(table, 'queries');
  const forRequests = queries !== null && queries !== DIFFERS ? ` for ${queries} requests` : '';
  const heading = chartText(title ?? `Whole-process time per strategy${forRequests} (lower is faster)`);
  const subtitle: string[] = [
    'One benchmark <strategy> process, timed by hyperfine: start-up, the requests, exit.',
    'Tick: median · box: middle 50% of runs · whiskers: fastest to slowest run.',
    [counts.length === 1 ? `${counts[0]} measured runs per strategy` : null, describeConditions(table)].filter(Boolean).join('; '),
  ];
  if (values.some((v) => parseLabel(v.strategy)?.client === 'original')) subtitle.push("Pale bars: the Python original's client (original-X), in the same run against the same server.");
  if (table.rows.some((row) => row.controlOf !== null)) subtitle.push('A/A control: the same command timed twice in the same rounds (the paler bar); they differ only by chance and drift.');
  for (const run of table.runs) {
    const load = runLoad(run.environment);
    if (load.busy) subtitle.push(table.runs.length > 1 ? `${run.label}: ${describeBusy(load)}: noisy.` : `${busySentence(load)}: noisy.`);
  }
  const wrapped = subtitle.filter((line) => line !== '').map(chartText).flatMap((line) => wrapText(line, textWidthAvailable, CHART_FONT.subtitle));

  const x = {
    type: 'quantitative',
    scale: useLog ? { type: 'log', nice: true } : { type: 'linear', zero: false, nice: true },
    axis: { title: `Wall-clock time per invocation (${unit.name}${useLog ? ', log scale' : ''})`, grid: true, tickCount: 8 },
  };
  const band = 12;
  const measuredOnly = [{ filter: 'datum.center != null' }];
  const whisker = (field: 'min' | 'max') => ({ transform: measuredOnly, mark: { type: 'tick', orient: 'vertical', size: band * 0.7, thickness: 1.5 }, encoding: { x: { field, type: 'quantitative' } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: wrapText(heading, textWidthAvailable, CHART_FONT.title, true), subtitle: wrapped, anchor: 'start' },
    width,
    height: groups.length * (perGroup * (band + 6) + 14),
    background: 'white',
    padding: 5,
    data: { values },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: { field: 'groupOrder', op: 'min' }, axis: { title: null, labelFontSize: CHART_FONT.axis } },
      yOffset: { field: 'variant', type: 'nominal', sort: { field: 'variantOrder', op: 'min' } },
      color: {
        field: 'strategy',
        type: 'nominal',
        // The one colour per strategy, the same in every chart (the registry's).
        scale: { domain: names, range: names.map(strategyColor) },
        legend: null,
      },
    },
    layer: [
      { transform: measuredOnly, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { field: 'min', ...x }, x2: { field: 'max' } } },
      whisker('min'),
      whisker('max'),
      { transform: [{ filter: 'datum.q1 != null' }], mark: { type: 'bar', height: band, opacity: 0.85, stroke: 'black', strokeWidth: 0.5 }, encoding: { x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' } } },
      { transform: measuredOnly, mark: { type: 'tick', orient: 'vertical', size: band + 4, thickness: 3, color: 'black' }, encoding: { x: { field: 'center', type: 'quantitative' }, color: { value: 'black' } } },
      {
        transform: measuredOnly,
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: CHART_FONT.label },
        encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'label' }, color: { value: '#333' } },
      },
      {
        // A strategy that did not fit: its row stays, labelled, instead of a silent gap.
        transform: [{ filter: 'datum.center == null' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: CHART_FONT.label, fontStyle: 'italic' },
        encoding: { x: { value: 4 }, text: { field: 'label' }, color: { value: '#a00' } },
      },
    ],
    config: { ...CHART_TEXT_CONFIG, view: { stroke: null } },
  };
}

/** Renders the chart to a standalone SVG document. Imports Vega only when called. */
export async function renderChartSvg(table: Table, title?: string): Promise<string> {
  const svg = await renderVegaLiteSvg(chartSpec(table, title) as unknown as TopLevelSpec);
  return svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
