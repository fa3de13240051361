// The one Vega renderer: a Vega-Lite spec compiled and drawn to SVG by Vega itself,
// headless (no canvas, no browser). Vega loads only when a chart is drawn.
import type { TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './text-width.js';

/** The most a chart may be wide: it must fit a README column (~900 px) with its text readable. */
export const MAX_CHART_WIDTH = 880;

/** Font sizes of every chart, px: no text smaller than `label` at MAX_CHART_WIDTH. */
export const CHART_FONT = { label: 11, axis: 12, legend: 12, title: 15, subtitle: 12 } as const;

/** The text settings every chart shares (Vega-Lite `config`). */
export const CHART_TEXT_CONFIG = {
  font: 'sans-serif',
  title: { fontSize: CHART_FONT.title, subtitleFontSize: CHART_FONT.subtitle, subtitleColor: '#333' },
  axis: { labelFontSize: CHART_FONT.label, titleFontSize: CHART_FONT.axis },
};

export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  // Lay text out at its real width (Vega's own guess without a canvas is far too wide).
  // Vega exports this hook (vl-convert sets it too) but its types do not declare it.
  (vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
