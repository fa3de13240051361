// The lean way in: `benchmark [run] <strategy> [flags]` is what hyperfine times, so it must not pay for
// commander and the other commands (a tenth of a one-request run). A plain run, every flag known and
// valid, is parsed here with the same checks (run-flags.ts); anything else (help, a subcommand, a bad
// flag) goes to main.ts, whose messages, help and exit codes are the only ones.
import { parsePlainRun } from './plain-run.js';
import { runCommand } from './run-command.js';

const plain = parsePlainRun(process.argv.slice(2));
if (plain) await runCommand(plain.testName, plain.flags);
else await import('./main.js');
