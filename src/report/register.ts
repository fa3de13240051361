// Registers `benchmark report` and its output formats. Kept tiny: the report code and Vega are
// imported only when the subcommand runs, so `benchmark <test>` (what hyperfine times) loads none
// of it. A new format is one entry in FORMATS and its renderer.
import { Option, type Command } from 'commander';
import type { ReportFlags } from './command.js';
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

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('table and chart from hyperfine JSON exports (several files: compared side by side)')
    .argument('<hyperfine-json...>', 'hyperfine --export-json files; beside each, <name>.meta.json gives the label and the record, <name>.outcomes.jsonl what each invocation did')
    .addOption(new Option('-f, --format <format>', 'table format on stdout').choices(Object.keys(FORMATS)).default('markdown'))
    .option('-o, --output <dir>', 'also write <name>.report.md and the chart <name>.svg into DIR (and <name>.report.json/.csv for those formats)')
    .option('-n, --name <name>', 'base name of the written files (default: the input file name for one input, "comparison" for several)')
    .option('--title <text>', 'chart title')
    .addHelpText(
      'after',
      `
Exit codes: 0 report written, 1 the report could not be written, 2 usage error or a bad
input file (missing, empty, malformed JSON, not a hyperfine export, a negative or infinite time).
Differences are tested with Welch's t-test on the per-run times (p < 0.05: they differ).

Examples:
  benchmark report results/run.json
  benchmark report results/node22.json results/node24.json --output results/
  benchmark report results/run.json --format csv > table.csv`,
    )
    .action(async (files: string[], flags: ReportFlags) => {
      const { reportCommand } = await import('./command.js');
      await reportCommand(files, flags);
    });
}
