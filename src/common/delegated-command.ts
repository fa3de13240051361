import type { Command } from 'commander';

/** A subcommand that parses its own flags (--help included), `load`ed only when it runs (the timed start-up stays lean); its entry point returns the exit code. */
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
