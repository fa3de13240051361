import type { Command } from 'commander';
import { registerDelegatedCommand } from '../common/delegated-command.js';

/** `benchmark suite ...` (what scripts/run.sh and npm run bench run): loads when the subcommand runs. */
export function registerSuiteCommand(program: Command): void {
  registerDelegatedCommand(
    program,
    'suite',
    'hyperfine over the strategies in one run, with the environment record, report and chart beside the export (benchmark suite --help)',
    async () => (await import('./cli.js')).suiteCommand,
  );
}
