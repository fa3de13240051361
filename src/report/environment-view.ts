// Shows the runs' environment records (<name>.meta.json) side by side: one column per
// run, one row per fact, so what differs between two runs is visible at a glance.
// Records may come from older or other writers: unknown fields are shown as they are.
import type { Run, EnvironmentRecord } from './run-set.js';
import { loadFigures } from './run-record.js';
import { formatBytes } from './units.js';

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
