// <name>.md: the joined export as one Markdown table in hyperfine's own layout (1.15's
// --export-markdown), so it reads as if one hyperfine call had timed every strategy: the
// unit from the first result (ms below a second, else s), mean ± σ, min, max, and the
// speed relative to the fastest with hyperfine's error propagation.
import { relativeSpeeds } from '../report/relative-speed.js';

/** The fields of a hyperfine JSON result the table shows. */
export interface ExportedResult {
  command: string;
  mean: number;
  stddev?: number | null;
  min?: number | null;
  max?: number | null;
}

export function hyperfineMarkdown(results: readonly ExportedResult[]): string {
  const milliseconds = (results[0]?.mean ?? 0) < 1;
  const unit = milliseconds ? 'ms' : 's';
  const scale = milliseconds ? 1000 : 1;
  const digits = milliseconds ? 1 : 3;
  const time = (seconds: number) => (seconds * scale).toFixed(digits);
  const relative = results.length > 0 ? relativeSpeeds(results.map((r) => ({ mean: r.mean, stddev: r.stddev ?? null }))) : [];
  const rows = results.map((result, index) => {
    const speed = relative[index];
    const mean = typeof result.stddev === 'number' ? `${time(result.mean)} ± ${time(result.stddev)}` : time(result.mean);
    const ratio = !speed || speed.isReference ? '1.00' : speed.stddev === null ? speed.ratio.toFixed(2) : `${speed.ratio.toFixed(2)} ± ${speed.stddev.toFixed(2)}`;
    return `| \`${result.command}\` | ${mean} | ${time(result.min ?? result.mean)} | ${time(result.max ?? result.mean)} | ${ratio} |`;
  });
  return [`| Command | Mean [${unit}] | Min [${unit}] | Max [${unit}] | Relative |`, '|:---|---:|---:|---:|---:|', ...rows, ''].join('\n');
}
