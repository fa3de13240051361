// The files of one measured run (common/run-files.ts names them), from the engine's state: the export
// in hyperfine's shape (every per-run time), the same as a Markdown table, every invocation's outcome,
// and the record. Written as one set, never before the run has measured something: an earlier run's
// set stays as it was until then.
import Type, { type Static, type TSchema } from 'typebox';
import { writeFileSet } from '../common/atomic-write.js';
import { mean, median, sorted } from '../common/statistics.js';
import { runJournal, type RunFiles } from '../common/run-files.js';
import { endOfRun, type EnvironmentRecord } from '../environment/collect.js';
import { outcomesJsonl, type OutcomeLine } from '../outcome/outcome-lines.js';
import { relativeSpeeds } from '../report/relative-speed.js';
import { formatRelative, formatTime, unitFor } from '../report/units.js';
import type { ExportedResult } from '../runner/hyperfine-export.js';
import type { ThreadBudget } from '../strategies/thread-budget.js';
import { measuredRuns, type CommandState, type MeasureState } from './engine.js';
import type { CommandSettings } from './settings.js';

/** Bumped when a field of a run's files changes meaning. */
const RUN_SCHEMA_VERSION = 2;

const Loads = Type.Array(Type.Number({ minimum: 0 }));
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** <name>.meta.json as this project writes it (docs/schemas/record.schema.json); records before schemaVersion 2 lack the later fields. */
export const RunRecordSchema = Type.Object({
  schemaVersion: Type.Optional(Type.Literal(RUN_SCHEMA_VERSION)),
  label: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
  runtime: Type.Optional(Type.Object({ name: Type.String(), kind: Type.String(), version: Type.String(), node: Type.String(), engine: Type.String(), binary: Type.String() })),
  serverRuntime: Type.Optional(Type.String()),
  node: Type.String(),
  packages: Type.Record(Type.String(), Nullable(Type.String())),
  os: Type.String(),
  cpuModel: Nullable(Type.String()),
  cpuCount: Type.Integer({ minimum: 1 }),
  loadAverage: Loads,
  loadAverageAtEnd: Type.Optional(Loads),
  finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  otherCpu: Type.Optional(Type.Object({ otherCores: Type.Number() })),
  gitCommit: Nullable(Type.String()),
  hyperfine: Nullable(Type.String()),
  parameters: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  command: Type.Optional(Type.String()),
  settings: Type.Optional(Type.Record(Type.String(), Type.Object({ warmup: Type.Integer({ minimum: 0 }), runs: Type.Integer({ minimum: 0 }), reason: Type.String() }))),
  notMeasured: Type.Optional(Type.Array(Type.Object({ strategy: Type.String() }))),
  failed: Type.Optional(Type.Record(Type.String(), Type.String())),
  rounds: Type.Optional(Type.Object({ seed: Type.Integer({ minimum: 0 }), order: Type.Array(Type.Array(Type.String())) })),
  verifiedBy: Type.Optional(Type.Record(Type.String(), Nullable(Type.String()))),
  incomplete: Type.Optional(Type.String()),
});

type StoredRecord = Static<typeof RunRecordSchema>;

/**
 * <name>.meta.json: the environment record, the command line that made the run, the runtime of our server, and what only
 * the measurement knows: the settings per command, what did not fit, what failed, the rounds as run, how requests were checked.
 */
export type RunRecord = EnvironmentRecord &
  Required<Pick<StoredRecord, 'command'>> &
  Pick<StoredRecord, 'serverRuntime' | 'failed' | 'rounds' | 'verifiedBy' | 'incomplete'> &
  { settings: Record<string, CommandSettings>; notMeasured: ThreadBudget[] };

/** The record's part known before the state: the environment and the command line. */
export type RecordBase = Omit<RunRecord, 'settings' | 'notMeasured'>;

function meanOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length && known.length > 0 ? mean(known) : null;
}

/** One command's measured runs as a hyperfine result (as if one hyperfine call had timed them all). */
export function exportedResult(state: CommandState): ExportedResult | null {
  const runs = measuredRuns(state);
  if (runs.length === 0 || state.failure) return null;
  const times = runs.map((run) => run.seconds);
  const average = mean(times);
  const ordered = sorted(times);
  return {
    command: state.command.name,
    mean: average,
    stddev: times.length > 1 ? Math.sqrt(times.reduce((sum, t) => sum + (t - average) ** 2, 0) / (times.length - 1)) : null,
    median: median(ordered),
    user: meanOrNull(runs.map((run) => run.user)),
    system: meanOrNull(runs.map((run) => run.system)),
    min: ordered[0] as number,
    max: ordered[ordered.length - 1] as number,
    times,
    exit_codes: runs.map((run) => run.exitCode),
  };
}

/** Every invocation so far, in the order they ran. */
function outcomeLinesOf(state: MeasureState): OutcomeLine[] {
  const of = new Map(state.commands.map((s) => [s.command.name, s.settings.warmup + s.settings.runs + s.extraRuns]));
  return state.commands
    .flatMap((s) => s.invocations)
    .sort((a, b) => a.round - b.round || state.rounds[a.round - 1]!.indexOf(a.command) - state.rounds[b.round - 1]!.indexOf(b.command))
    .map((i) => ({ strategy: i.command, invocation: i.invocation, of: Math.max(of.get(i.command) ?? 0, i.invocation), warmup: i.warmup, round: i.round, outcome: i.outcome as OutcomeLine['outcome'] }));
}

/** The record as it stands: the start's environment, and what the state says now. */
export function recordOf(base: RecordBase, state: MeasureState): RunRecord {
  const failed = Object.fromEntries(state.commands.flatMap((s) => (s.failure ? [[s.command.name, s.failure.reason]] : [])));
  const incomplete = state.stopped ?? (state.done ? undefined : 'still running (written after every round)');
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    ...base,
    ...endOfRun(state.cpuAtStart),
    settings: Object.fromEntries(state.commands.filter((s) => s.invocations.length > 0).map((s) => [s.command.name, { ...s.settings, runs: s.settings.runs + s.extraRuns }])),
    notMeasured: state.notMeasured,
    ...(Object.keys(failed).length > 0 ? { failed } : {}),
    rounds: { seed: state.seed, order: state.rounds },
    verifiedBy: Object.fromEntries(state.verifiedBy),
    ...(incomplete ? { incomplete } : {}),
  };
}

/** Writes the export, its Markdown table, the outcomes and the record; false (nothing written) while no command has a measured run. */
export async function writeRunFiles(files: RunFiles, state: MeasureState, record: RunRecord, beforeWriting?: () => Promise<void>): Promise<boolean> {
  const results = state.commands.map(exportedResult).filter((r) => r !== null);
  if (results.length === 0) return false;
  await beforeWriting?.();
  await writeFileSet(
    new Map([
      [files.outcomes, outcomesJsonl(outcomeLinesOf(state))],
      [files.export, `${JSON.stringify({ schemaVersion: RUN_SCHEMA_VERSION, results }, null, 2)}\n`],
      [files.markdown, hyperfineMarkdown(results)],
      [files.meta, `${JSON.stringify(record, null, 2)}\n`],
    ]),
    runJournal(files.export),
  );
  return true;
}

/** <name>.md: the export as one table in hyperfine's own layout (1.15's --export-markdown): the unit from the first result, relative speeds with its error propagation. */
function hyperfineMarkdown(results: readonly ExportedResult[]): string {
  const unit = unitFor([results[0]?.mean ?? 0]);
  const time = (seconds: number) => formatTime(seconds, unit);
  const relative = relativeSpeeds(results.map((r) => ({ mean: r.mean, stddev: r.stddev ?? null })));
  const rows = results.map((result, index) => {
    const average = typeof result.stddev === 'number' ? `${time(result.mean)} ± ${time(result.stddev)}` : time(result.mean);
    const ratio = formatRelative(relative[index]!);
    return `| \`${result.command}\` | ${average} | ${time(result.min ?? result.mean)} | ${time(result.max ?? result.mean)} | ${ratio} |`;
  });
  const { name } = unit;
  return [`| Command | Mean [${name}] | Min [${name}] | Max [${name}] | Relative |`, '|:---|---:|---:|---:|---:|', ...rows, ''].join('\n');
}
