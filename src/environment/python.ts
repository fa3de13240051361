// The Python that runs the original: its version, the original's packages' versions and which needed
// modules do not import, from one probe run by that Python, for the check before a run and the record.
import { spawnSync } from 'node:child_process';
import { isJsonObject, parseJsonOrUndefined } from '../common/json.js';

/** What each part of the original imports, as Debian packages them (python3-<name>). */
export const ORIGINAL_MODULES = { client: ['aiohttp', 'requests'], server: ['fastapi', 'uvicorn'] } as const;

/** The Debian package of one of the original's modules. */
export function debianPackage(module: string): string {
  return `python3-${module}`;
}

export interface PythonFacts {
  /** "3.11.2" */
  version: string;
  /** sys.version_info[:2], to compare against the original's needs. */
  major: number;
  minor: number;
  /** The interpreter itself (sys.executable): a pyenv shim or a venv resolves here. */
  executable: string;
  /** Installed version of every module in ORIGINAL_MODULES; null when not installed. */
  packages: Record<string, string | null>;
  /** module -> why it does not import ("ModuleNotFoundError: No module named 'aiohttp'"). */
  unimportable: Record<string, string>;
}

export type PythonProbe = { ok: true; facts: PythonFacts } | { ok: false; problem: string };

// argv[1]: the modules whose distributions to look up; argv[2:]: the modules to import.
const PROBE = `
import importlib, json, sys
from importlib import metadata
def version(name):
    try:
        return metadata.version(name)
    except Exception:
        return None
failures = {}
for name in sys.argv[2:]:
    try:
        importlib.import_module(name)
    except Exception as error:
        failures[name] = type(error).__name__ + ": " + str(error)
print(json.dumps({
    "version": sys.version.split()[0],
    "major": sys.version_info[0],
    "minor": sys.version_info[1],
    "executable": sys.executable,
    "packages": {name: version(name) for name in sys.argv[1].split(",")},
    "unimportable": failures,
}))
`;

/** Runs `python` (a name on PATH or a path) on the probe, importing `imports`. */
export function probePython(python: string, imports: readonly string[]): PythonProbe {
  const recorded = [...ORIGINAL_MODULES.client, ...ORIGINAL_MODULES.server].join(',');
  const result = spawnSync(python, ['-c', PROBE, recorded, ...imports], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: 'not found' };
    if (code === 'EACCES') return { ok: false, problem: 'not executable' };
    return { ok: false, problem: `could not run: ${result.error.message}` };
  }
  const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';
  const answer = parseJsonOrUndefined(lastLine(result.stdout));
  if (result.status === 0 && isJsonObject(answer) && typeof answer.version === 'string' && typeof answer.executable === 'string') {
    return { ok: true, facts: answer as unknown as PythonFacts };
  }
  const said = lastLine(result.stderr) || `exit ${result.status ?? result.signal}`;
  return { ok: false, problem: `does not run as Python 3.8 or newer (${said})` };
}
