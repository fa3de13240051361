// The report's output formats: the one list that `benchmark report --format` offers and
// the report writes (kept apart so the command's registration stays lean).
export const FORMATS = ['markdown', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** File extension of each format's report file. */
export const EXTENSIONS: Record<Format, string> = { markdown: 'md', json: 'json', csv: 'csv' };
