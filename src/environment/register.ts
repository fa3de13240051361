// Registers `benchmark environment`; its work is imported only when it runs (the timed path loads none).
import type { Command } from 'commander';
import { describeError, fail } from '../common/cli-errors.js';
import { collectParameter } from './parameters.js';

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
    .action(async (flags: { output?: string; set: Record<string, string | number> }) => {
      const { collectEnvironment } = await import('./collect.js');
      const text = `${JSON.stringify(collectEnvironment({ parameters: flags.set }), null, 2)}\n`;
      if (!flags.output) {
        process.stdout.write(text);
        return;
      }
      try {
        // A record beside results replaces the old one only once it is complete.
        await (await import('../common/atomic-write.js')).writeFileAtomic(flags.output, text);
      } catch (error) {
        fail(`cannot write ${flags.output}: ${describeError(error)}`, 1);
      }
      process.stderr.write(`environment: wrote ${flags.output}\n`);
    });
}
