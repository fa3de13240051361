// The Python original beside ours in one suite (--original DIR, --python BIN). Before anything
// starts, DIR, its benchmark.py (server.py for --server original), the Python and the modules
// each part imports are checked, each problem a UsageError that says what to fix. Its
// strategies then run from DIR as `original-<name>` (run-suite.ts). It checks no response and its
// thread strategies drop errors, so the engine checks the server's /stats count around each of
// its invocations; against a server without /stats that is recorded as unverified.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../common/cli-errors.js';
import { checkoutCommit, type OriginalRecord } from '../environment/collect.js';
import { debianPackage, ORIGINAL_MODULES, probePython, type PythonFacts } from '../environment/python.js';

/** The original's benchmark.py uses `match` (Python 3.10). */
const MIN_PYTHON = { major: 3, minor: 10 };
/** The interpreter Debian's python3-* packages are installed for. */
const SYSTEM_PYTHON = '/usr/bin/python3';

export interface OriginalCheckout {
  /** The checkout, absolute. */
  dir: string;
  /** --python as given. */
  python: string;
  /** What the commands run: absolute when --python was a path, since they run in DIR. */
  pythonCommand: string;
  facts: PythonFacts;
  git: { commit: string | null; dirty: boolean | null };
}

/** Which parts of the original take part: its client (--original), its server (--server original). */
export interface OriginalParts { client: boolean; server: boolean }

/** What to do when modules do not import: the Debian packages of everything the parts need, and which Python sees them. */
function missingModulesAdvice(python: string, facts: PythonFacts, needed: readonly string[]): string {
  const packages = needed.map(debianPackage).join(' ');
  const install = `Debian's ${packages} (apt-get install ${packages})`;
  const system = existsSync(SYSTEM_PYTHON) ? probePython(SYSTEM_PYTHON, needed) : null;
  const systemFacts = system?.ok === true ? system.facts : null;
  // The system Python itself (also when reached through a wrapper) lacks them: only installing helps.
  if (systemFacts?.executable === facts.executable) return `install ${install}`;
  const why = "a pyenv shim or a venv python does not see Debian's packages";
  return systemFacts !== null && Object.keys(systemFacts.unimportable).length === 0
    ? `they are ${install}, and ${SYSTEM_PYTHON} has them: run with --python ${SYSTEM_PYTHON} (${why})`
    : `install ${install} and run with --python ${SYSTEM_PYTHON} (${why}), or install them for '${python}'`;
}

/** DIR and the Python, checked for the parts that take part; a UsageError for anything to fix. */
export function checkOriginal(dir: string, python: string, parts: OriginalParts): OriginalCheckout {
  const absolute = resolve(dir);
  if (!existsSync(absolute)) throw new UsageError(`--original '${dir}': no such directory (give a checkout of the Python original, e.g. its git clone)`);
  if (!statSync(absolute).isDirectory()) throw new UsageError(`--original '${dir}' is not a directory`);
  try {
    accessSync(absolute, constants.R_OK | constants.X_OK);
  } catch {
    throw new UsageError(`--original '${dir}' cannot be read by this user (uid ${process.getuid?.() ?? '?'}): make the checkout readable (chmod -R a+rX)`);
  }
  const needs = [...(parts.client ? ['benchmark.py'] : []), ...(parts.server ? ['server.py'] : [])];
  for (const file of needs) {
    if (!existsSync(join(absolute, file))) throw new UsageError(`--original '${dir}' has no ${file}: give the top folder of a checkout of the Python original`);
  }
  const modules = [...(parts.client ? ORIGINAL_MODULES.client : []), ...(parts.server ? ORIGINAL_MODULES.server : [])];
  const pythonCommand = python.includes('/') ? resolve(python) : python;
  const probe = probePython(pythonCommand, modules);
  if (!probe.ok) throw new UsageError(`--python '${python}': ${probe.problem}${probe.problem === 'not found' ? ' (install Python 3, or give the path of one)' : ''}`);
  const { facts } = probe;
  if (parts.client && (facts.major < MIN_PYTHON.major || (facts.major === MIN_PYTHON.major && facts.minor < MIN_PYTHON.minor))) {
    throw new UsageError(`--python '${python}' is Python ${facts.version}; the original's benchmark.py needs ${MIN_PYTHON.major}.${MIN_PYTHON.minor} or newer`);
  }
  const missing = modules.filter((module) => module in facts.unimportable);
  if (missing.length > 0) {
    const who = [parts.client ? 'client' : null, parts.server ? 'server' : null].filter((part) => part !== null).join(' and ');
    throw new UsageError(
      `--python '${python}' (${facts.executable}) cannot import ${missing.join(', ')}; the original's ${who} ${who.includes(' and ') ? 'need' : 'needs'} ` +
        `${modules.join(', ')}: ${missingModulesAdvice(python, facts, modules)}`,
    );
  }
  return { dir: absolute, python, pythonCommand, facts, git: checkoutCommit(absolute) };
}

/** The record of the original in a run: checkout, Python, packages, strategies, how its client was checked. */
export function originalRecord(checkout: OriginalCheckout, strategies: string[], unverified: string | null): OriginalRecord {
  return {
    dir: checkout.dir,
    gitCommit: checkout.git.commit,
    gitDirty: checkout.git.dirty,
    python: checkout.python,
    pythonExecutable: checkout.facts.executable,
    pythonVersion: checkout.facts.version,
    packages: checkout.facts.packages,
    strategies,
    verifiedBy: strategies.length > 0 && unverified === null ? 'server /stats' : null,
    ...(strategies.length > 0 && unverified !== null ? { unverified } : {}),
  };
}
