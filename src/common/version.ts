import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version in the project's package.json, for every CLI's --version. Read on first use,
 * not at import, so start-up pays nothing until asked. Every module that calls this sits two
 * folders below the root (src/common/, dist/common/, and the client bundle's dist/client/),
 * so one relative path fits all; the Docker images ship package.json beside dist/ too.
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
