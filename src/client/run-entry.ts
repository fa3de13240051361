// The lean way in: `benchmark [run] <strategy> [flags]` is the command hyperfine times, so it
// must not pay for loading commander and registering the report, sweep and suite commands
// (about a tenth of a one-request run's whole time). A plain run, every flag known and valid,
// is parsed here with the same flags and checks (run-flags.ts) and run by the same code
// (run-command.ts). Anything else (help, --version, a subcommand, an unknown or bad flag, an
// unknown test) goes to the full command line (main.ts), which parses the whole command line
// itself: its messages, help and exit codes are the only ones.
import { parsePlainRun } from './plain-run.js';
import { runCommand } from './run-command.js';

const plain = parsePlainRun(process.argv.slice(2));
if (plain) await runCommand(plain.testName, plain.flags);
else await import('./main.js');
