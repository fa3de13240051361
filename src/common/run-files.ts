// The one place the names of a run's files are spelled, all after its export (-o FILE.json).

/** In the order they are written. */
export const RUN_FILE_SUFFIXES = {
  /** One line per timed invocation: what the client did (its --json outcome). */
  outcomes: '.outcomes.jsonl',
  /** hyperfine's JSON shape: one result per command, with every per-run time. */
  export: '.json',
  /** The same as a Markdown table, in hyperfine's layout. */
  markdown: '.md',
  /** The environment record, settings, round order, what did not fit or failed. */
  meta: '.meta.json',
  /** The readable report and its chart (the suite's; a sweep draws its own views). */
  report: '.report.md',
  chart: '.svg',
} as const;

export type RunFiles = Record<keyof typeof RUN_FILE_SUFFIXES, string>;

/** results/x.json -> { export: results/x.json, meta: results/x.meta.json, ... } */
export function runFiles(exportFile: string): RunFiles {
  const base = exportFile.replace(/\.json$/i, '');
  return Object.fromEntries(Object.entries(RUN_FILE_SUFFIXES).map(([key, suffix]) => [key, `${base}${suffix}`])) as RunFiles;
}

/** Where an interrupted replacement of the set is recorded until it is finished (common/atomic-write.ts). */
export function runJournal(exportFile: string): string {
  return `${exportFile}.journal`;
}
