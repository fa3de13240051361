// The chart: per strategy and per run, the median (tick) with its spread: the middle
// half of the measured runs (box, from hyperfine's raw `times`) and min–max (whiskers;
// all an older export without `times` offers). Built as a Vega-Lite spec and rendered
// to SVG by Vega itself, headless (no canvas, no browser).
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg } from './render-svg.js';
import type { Table } from './table.js';
import { quantile, sorted } from './statistics.js';
import { formatTimeWithUnit, unitFor, type TimeUnit } from './units.js';

export interface ChartDatum {
  strategy: string;
  run: string;
  /** Median when known, else the mean (older exports); in the chart's unit. */
  center: number;
  centerIs: 'median' | 'mean';
  q1: number | null;
  q3: number | null;
  min: number;
  max: number;
  label: string;
}

export function chartData(table: Table, unit: TimeUnit): ChartDatum[] {
  return table.rows.map((row) => {
    const r = row.result;
    const times = r.times ? sorted(r.times) : null;
    const centerSeconds = r.median ?? r.mean;
    const scale = (seconds: number) => seconds * unit.factor;
    return {
      strategy: row.strategy,
      run: row.run,
      center: scale(centerSeconds),
      centerIs: r.median === null ? 'mean' : 'median',
      q1: times && times.length > 1 ? scale(quantile(times, 0.25)) : null,
      q3: times && times.length > 1 ? scale(quantile(times, 0.75)) : null,
      min: scale(r.min ?? centerSeconds),
      max: scale(r.max ?? centerSeconds),
      label: `${r.median === null ? 'mean ' : ''}${formatTimeWithUnit(centerSeconds, unit)}${row.failedRuns ? ' (failed runs!)' : ''}`,
    };
  });
}

function parameter(table: Table, key: string): string | null {
  const values = new Set<string>();
  for (const run of table.runs) {
    const parameters = run.environment?.parameters;
    const value = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && value !== null) values.add(String(value));
  }
  if (values.size > 1) return 'differs between runs';
  return values.size === 1 ? ([...values][0] as string) : null;
}

/** Requests and chunk from the runs' records; said to differ rather than showing one run's. */
function describeParameters(table: Table): string | null {
  const queries = parameter(table, 'queries');
  const chunk = parameter(table, 'chunk');
  const parts: string[] = [];
  if (queries !== null) parts.push(`requests per invocation: ${queries}`);
  if (chunk !== null) parts.push(`chunk: ${chunk}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The Vega-Lite spec (exported for tests and for anyone who wants to restyle it). */
export function chartSpec(table: Table, title = 'Whole-process time per strategy (lower is faster)'): Record<string, unknown> {
  const unit = unitFor(table.rows.map((row) => row.result.median ?? row.result.mean));
  const values = chartData(table, unit);
  const lows = values.map((v) => v.min);
  const highs = values.map((v) => v.max);
  // Worker-thread strategies can be 100x slower than async ones: a log axis keeps both readable.
  const useLog = Math.min(...lows) > 0 && Math.max(...highs) / Math.min(...lows) > 20;
  const runs = table.runs.map((run) => run.label);
  const counts = [...new Set(table.rows.map((row) => row.count).filter((c) => c !== null))];
  const subtitle = [
    'tick: median · box: middle 50% of runs · whiskers: min–max',
    [counts.length === 1 ? `${counts[0]} measured runs per strategy` : null, describeParameters(table)].filter(Boolean).join(', '),
  ].filter((line) => line !== '');
  const x = {
    type: 'quantitative',
    scale: useLog ? { type: 'log', nice: true } : { type: 'linear', zero: false, nice: true },
    axis: { title: `Wall-clock time per invocation (${unit.name}${useLog ? ', log scale' : ''})`, grid: true },
  };
  const band = 12;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle, anchor: 'start' },
    width: 560,
    height: table.strategies.length * (runs.length * (band + 6) + 14),
    background: 'white',
    data: { values },
    encoding: {
      y: { field: 'strategy', type: 'nominal', sort: table.strategies, axis: { title: 'Strategy', labelFontSize: 12 } },
      yOffset: { field: 'run', type: 'nominal', sort: runs },
      color: {
        field: 'run',
        type: 'nominal',
        sort: runs,
        scale: { scheme: 'tableau10' },
        legend: { title: 'Run', orient: 'bottom', direction: 'vertical', labelLimit: 480, symbolType: 'square' },
      },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { field: 'min', ...x }, x2: { field: 'max' } } },
      { mark: { type: 'tick', orient: 'vertical', size: band * 0.7, thickness: 1.5 }, encoding: { x: { field: 'min', type: 'quantitative' } } },
      { mark: { type: 'tick', orient: 'vertical', size: band * 0.7, thickness: 1.5 }, encoding: { x: { field: 'max', type: 'quantitative' } } },
      {
        transform: [{ filter: 'datum.q1 != null' }],
        mark: { type: 'bar', height: band, opacity: 0.55, stroke: 'black', strokeWidth: 0.5 },
        encoding: { x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' } },
      },
      {
        mark: { type: 'tick', orient: 'vertical', size: band + 4, thickness: 3, color: 'black' },
        encoding: { x: { field: 'center', type: 'quantitative' }, color: { value: 'black' } },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: 10 },
        encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'label' }, color: { value: '#333' } },
      },
    ],
    config: { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

/** Renders the chart to a standalone SVG document. Imports Vega only when called. */
export async function renderChartSvg(table: Table, title?: string): Promise<string> {
  const svg = await renderVegaLiteSvg(chartSpec(table, title) as unknown as TopLevelSpec);
  return svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
