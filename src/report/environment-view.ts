// Shows the runs' environment records (<name>.meta.json) side by side: one column per
// run, one row per fact, so what differs between two runs is visible at a glance.
// Records may come from older or other writers: unknown fields are shown as they are.
import type { Run, EnvironmentRecord } from './run-set.js';
import { loadFigures, parameter } from './run-record.js';
import { formatBytes } from './units.js';
import { isJsonObject } from '../common/json.js';

type Cell = string | null;
type Read = (record: EnvironmentRecord) => Cell;

function text(value: unknown): Cell {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const member = (value: unknown, key: string): unknown => (isJsonObject(value) ? value[key] : undefined);
/** A field of the record, or a field of one of its objects: field('node'), field('packages', 'undici'). */
const field = (key: string, inner?: string): Read => (record) => text(inner === undefined ? record[key] : member(record[key], inner));
const loads = (value: unknown): Cell => loadFigures(value)?.join(' / ') ?? null;

/** "127.0.0.1:41234 (the original's server.py, FastAPI on uvicorn)". */
function server(record: EnvironmentRecord): Cell {
  const [name, host, port] = ['name', 'host', 'port'].map((key) => text(member(record.server, key)));
  const address = host && port ? `${host}:${port}` : null;
  return name && address ? `${address} (${name})` : (name ?? address);
}

/** "3.11.2 (/usr/bin/python3, --python python3)": the version, the interpreter, and how it was asked for. */
function originalPython(record: EnvironmentRecord): Cell {
  const [version, executable, given] = ['pythonVersion', 'pythonExecutable', 'python'].map((key) => text(member(record.original, key)));
  const how = [executable, given && given !== executable ? `--python ${given}` : null].filter((part) => part !== null).join(', ');
  return version && how ? `${version} (${how})` : (version ?? (how || null));
}

function originalCheckout(record: EnvironmentRecord): Cell {
  const [dir, commit] = ['dir', 'gitCommit'].map((key) => text(member(record.original, key)));
  if (!dir) return null;
  if (!commit) return `${dir} (not a git checkout: no commit recorded)`;
  return `${dir} at ${commit}${member(record.original, 'gitDirty') === true ? ' (with uncommitted changes)' : ''}`;
}

/** Whether the original's client was checked: it verifies no response itself. */
function originalChecked(record: EnvironmentRecord): Cell {
  const strategies = member(record.original, 'strategies');
  if (!Array.isArray(strategies) || strategies.length === 0) return null;
  const by = text(member(record.original, 'verifiedBy'));
  return by ? `yes: every invocation made exactly the requests asked for (${by})` : `no, unverified: ${text(member(record.original, 'unverified')) ?? 'its requests were not counted'}`;
}

function otherCpu(record: EnvironmentRecord): Cell {
  const other = record.otherCpu as { otherCores?: unknown; otherSeconds?: unknown; wallSeconds?: unknown; ownSeconds?: unknown } | undefined;
  if (typeof other?.otherCores !== 'number') return null;
  return `${other.otherCores.toFixed(2)} cores on average (${String(other.otherSeconds)} s of ${String(other.wallSeconds)} s; this run's own processes: ${String(other.ownSeconds)} s)`;
}

/** "seed 7, 6 rounds (each round's order in the record)": the interleaved rounds, not their whole order. */
function rounds(record: EnvironmentRecord): Cell {
  const [seed, order] = [member(record.rounds, 'seed'), member(record.rounds, 'order')];
  if (seed === undefined && !Array.isArray(order)) return null;
  const count = Array.isArray(order) ? `, ${order.length} ${order.length === 1 ? 'round' : 'rounds'} (each round's order in the record)` : '';
  return `seed ${text(seed) ?? 'not recorded'}${count}`;
}

/** "node 24.22.3 (/usr/bin/node)": the runtime of the timed clients. */
function runtime(record: EnvironmentRecord): Cell {
  const [name, binary] = ['name', 'binary'].map((key) => text(member(record.runtime, key)));
  return name && binary ? `${name} (${binary})` : (name ?? (typeof record.runtime === 'string' ? record.runtime : null));
}

/** "server /stats" when every command was checked the same way, else "a: x; b: y". */
function verifiedBy(record: EnvironmentRecord): Cell {
  if (!isJsonObject(record.verifiedBy)) return null;
  const entries = Object.entries(record.verifiedBy).map(([name, by]) => [name, text(by) ?? 'unverified'] as const);
  const ways = new Set(entries.map(([, by]) => by));
  return ways.size === 1 ? `${[...ways][0]} (every command)` : entries.map(([name, by]) => `${name}: ${by}`).join('; ') || null;
}

/** Title, what the cell shows (a field's name: that field), and the fields it shows (not repeated as rows of their own). */
const FACTS: [title: string, value: string | Read, ...shows: string[]][] = [
  ['Runtime of the timed clients', runtime, 'runtime'],
  ['Runtime of our server', 'serverRuntime'],
  ['Node.js', 'node'],
  ['V8', 'v8'],
  ...['undici', 'piscina', 'fastify'].map((name): [string, Read, string] => [name, field('packages', name), 'packages']),
  ['OS', 'os'],
  ['Kernel', 'kernel'],
  ['Architecture', 'arch'],
  ['CPU', 'cpuModel'],
  ['CPU count', 'cpuCount'],
  ['Memory', (r) => (typeof r.memoryBytes === 'number' ? formatBytes(r.memoryBytes) : null), 'memoryBytes'],
  ['Load average at start (1/5/15 min)', (r) => loads(r.loadAverage), 'loadAverage'],
  ['Load average at end (1/5/15 min)', (r) => loads(r.loadAverageAtEnd), 'loadAverageAtEnd'],
  ['CPU used by other processes during the run', otherCpu, 'otherCpu'],
  // Recorded as null where /sys does not expose it (most VMs): say so rather than hide the row.
  ['CPU frequency governor', (r) => ('cpuGovernor' in r ? (text(r.cpuGovernor) ?? 'not readable') : null), 'cpuGovernor'],
  ['Instance type', 'instanceType'],
  ['Git commit', (r) => (text(r.gitCommit) && r.gitDirty === true ? `${text(r.gitCommit)} (with uncommitted changes)` : text(r.gitCommit)), 'gitCommit', 'gitDirty'],
  ['Image digests', 'imageDigests'],
  ['Server', server, 'server'],
  ["Python (the original's)", originalPython, 'original'],
  // A package's version in the original's Python; none where it is not installed (e.g. fastapi in a client-only image).
  ...['aiohttp', 'requests', 'fastapi', 'uvicorn'].map((name): [string, Read] => [`${name} (the original's)`, (r) => text(member(member(r.original, 'packages'), name))]),
  ["The original's checkout", originalCheckout],
  ["The original's client checked", originalChecked],
  ['hyperfine', 'hyperfine'],
  ['Recorded at (UTC)', 'recordedAt'],
  ['Finished at (UTC)', 'finishedAt'],
  ['Started by', 'command'],
  ['Interleaved rounds', rounds, 'rounds'],
  ['Requests checked by', verifiedBy, 'verifiedBy'],
  ['Record schema version', 'schemaVersion'],
  ['Ended early', 'incomplete'],
];

// Shown in sections of their own: the settings used and the strategies that did not fit.
const HIDDEN = new Set(['label', 'recordVersion', 'parameters', 'settings', 'notMeasured', ...FACTS.flatMap(([, value, ...shows]) => (typeof value === 'string' ? [value] : shows))]);

/** Rows with at least one known value, parameters last. Empty when no run has a record. */
export function environmentRows(runs: readonly Run[]) {
  const records = runs.map((run) => run.environment);
  if (records.every((record) => record === null)) return [];
  const rows: { title: string; cells: Cell[] }[] = [];
  const add = (title: string, value: Read) => {
    const cells = records.map((record) => (record ? value(record) : null));
    if (cells.some((cell) => cell !== null)) rows.push({ title, cells });
  };
  for (const [title, value] of FACTS) add(title, typeof value === 'string' ? field(value) : value);
  for (const key of new Set(records.flatMap((record) => Object.keys(record ?? {})).filter((key) => !HIDDEN.has(key)))) add(key, field(key));
  const parameterKeys = new Set(records.flatMap((record) => (typeof record?.parameters === 'object' && record.parameters !== null ? Object.keys(record.parameters) : [])));
  for (const key of parameterKeys) add(`Parameter: ${key}`, (record) => text(parameter(record, key)));
  return rows;
}
