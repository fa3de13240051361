// Shows the runs' environment records (<name>.meta.json) side by side: one column per
// run, one row per fact, so what differs between two runs is visible at a glance.
// Records may come from older or other writers: unknown fields are shown as they are.
import type { Run, EnvironmentRecord } from './run-set.js';
import { loadFigures } from './run-record.js';
import { formatBytes } from './units.js';
import { isJsonObject } from '../common/json.js';

type Cell = string | null;

interface Fact {
  title: string;
  value: (record: EnvironmentRecord) => Cell;
  keys: string[];
}

function text(value: unknown): Cell {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function loads(value: unknown): Cell {
  const figures = loadFigures(value);
  return figures ? figures.join(' / ') : null;
}

function field(key: string): (record: EnvironmentRecord) => Cell {
  return (record) => text(record[key]);
}

function pkg(name: string): (record: EnvironmentRecord) => Cell {
  return (record) => {
    const packages = record.packages;
    return typeof packages === 'object' && packages !== null ? text((packages as Record<string, unknown>)[name]) : null;
  };
}

function member(value: unknown, key: string): unknown {
  return isJsonObject(value) ? value[key] : undefined;
}

/** "127.0.0.1:41234 (the original's server.py, FastAPI on uvicorn)". */
function server(record: EnvironmentRecord): Cell {
  const name = text(member(record.server, 'name'));
  const host = text(member(record.server, 'host'));
  const port = text(member(record.server, 'port'));
  const address = host && port ? `${host}:${port}` : null;
  return name && address ? `${address} (${name})` : (name ?? address);
}

/** "3.11.2 (/usr/bin/python3, --python python3)": the version, the interpreter, and how it was asked for. */
function originalPython(record: EnvironmentRecord): Cell {
  const version = text(member(record.original, 'pythonVersion'));
  const details = [text(member(record.original, 'pythonExecutable')), text(member(record.original, 'python'))];
  const [executable, given] = details;
  const how = [executable, given && given !== executable ? `--python ${given}` : null].filter((part) => part !== null).join(', ');
  return version && how ? `${version} (${how})` : (version ?? (how || null));
}

/** A package's version in the original's Python; none where it is not installed (e.g. fastapi in a client-only image). */
function originalPackage(name: string): (record: EnvironmentRecord) => Cell {
  return (record) => text(member(member(record.original, 'packages'), name));
}

function originalCheckout(record: EnvironmentRecord): Cell {
  const dir = text(member(record.original, 'dir'));
  if (!dir) return null;
  const commit = text(member(record.original, 'gitCommit'));
  if (!commit) return `${dir} (not a git checkout: no commit recorded)`;
  return `${dir} at ${commit}${member(record.original, 'gitDirty') === true ? ' (with uncommitted changes)' : ''}`;
}

/** Whether the original's client was checked: it verifies no response itself. */
function originalChecked(record: EnvironmentRecord): Cell {
  const strategies = member(record.original, 'strategies');
  if (!Array.isArray(strategies) || strategies.length === 0) return null;
  const by = text(member(record.original, 'verifiedBy'));
  if (by) return `yes: every invocation made exactly the requests asked for (${by})`;
  return `no, unverified: ${text(member(record.original, 'unverified')) ?? 'its requests were not counted'}`;
}

const FACTS: Fact[] = [
  { title: 'Node.js', value: field('node'), keys: ['node'] },
  { title: 'V8', value: field('v8'), keys: ['v8'] },
  { title: 'undici', value: pkg('undici'), keys: [] },
  { title: 'piscina', value: pkg('piscina'), keys: [] },
  { title: 'fastify', value: pkg('fastify'), keys: ['packages'] },
  { title: 'OS', value: field('os'), keys: ['os'] },
  { title: 'Kernel', value: field('kernel'), keys: ['kernel'] },
  { title: 'Architecture', value: field('arch'), keys: ['arch'] },
  { title: 'CPU', value: field('cpuModel'), keys: ['cpuModel'] },
  { title: 'CPU count', value: field('cpuCount'), keys: ['cpuCount'] },
  {
    title: 'Memory',
    value: (r) => (typeof r.memoryBytes === 'number' ? formatBytes(r.memoryBytes) : null),
    keys: ['memoryBytes'],
  },
  { title: 'Load average at start (1/5/15 min)', value: (r) => loads(r.loadAverage), keys: ['loadAverage'] },
  { title: 'Load average at end (1/5/15 min)', value: (r) => loads(r.loadAverageAtEnd), keys: ['loadAverageAtEnd'] },
  {
    title: 'CPU used by other processes during the run',
    value: (r) => {
      const other = r.otherCpu as { otherCores?: unknown; otherSeconds?: unknown; wallSeconds?: unknown; ownSeconds?: unknown } | undefined;
      if (typeof other?.otherCores !== 'number') return null;
      return `${other.otherCores.toFixed(2)} cores on average (${String(other.otherSeconds)} s of ${String(other.wallSeconds)} s; this run's own processes: ${String(other.ownSeconds)} s)`;
    },
    keys: ['otherCpu'],
  },
  {
    title: 'CPU frequency governor',
    // Recorded as null where /sys does not expose it (most VMs): say so rather than hide the row.
    value: (r) => ('cpuGovernor' in r ? (text(r.cpuGovernor) ?? 'not readable') : null),
    keys: ['cpuGovernor'],
  },
  { title: 'Instance type', value: field('instanceType'), keys: ['instanceType'] },
  {
    title: 'Git commit',
    value: (r) => {
      const commit = text(r.gitCommit);
      return commit && r.gitDirty === true ? `${commit} (with uncommitted changes)` : commit;
    },
    keys: ['gitCommit', 'gitDirty'],
  },
  { title: 'Image digests', value: field('imageDigests'), keys: ['imageDigests'] },
  { title: 'Server', value: server, keys: ['server'] },
  { title: "Python (the original's)", value: originalPython, keys: ['original'] },
  ...['aiohttp', 'requests', 'fastapi', 'uvicorn'].map((name) => ({ title: `${name} (the original's)`, value: originalPackage(name), keys: [] })),
  { title: "The original's checkout", value: originalCheckout, keys: [] },
  { title: "The original's client checked", value: originalChecked, keys: [] },

  { title: 'hyperfine', value: field('hyperfine'), keys: ['hyperfine'] },
  { title: 'Recorded at (UTC)', value: field('recordedAt'), keys: ['recordedAt'] },
  { title: 'Finished at (UTC)', value: field('finishedAt'), keys: ['finishedAt'] },
  { title: 'Started by', value: field('command'), keys: ['command'] },
  { title: 'Ended early', value: field('incomplete'), keys: ['incomplete'] },
];

// Shown in sections of their own: the settings used and the strategies that did not fit.
const HIDDEN = new Set(['label', 'recordVersion', 'parameters', 'settings', 'notMeasured', ...FACTS.flatMap((f) => f.keys)]);

export interface EnvironmentRow {
  title: string;
  cells: Cell[];
}

/** Rows with at least one known value, parameters last. Empty when no run has a record. */
export function environmentRows(runs: readonly Run[]): EnvironmentRow[] {
  const records = runs.map((run) => run.environment);
  if (records.every((record) => record === null)) return [];
  const rows: EnvironmentRow[] = [];
  const add = (title: string, value: (record: EnvironmentRecord) => Cell) => {
    const cells = records.map((record) => (record ? value(record) : null));
    if (cells.some((cell) => cell !== null)) rows.push({ title, cells });
  };
  for (const fact of FACTS) add(fact.title, fact.value);
  const extra = new Set<string>();
  for (const record of records) for (const key of Object.keys(record ?? {})) if (!HIDDEN.has(key)) extra.add(key);
  for (const key of extra) add(key, field(key));
  const parameterKeys = new Set<string>();
  for (const record of records) {
    const parameters = record?.parameters;
    if (typeof parameters === 'object' && parameters !== null) for (const key of Object.keys(parameters)) parameterKeys.add(key);
  }
  for (const key of parameterKeys) {
    add(`Parameter: ${key}`, (record) => text((record.parameters as Record<string, unknown> | undefined)?.[key]));
  }
  return rows;
}
