// What the tests of the Python original need: a Python that imports the original's packages
// (Debian's, seen by /usr/bin/python3; `python3` first on PATH may be a pyenv shim that does
// not see them), and the stand-in checkout (test/fixtures/original-standin), also as a git
// clone of its own.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helper.ts';

export const STANDIN = join(ROOT, 'test/fixtures/original-standin');
const MODULES = ['aiohttp', 'requests', 'fastapi', 'uvicorn'];

/** /usr/bin/python3, else python3 on PATH, when it imports all four; else why not. */
function findPython(): { python: string } | { skip: string } {
  const tried: string[] = [];
  for (const python of ['/usr/bin/python3', 'python3']) {
    const result = spawnSync(python, ['-c', `import ${MODULES.join(', ')}`], { encoding: 'utf8', timeout: 60_000 });
    if (result.status === 0) return { python };
    tried.push(`${python}: ${result.error ? result.error.message : (result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`)}`);
  }
  return { skip: `no Python here imports ${MODULES.join(', ')} (apt-get install ${MODULES.map((m) => `python3-${m}`).join(' ')}): ${tried.join('; ')}` };
}

const found = findPython();
/** The Python the tests run the original with, or undefined (then SKIP says why). */
export const PYTHON = 'python' in found ? found.python : undefined;
/** false when the tests can run, else the reason they are skipped (printed by node:test). */
export const SKIP: string | false = 'skip' in found ? found.skip : false;
if (SKIP) process.stderr.write(`test/original: skipped: ${SKIP}\n`);

/** A copy of the stand-in in a fresh git repository of its own, committed: a checkout like a `git clone` of the original. */
export function standinClone(): { dir: string; commit: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-original-'));
  cpSync(STANDIN, dir, { recursive: true });
  // Readable by everyone, as a clone is (mkdtemp makes it 0700): containers read it as another user.
  chmodSync(dir, 0o755);
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'stand-in');
  return { dir, commit: git('rev-parse', 'HEAD') };
}
