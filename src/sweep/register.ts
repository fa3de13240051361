import type { Command } from 'commander';

/**
 * `benchmark sweep ...`: only this stub loads with the CLI; the sweep (vega, hyperfine
 * driving) loads when the subcommand runs. Its own parser handles the flags, --help included.
 */
export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('sweep chunk, requests, server delay, link RTT or the Node binary over strategies; charts time and req/s (benchmark sweep --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[flags...]')
    .action(async (flags: string[]) => {
      const { sweepCommand } = await import('./cli.js');
      process.exit(await sweepCommand(flags));
    });
}
