// The one Vega renderer: a Vega-Lite spec compiled and drawn to SVG by Vega itself,
// headless (no canvas, no browser). Vega loads only when a chart is drawn.
import type { TopLevelSpec } from 'vega-lite';

export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
