// The one way this project runs hyperfine: -N (no shell), the environment passed on, the
// clients' own error lines collected (hyperfine only says "non-zero exit code"), and the
// child stopped with this process. Its export is read by the one validated reader.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { track, type Exit } from './children.js';

export { readHyperfineExport } from '../report/hyperfine-export.js';

export const HYPERFINE_MISSING = 'hyperfine is not installed (Debian/Ubuntu: apt-get install hyperfine; macOS: brew install hyperfine)';

/** hyperfine's version ("1.15.0"), or null when it is not installed. */
export function hyperfineVersion(): string | null {
  const result = spawnSync('hyperfine', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  return result.status === 0 ? result.stdout.trim().replace(/^hyperfine\s+/, '') : null;
}

/** A command hyperfine times, named (its --command-name) and as an argument vector. */
export interface TimedCommand {
  name: string;
  argv: readonly string[];
}

export interface HyperfineRun {
  commands: readonly TimedCommand[];
  warmup: number;
  runs: number;
  exportJson: string;
  exportMarkdown?: string;
  /** Run before every invocation, warmups included (hyperfine --prepare), as an argument vector; not timed. */
  prepare?: readonly string[];
  /** Added to this process's environment for hyperfine and the commands it times. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of hyperfine and the commands it times (file paths given to it must be absolute then); default: this process's. */
  cwd?: string;
  /**
   * true: hyperfine writes to this terminal as if run by hand (its progress bar needs it);
   * false: its output is only kept, to explain a failure.
   */
  echo: boolean;
}

export interface HyperfineResult extends Exit {
  /** What the failing clients said (their BENCHMARK_ERROR_LOG lines), oldest first. */
  clientErrors: string[];
  /** The end of hyperfine's own output (empty when echoed). */
  outputTail: string[];
}

/** hyperfine -N splits the command line itself: quote what has spaces or quotes. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

/** Runs hyperfine once over all the commands, in order; hyperfine stops at the first failing run. */
export async function runHyperfine(run: HyperfineRun): Promise<HyperfineResult> {
  // The clients append their error messages here (src/common/cli-errors.ts: reportError).
  const errorLog = join(tmpdir(), `ntab-errors-${process.pid}-${randomBytes(4).toString('hex')}.log`);
  await writeFile(errorLog, '');
  const args = [
    '-N',
    '--warmup', String(run.warmup),
    '--runs', String(run.runs),
    '--export-json', run.exportJson,
    ...(run.exportMarkdown ? ['--export-markdown', run.exportMarkdown] : []),
    ...(run.prepare ? ['--prepare', run.prepare.map(quote).join(' ')] : []),
    ...run.commands.flatMap((command) => ['--command-name', command.name, command.argv.map(quote).join(' ')]),
  ];
  try {
    // Its own process group: stopping hyperfine also stops the command it is timing.
    const child = spawn('hyperfine', args, {
      stdio: run.echo ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...run.env, BENCHMARK_ERROR_LOG: errorLog },
      cwd: run.cwd,
      detached: true,
    });
    const { closed } = track(child, { group: true });
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    let output = '';
    // Only the tail can hold the reason; the head is every finished command's summary.
    const keep = (chunk: string) => (output = (output + chunk).slice(-64 * 1024));
    child.stdout?.setEncoding('utf8').on('data', keep);
    child.stderr?.setEncoding('utf8').on('data', keep);
    const exit = await closed;
    if (spawnError) throw new Error((spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? HYPERFINE_MISSING : `hyperfine could not start: ${spawnError.message}`);
    return { ...exit, clientErrors: lines(await readFile(errorLog, 'utf8')), outputTail: lines(output).slice(-20) };
  } finally {
    await rm(errorLog, { force: true });
  }
}

/** One line saying why a hyperfine run failed: the client's own error, else hyperfine's, else its exit. */
export function failureReason(result: HyperfineResult): string {
  const clientError = result.clientErrors.filter((line) => line.startsWith('error: ')).pop();
  const hyperfineError = result.outputTail.map((line) => line.trim()).filter((line) => line.startsWith('Error: ')).pop();
  return clientError ?? hyperfineError ?? `hyperfine exited with ${result.code ?? result.signal}`;
}
