// Registers `benchmark environment`. Kept tiny: the work is imported only when the
// subcommand runs, so `benchmark <test>` (what hyperfine times) loads none of it.
import type { Command } from 'commander';
import { collectParameter } from './parameters.js';
import type { EnvironmentFlags } from './command.js';

export function registerEnvironmentCommand(program: Command): void {
  program
    .command('environment')
    .description('record the environment of a run (Node, library versions, OS, CPU, memory, git commit, parameters) as JSON')
    .option('-o, --output <file>', 'write the record to FILE (the suite writes <name>.meta.json) instead of stdout')
    .option('--set <key=value>', 'add a run parameter to the record (repeatable)', collectParameter, {})
    .addHelpText(
      'after',
      `
Also read: BENCHMARK_LABEL (label; default node<version>), BENCHMARK_INSTANCE_TYPE,
BENCHMARK_GIT_COMMIT (when there is no git checkout), BENCHMARK_IMAGE_DIGESTS.

Example:
  benchmark environment --output results/run.meta.json --set queries=1000 --set chunk=100`,
    )
    .action(async (flags: EnvironmentFlags) => {
      const { environmentCommand } = await import('./command.js');
      await environmentCommand(flags);
    });
}
