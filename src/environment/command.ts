// `benchmark environment`: prints or writes the environment record as JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError, fail } from '../common/cli-errors.js';
import { collectEnvironment } from './collect.js';

export interface EnvironmentFlags {
  output?: string;
  set: Record<string, string | number>;
}

export async function environmentCommand(flags: EnvironmentFlags): Promise<void> {
  const record = collectEnvironment({ parameters: flags.set });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (!flags.output) {
    process.stdout.write(text);
    return;
  }
  try {
    await mkdir(dirname(flags.output), { recursive: true });
    await writeFile(flags.output, text);
  } catch (error) {
    fail(`cannot write ${flags.output}: ${describeError(error)}`, 1);
  }
  process.stderr.write(`environment: wrote ${flags.output}\n`);
}
