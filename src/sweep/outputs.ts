import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg } from './chart.js';
import type { SweepResult } from './result.js';
import { markdownSummary } from './summary.js';

/** DIR/sweep.json (NaN for failed points becomes null), DIR/sweep.md and DIR/chart.svg. */
export async function writeOutputs(result: SweepResult, dir: string): Promise<void> {
  await writeFile(join(dir, 'sweep.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(dir, 'sweep.md'), markdownSummary(result));
  await writeFile(join(dir, 'chart.svg'), await renderSvg(result));
}
