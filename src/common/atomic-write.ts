// Writing results so that nothing measured is lost or mixed: a file is only ever its old or its new
// content; a set of files (export, record, outcomes, report, chart) is replaced as one, through a
// journal a later writer or reader rolls forward after a kill between the renames; one writer per
// output at a time, by a lock file.
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

/** `mkdir -p` one level at a time: Node's recursive mkdir never returns below /proc (it retries ENOENT forever). */
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

/** Writes FILE through a temporary file beside it (same file system) renamed over it. */
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

/** Finishes a set a kill interrupted between its renames (true when there was one): readers call it before reading, writers before writing. */
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
 * Writes `files` as one set: each to a temporary file, then renamed into place after a journal (when
 * given) lists the renames. A kill before the journal leaves the old set; after it, the next writer
 * or reader finishes the new one.
 */
export async function writeFileSet(files: ReadonlyMap<string, string | Uint8Array>, journal?: string): Promise<void> {
  const pairs: [string, string][] = [];
  try {
    for (const [file, data] of files) {
      await makeDirectory(dirname(file));
      const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
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

/** Whether process `pid` is alive (EPERM: alive, another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Takes `file`.lock (released on exit): a second writer is a UsageError naming the first's pid; a dead holder's lock is taken over. */
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
