// Is hyperfine installed, and which version: asked before a run starts, and recorded with it.
import { spawnSync } from 'node:child_process';

export const HYPERFINE_MISSING = 'hyperfine is not installed (Debian/Ubuntu: apt-get install hyperfine; macOS: brew install hyperfine)';

/** hyperfine's version ("1.15.0"), or null when it is not installed. */
export function hyperfineVersion(): string | null {
  const result = spawnSync('hyperfine', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  return result.status === 0 ? result.stdout.trim().replace(/^hyperfine\s+/, '') : null;
}
