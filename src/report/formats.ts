// The report's output formats: the one table that `benchmark report --format` offers and the
// report writes. A new format is one entry here and its renderer. Renderers load on use, so the
// command's registration stays lean.
import type { Table } from './table.js';

export interface ReportFormat {
  /** The report file's extension (<name>.report.<extension>). */
  extension: string;
  render(table: Table, options: { chartFile?: string }): Promise<string>;
}

const formats = {
  markdown: { extension: 'md', render: async (table, options) => (await import('./format-markdown.js')).markdownReport(table, options) },
  json: { extension: 'json', render: async (table) => (await import('./format-data.js')).jsonReport(table) },
  csv: { extension: 'csv', render: async (table) => (await import('./format-data.js')).csvReport(table) },
} satisfies Record<string, ReportFormat>;

export type Format = keyof typeof formats;
export const FORMATS: Readonly<Record<Format, ReportFormat>> = formats;
