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
    .option('--baseline <old-json>', 'regression gate: compare the one export given with this earlier run (needs --fail-if-slower)')
    .option('--fail-if-slower <threshold>', 'regression gate: exit 1 when a strategy is slower than the baseline by more than this (5% or 0.05), significantly')
    .addHelpText(
      'after',
      `
Exit codes: 0 report written (with --baseline: no strategy slower beyond the threshold);
1 the report could not be written (with --baseline: a strategy is slower by more than the
threshold, Holm-corrected p < 0.05); 2 usage error or a bad input file (missing, empty,
malformed JSON, not a hyperfine export, inconsistent statistics, a negative or infinite time,
more than 500 commands).
Differences from the run's fastest are tested with Welch's t-test on the per-run times,
Holm-corrected over the run's comparisons (p < 0.05: they differ); where none is shown,
TOST says whether they are equal within ±5% or not told apart (docs/reports.md).

Examples:
  benchmark report results/run.json
  benchmark report results/node22.json results/node24.json --output results/
  benchmark report results/run.json --format csv > table.csv
  benchmark report --baseline results/main.json results/branch.json --fail-if-slower 5%`,
    )
    .action(async (files: string[], flags: ReportFlags) => {
      const { reportCommand } = await import('./command.js');
      await reportCommand(files, flags);
    });
}
