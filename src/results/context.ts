// What a generator gets: the committed data, read once, relative to the repository root,
// and links that work from the Markdown file the region sits in.
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readHyperfineExport } from '../runner/hyperfine-export.js';
import { loadRuns } from '../report/run-set.js';
import { DataError, isJsonObject, readJsonFile } from '../common/json.js';
import { checkSweepResult, type SweepPoint } from '../sweep/result.js';

/** A committed data file and the command that (re)produces it. */
export interface DataFile {
  path: string;
  producedBy: string;
}

/** Data files a region needs that are not in the repository. */
export class MissingDataError extends Error {
  readonly files: DataFile[];
  constructor(files: DataFile[]) {
    super(files.map((file) => `missing ${file.path} (made by: ${file.producedBy})`).join('\n'));
    this.files = files;
  }
}

async function sweepTimes(root: string, dir: string, point: SweepPoint): Promise<number[] | null> {
  if (point.times) return point.times;
  // Older sweeps kept the times only in hyperfine's per-point export (runs/, when committed).
  const file = join(root, dir, point.export ?? '');
  if (point.export === undefined || !existsSync(file)) return null;
  return (await readHyperfineExport(file)).results[0]?.times ?? null;
}

/** What a generator gets: the data a set of regions reads, each file loaded once. */
export function createContext(root: string, doc: string, cache: Map<string, Promise<unknown>>, warn: (message: string) => void) {
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as Promise<T>;
  };
  // Named by its path in the repository, not on this machine.
  const readJson = (path: string): Promise<unknown> =>
    readJsonFile(join(root, path)).catch((error: unknown) => Promise.reject(error instanceof DataError ? new DataError(path, error.message.slice(error.file.length + 2)) : error));
  return {
    /** A repository path as a relative link from the Markdown file being generated. */
    link: (path: string) => posix.relative(posix.dirname(doc), path) || posix.basename(path),
    run: (path: string) => once(`run:${path}`, async () => (await loadRuns([join(root, path)], (message) => warn(message.replaceAll(root, ''))))[0]!),
    /** A sweep with each point's per-run times: from the point itself, else from its hyperfine export, else null. */
    sweep: (dir: string) =>
      once(`sweep:${dir}`, async () => {
        const path = posix.join(dir, 'sweep.json');
        const result = checkSweepResult(await readJson(path), path);
        const points = await Promise.all(result.points.map(async (point) => ({ ...point, times: await sweepTimes(root, dir, point) })));
        return { result, points };
      }),
    json: (path: string) =>
      once(`json:${path}`, async (): Promise<Record<string, unknown>> => {
        const data = await readJson(path);
        if (!isJsonObject(data)) throw new DataError(path, 'not a JSON object');
        return data;
      }),
  };
}
export type Context = ReturnType<typeof createContext>;
export type LoadedSweep = Awaited<ReturnType<Context['sweep']>>;

/** The data files of a list that are not in the repository. */
export function missingFiles(root: string, files: readonly DataFile[]): DataFile[] {
  return files.filter((file) => !existsSync(join(root, file.path)));
}

