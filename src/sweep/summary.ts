import { linkDescription, type SweepResult } from './result.js';

/** sweep.md: one table per sweep, rows = values, columns = strategies, "mean s (req/s)". */
export function markdownSummary(result: SweepResult): string {
  const header = `| ${result.parameter} | ${result.strategies.join(' | ')} |`;
  const rule = `|---:|${result.strategies.map(() => '---:').join('|')}|`;
  const rows = result.values.map((value) => {
    const cells = result.strategies.map((strategy) => {
      const p = result.points.find((q) => q.value === value && q.strategy === strategy);
      if (!p) return '';
      if (p.error !== undefined) return 'failed';
      const rate = p.requestsPerSecond === null ? '' : ` (${Math.round(p.requestsPerSecond)}/s)`;
      return `${p.meanSeconds.toFixed(3)} ± ${p.stddevSeconds.toFixed(3)}${rate}`;
    });
    return `| ${result.labels?.[String(value)] ?? value} | ${cells.join(' | ')} |`;
  });
  const failures = result.points
    .filter((p) => p.error !== undefined)
    .map((p) => `- ${result.parameter}=${result.labels?.[String(p.value)] ?? p.value} ${p.strategy}: ${p.error}`);
  const env = result.environment as { node?: string; cpuCount?: number; cpuModel?: string; os?: string };
  return [
    `# Sweep over ${result.parameter}${result.preset ? ` (preset "${result.preset}")` : ''}`,
    '',
    `Whole-process time per run in seconds (hyperfine mean ± sd of ${result.fixed.runs} runs after ${result.fixed.warmup} warmup), ` +
      `requests per second in brackets. ${result.fixed.requests} requests, chunk ${result.fixed.chunk}, server delay ${result.fixed.delay} ` +
      `(the swept one varies). Link: ${linkDescription(result)}. Target: ${result.target}.`,
    `Environment: node ${env.node ?? '?'}, ${env.cpuCount ?? '?'} x ${env.cpuModel ?? '?'}, ${env.os ?? ''}; ${result.startedAt} to ${result.finishedAt}; ` +
      `load average ${String((result.environment.conditions as { loadAverageAtStart?: string } | undefined)?.loadAverageAtStart ?? '?')} at start, ${result.loadAverageAtEnd} at end.`,
    '',
    header,
    rule,
    ...rows,
    ...(failures.length > 0 ? ['', 'Failed:', ...failures] : []),
    '',
    '![chart](chart.svg)',
    '',
  ].join('\n');
}
