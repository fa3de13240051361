#!/usr/bin/env node
// npm run results [-- --check]: every figure in README.md and docs/ regenerated from the
// committed data (src/results/sources.ts says which data and which command makes it).
// A repository tool, never on the client's timed path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { writeFileAtomic } from '../common/atomic-write.js';
import { describeError, fail, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';
import { PROJECT_ROOT } from '../common/project-root.js';
import { MissingDataError } from './context.js';
import { schemaFiles } from './schemas.js';
import { DATA_README, regenerate, shortDiff } from './update.js';

const program = withUsageExitCodes(new Command('npm run results --'))
  .description('Regenerates every <!-- generated:NAME --> region of README.md and docs/*.md from the committed data (docs/results/, docs/sweeps/).')
  .option('--check', 'write nothing; exit 1 listing every region whose content differs from what its data gives', false)
  .addOption(new Option('--root <dir>', 'the repository to work on').default(PROJECT_ROOT, 'this checkout'))
  .addHelpText(
    'after',
    `
Each region's data files and the command that produces them: src/results/sources.ts and ${DATA_README}.
Exit codes: 0 every region matches its data (or was rewritten), 1 a region differs (--check),
a data file is missing or unreadable, or a region has no source; 2 usage error.`,
  )
  .showHelpAfterError('(run with --help for usage)');

program.parse();
const flags = program.opts<{ check: boolean; root: string }>();
const say = (line: string): void => void process.stderr.write(`results: ${line}\n`);
if (!existsSync(join(flags.root, 'README.md')) || !existsSync(join(flags.root, 'docs'))) {
  fail(`--root ${flags.root}: not this repository (no README.md and docs/ there)`, USAGE_EXIT_CODE);
}

try {
  const result = await regenerate(flags.root, (message) => say(`warning: ${message}`));
  const names = (sources: readonly { file: string; region: string }[]) => sources.map((s) => `${s.file} ${s.region}`).join(', ');
  if (result.pending.length > 0) say(`not measured yet (the region says so): ${names(result.pending)}`);
  if (result.placeholders.length > 0) say(`placeholder data, to be replaced before publishing (${DATA_README}): ${names(result.placeholders)}`);
  // The JSON Schemas of every format, generated from the schemas the reader checks with.
  const stale = [...schemaFiles()].filter(([file, text]) => !existsSync(join(flags.root, file)) || readFileSync(join(flags.root, file), 'utf8') !== text);
  if (flags.check) {
    for (const [file] of stale) process.stdout.write(`${file}: differs from the schema it is generated from\n`);
    for (const c of result.changes) process.stdout.write(`${c.file}:${c.line}: region '${c.region}' differs from its data\n${shortDiff(c.before, c.after)}\n\n`);
    if (result.changes.length === 0) say(`all ${result.regions} regions match their data`);
    else say(`${result.changes.length} of ${result.regions} regions differ from their data: run \`npm run results\` and commit the result`);
    if (stale.length + result.changes.length > 0) process.exitCode = 1;
  } else {
    for (const [file, text] of [...stale, ...result.files]) await writeFileAtomic(join(flags.root, file), text);
    if (stale.length > 0) say(`wrote ${stale.map(([file]) => file).join(', ')}`);
    say(result.changes.length === 0 ? `all ${result.regions} regions already match their data` : `rewrote ${names(result.changes)}`);
  }
} catch (error) {
  if (error instanceof MissingDataError) {
    for (const file of error.files) process.stderr.write(`error: missing ${file.path}: made by \`${file.producedBy}\`\n`);
    process.stderr.write(`(${DATA_README} lists every data file and its command)\n`);
  } else {
    // A DataError's message names the file and the field.
    process.stderr.write(`error: ${describeError(error)}\n`);
  }
  process.exitCode = 1;
}
