// A "run" is one hyperfine export plus what the suite writes beside it, when present: the environment record
// <name>.meta.json and every timed invocation's outcome <name>.outcomes.jsonl. Its label comes from that record,
// else from the file name, and is made unique so runs never merge by accident.
import { basename } from 'node:path';
import { describeError } from '../common/cli-errors.js';
import { DataError, isJsonObject, parseJsonOrUndefined } from '../common/json.js';
import { readTextIfExists } from '../common/read-text.js';
import { runFiles, runJournal } from '../common/run-files.js';
import { finishInterruptedSet } from '../common/atomic-write.js';
import { readHyperfineExport, type HyperfineExport } from '../runner/hyperfine-export.js';
import { readOutcomes, type RunOutcomes } from './outcomes.js';

export type EnvironmentRecord = Record<string, unknown>;

export interface Run extends HyperfineExport {
  label: string;
  /** The .meta.json record, or null when there is none (or it could not be read). */
  environment: EnvironmentRecord | null;
  metaFile: string;
  /** Per strategy, what its measured invocations did (<name>.outcomes.jsonl). */
  outcomes: RunOutcomes;
}

/** A string's text without its surrounding spaces; null when it is empty (or no string). */
export const trimmed = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

export function fileStem(file: string): string {
  return basename(file).replace(/\.json$/i, '');
}

async function readEnvironment(metaFile: string, warn: (message: string) => void): Promise<EnvironmentRecord | null> {
  const text = await readTextIfExists(metaFile).catch((error: unknown) => {
    warn(`${metaFile}: cannot read the environment record (${describeError(error)}); using the file name as label`);
    return null;
  });
  if (text === null) return null;
  // The export is what matters; a damaged side record must not hide the results.
  const data = parseJsonOrUndefined(text);
  if (isJsonObject(data)) return data;
  warn(`${metaFile}: ${data === undefined ? 'malformed JSON' : 'not a JSON object'}; ignoring the environment record`);
  return null;
}

function uniqueLabels(runs: Run[]): void {
  const labels = runs.map((run) => run.label);
  for (const run of runs) if (labels.filter((label) => label === run.label).length > 1) run.label = `${run.label} (${basename(run.file)})`;
  // Still equal (the same file twice): number them in order.
  const named = runs.map((run) => run.label);
  runs.forEach((run, i) => {
    const n = named.slice(0, i + 1).filter((label) => label === named[i]).length;
    if (n > 1) run.label = `${run.label} #${n}`;
  });
}

export async function loadRuns(files: readonly string[], warn: (message: string) => void): Promise<Run[]> {
  const runs: Run[] = [];
  for (const file of files) {
    // A kill between the renames of the run's files (or of a report written beside them) is finished first.
    try {
      finishInterruptedSet(runJournal(file));
    } catch (error) {
      // ENOTDIR and the like: reading the export names the problem; anything else is said here.
      if (!['ENOTDIR', 'EISDIR'].includes(String((error as { code?: unknown }).code))) throw new DataError(file, `cannot finish an interrupted write of its files: ${describeError(error)}`);
    }
    const data = await readHyperfineExport(file);
    const { meta: metaFile, outcomes: outcomesFile } = runFiles(file);
    const environment = await readEnvironment(metaFile, warn);
    const outcomes = await readOutcomes(outcomesFile, warn);
    const label = trimmed(environment?.label) ?? fileStem(file);
    // Exports this project joins carry no metadata: the record says which hyperfine timed them.
    runs.push({ ...data, hyperfineVersion: data.hyperfineVersion ?? trimmed(environment?.hyperfine), label, environment, metaFile, outcomes });
  }
  uniqueLabels(runs);
  return runs;
}
