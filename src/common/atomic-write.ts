// Writing results so that nothing already measured is ever lost or mixed: a file is only ever
// its old complete content or its new one; a set of files (a run's export, record, outcomes,
// report and chart) is replaced as one, through a journal that a later writer or reader rolls
// forward if a kill came between the renames; one writer at a time per output, by a lock file.
import { existsSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage.js';

/** Temporary files and locks of this process: removed on every exit path (a signal handler ends in process.exit). */
const leftovers = new Set<string>();
let hooked = false;
function remember(path: string): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const file of leftovers) rmSync(file, { force: true });
    });
  }
  leftovers.add(path);
}

/**
 * `mkdir -p`, one level at a time: Node's own recursive mkdir never returns on a path below
 * /proc (it retries the ENOENT forever); here the first level that cannot be made is an error.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
  }
}

function temporaryFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/**
 * Writes FILE so that it is only ever the old complete content or the new one: the data goes to
 * a temporary file beside it (same file system), then is renamed over FILE.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeFileSet(new Map([[file, data]]));
}

/** Renames what a journal lists that is still there; the journal last. */
function rollForward(journal: string): void {
  let pairs: [string, string][];
  try {
    pairs = JSON.parse(readFileSync(journal, 'utf8')) as [string, string][];
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // Cut short while it was written (a kill): no rename had begun, the old set stands.
    pairs = [];
  }
  for (const [temporary, file] of pairs) {
    try {
      renameSync(temporary, file);
    } catch (error) {
      // Renamed before the interruption.
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
  }
  unlinkSync(journal);
}

/**
 * Finishes a set that a kill interrupted between its renames (the journal `journal` names it):
 * true when there was one. Readers call it before reading a set, writers before writing one.
 */
export function finishInterruptedSet(journal: string): boolean {
  try {
    rollForward(journal);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Writes every file of `files` as one set: each to a temporary file, then, with a journal
 * (when given) listing the renames, each renamed into place. A kill before the journal leaves
 * the old set; after it, the journal lets the next writer or reader finish the new set.
 */
export async function writeFileSet(files: ReadonlyMap<string, string | Uint8Array>, journal?: string): Promise<void> {
  const pairs: [string, string][] = [];
  try {
    for (const [file, data] of files) {
      await makeDirectory(dirname(file));
      const temporary = temporaryFor(file);
      remember(temporary);
      pairs.push([temporary, file]);
      // Synchronously: an asynchronous write still in flight when a signal's process.exit runs the exit
      // hook could create the file after the hook removed it, leaving it behind.
      writeFileSync(temporary, data);
    }
    if (journal === undefined) {
      for (const [temporary, file] of pairs) await rename(temporary, file);
    } else {
      // The journal and the renames run synchronously: no signal handler comes between them.
      writeFileSync(journal, JSON.stringify(pairs));
      rollForward(journal);
    }
  } finally {
    await Promise.all(pairs.map(async ([temporary]) => rm(temporary, { force: true }).then(() => leftovers.delete(temporary))));
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Takes `file`.lock for this process: a second writer of the same output is a UsageError
 * naming the first one's pid. A lock whose process is gone is taken over. Released on exit.
 */
export function lockOutput(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      remember(lock);
      return () => {
        rmSync(lock, { force: true });
        leftovers.delete(lock);
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isSafeInteger(holder) && holder > 0 && pidAlive(holder)) {
        throw new UsageError(`${file} is being written by another run (pid ${holder}): wait for it to end, or give another output`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${file}: ${lock} keeps coming back`);
}
