// What a sweep draws: sweep.json, and sweep.md and chart.svg from it, written as one set.
import { join } from 'node:path';
import { writeFileSet } from '../common/atomic-write.js';
import { renderSvg } from './chart.js';
import type { SweepResult } from './result.js';
import { markdownSummary } from './summary.js';

/** Where an interrupted replacement of a sweep's views is recorded until finished. */
export function viewsJournal(dir: string): string {
  return join(dir, 'sweep.json.journal');
}

/** sweep.md and chart.svg from `result`, and with `withData` sweep.json itself, as one set. */
export async function writeViews(result: SweepResult, dir: string, withData = false): Promise<void> {
  const files = new Map<string, string>([
    [join(dir, 'sweep.md'), markdownSummary(result)],
    [join(dir, 'chart.svg'), await renderSvg(result)],
  ]);
  if (withData) files.set(join(dir, 'sweep.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFileSet(files, viewsJournal(dir));
}
