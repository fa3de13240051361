// Registers `benchmark report`. Kept tiny: the report code and Vega are imported only
// when the subcommand runs, so `benchmark <test>` (what hyperfine times) loads none of it.
import { Option, type Command } from 'commander';
import type { ReportFlags } from './command.js';
import { FORMATS } from './formats.js';

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
