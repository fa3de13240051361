import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * package.json's version, for every CLI's --version, read on first use (start-up pays nothing). Every
 * caller sits two folders below the root (src/common/, dist/common/, the bundle's dist/client/), so
 * one relative path fits all; the Docker images ship package.json beside dist/ too.
 */
export function packageVersion(): string {
  if (cached === undefined) {
    try {
      const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version;
      cached = typeof version === 'string' ? version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
