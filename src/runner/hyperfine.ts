// The one way this project runs hyperfine: one timed invocation per call (the engine interleaves
// them), -N (no shell), -i (a failing run is still exported: the engine judges it), the clients' own
// error lines collected (hyperfine only says "non-zero exit code"), the child stopped with this process.
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HYPERFINE_MISSING } from '../environment/hyperfine-version.js';
import { spawnTracked, type Exit } from './children.js';
import { readHyperfineExport } from './hyperfine-export.js';

/** A command hyperfine times, named (its --command-name) and as an argument vector. */
export interface TimedCommand {
  name: string;
  argv: readonly string[];
  /** Working directory of the command; default: this process's. */
  cwd?: string;
}

/** One timed invocation, as hyperfine measured it. */
export interface TimedRun {
  /** Wall-clock time of the whole process, seconds. */
  seconds: number;
  user: number | null;
  system: number | null;
  /** The command's exit code; null when a signal ended it, or hyperfine itself failed. */
  exitCode: number | null;
  /** hyperfine's own exit (non-zero: it could not time the command at all). */
  hyperfine: Exit;
  /** What the failing client said (its BENCHMARK_ERROR_LOG lines), oldest first. */
  clientErrors: string[];
  /** The end of hyperfine's own output. */
  outputTail: string[];
}

/** hyperfine -N splits the command line itself: quote what has spaces or quotes. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
}

/** Times one invocation of `command` with hyperfine (-N --runs 1 -i), with `env` added to this process's; its files go to `scratch`. */
export async function timeOnce(command: TimedCommand, env: NodeJS.ProcessEnv, scratch: string): Promise<TimedRun> {
  const id = randomBytes(4).toString('hex');
  // The clients append their error messages here (src/common/cli-errors.ts: reportError).
  const errorLog = join(scratch, `errors-${id}.log`);
  const exportJson = join(scratch, `run-${id}.json`);
  await writeFile(errorLog, '');
  const args = ['-N', '-i', '--style', 'none', '--warmup', '0', '--runs', '1', '--export-json', exportJson];
  args.push('--command-name', command.name, command.argv.map(quote).join(' '));
  try {
    // Its own process group: stopping hyperfine stops what it times, which also exits once its parent is gone.
    const { child, closed } = spawnTracked(
      'hyperfine',
      args,
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, BENCHMARK_ERROR_LOG: errorLog, BENCHMARK_EXIT_WITH_PARENT: '1' }, cwd: command.cwd, detached: true },
      'KILL',
    );
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    let output = '';
    // Only the tail can hold the reason.
    const keep = (chunk: string) => (output = (output + chunk).slice(-64 * 1024));
    child.stdout!.setEncoding('utf8').on('data', keep);
    child.stderr!.setEncoding('utf8').on('data', keep);
    const hyperfine = await closed;
    if (spawnError) throw new Error((spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? HYPERFINE_MISSING : `hyperfine could not start: ${spawnError.message}`);
    const clientErrors = lines(await readFile(errorLog, 'utf8'));
    const outputTail = lines(output).slice(-20);
    if (hyperfine.code !== 0) return { seconds: Number.NaN, user: null, system: null, exitCode: null, hyperfine, clientErrors, outputTail };
    const result = (await readHyperfineExport(exportJson)).results[0];
    if (!result) throw new Error(`hyperfine left no result in ${exportJson}`);
    const exitCode = result.exitCodes?.[0];
    return { seconds: result.mean, user: result.user, system: result.system, exitCode: exitCode === undefined ? 0 : exitCode, hyperfine, clientErrors, outputTail };
  } finally {
    await Promise.all([rm(errorLog, { force: true }), rm(exportJson, { force: true })]);
  }
}

/** One line saying why a timed run failed: the client's own error, else hyperfine's, else the exit. */
export function failureReason(run: TimedRun): string {
  const clientError = run.clientErrors.filter((line) => line.startsWith('error: ')).pop();
  if (clientError) return clientError.slice('error: '.length);
  const hyperfineError = run.outputTail.map((line) => line.trim()).filter((line) => line.startsWith('Error: ')).pop();
  if (hyperfineError) return `hyperfine: ${hyperfineError.slice('Error: '.length).replace(/\. Use the '-i'.*$/, '')}`;
  if (run.hyperfine.code !== 0) return `hyperfine exited with ${run.hyperfine.code ?? run.hyperfine.signal}`;
  return run.exitCode === null ? 'killed by a signal' : `exit code ${run.exitCode}`;
}
