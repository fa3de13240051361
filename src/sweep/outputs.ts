import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { renderSvg } from './chart.js';
import type { SweepResult } from './result.js';
import { markdownSummary } from './summary.js';

/** DIR/sweep.md and DIR/chart.svg, drawn from the result (each written atomically). */
export async function writeViews(result: SweepResult, dir: string): Promise<void> {
  await writeFileAtomic(join(dir, 'sweep.md'), markdownSummary(result));
  await writeFileAtomic(join(dir, 'chart.svg'), await renderSvg(result));
}

/** DIR/sweep.json (NaN for failed points becomes null), then the views drawn from it. */
export async function writeOutputs(result: SweepResult, dir: string): Promise<void> {
  await writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeViews(result, dir);
}
