// The one Vega renderer: a Vega-Lite spec compiled and drawn to SVG by Vega itself,
// headless (no canvas, no browser). Vega loads only when a chart is drawn.
import type { TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './text-width.js';

/** The most a chart may be wide: it must fit a README column (~900 px) with its text readable. */
export const MAX_CHART_WIDTH = 880;

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
