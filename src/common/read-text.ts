import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A file's text; null when there is no such file (any other error is thrown). */
export async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}

/** A file's text; null when it cannot be read (not Linux, no such file or limit, gone meanwhile). */
export function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
