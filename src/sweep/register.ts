import type { Command } from 'commander';
import { registerDelegatedCommand } from '../common/delegated-command.js';

/** `benchmark sweep ...`: the sweep (vega, hyperfine driving) loads when the subcommand runs. */
export function registerSweepCommand(program: Command): void {
  registerDelegatedCommand(
    program,
    'sweep',
    'sweep chunk, requests, server delay, link RTT, the Node binary or CPU work per response over strategies; charts time and req/s (benchmark sweep --help)',
    async () => (await import('./cli.js')).sweepCommand,
  );
}
