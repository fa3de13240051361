import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { renderSvg } from './chart.js';
import type { SweepResult } from './result.js';
import { markdownSummary } from './summary.js';

/** DIR/sweep.json (NaN for failed points becomes null), DIR/sweep.md and DIR/chart.svg. */
export async function writeOutputs(result: SweepResult, dir: string): Promise<void> {
  await writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'sweep.md'), markdownSummary(result));
  await writeFileAtomic(join(dir, 'chart.svg'), await renderSvg(result));
}
