// What a sweep draws from sweep.json: sweep.md and chart.svg beside it, each written atomically.
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { renderSvg } from './chart.js';
import type { SweepResult } from './result.js';
import { markdownSummary } from './summary.js';

export async function writeViews(result: SweepResult, dir: string): Promise<void> {
  await writeFileAtomic(join(dir, 'sweep.md'), markdownSummary(result));
  await writeFileAtomic(join(dir, 'chart.svg'), await renderSvg(result));
}
