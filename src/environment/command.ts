// `benchmark environment`: prints or writes the environment record as JSON.
import { writeFileAtomic } from '../common/atomic-write.js';
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
    // A record beside results replaces the old one only once it is complete.
    await writeFileAtomic(flags.output, text);
  } catch (error) {
    fail(`cannot write ${flags.output}: ${describeError(error)}`, 1);
  }
  process.stderr.write(`environment: wrote ${flags.output}\n`);
}
