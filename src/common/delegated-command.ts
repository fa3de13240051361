import type { Command } from 'commander';

/**
 * Registers a subcommand that parses its own flags (--help included) with a parser of its
 * own, loaded only when it runs: the CLI's start-up, which hyperfine times, stays lean.
 * `load` resolves to the subcommand's entry point, which returns the exit code.
 */
export function registerDelegatedCommand(program: Command, name: string, description: string, load: () => Promise<(args: string[]) => Promise<number>>): void {
  program
    .command(name)
    .description(description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[flags...]')
    .action(async (flags: string[]) => {
      const command = await load();
      process.exit(await command(flags));
    });
}
