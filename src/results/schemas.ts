// Every machine-readable format this project writes, as JSON Schema: the schemas its one
// validating reader checks files against (TypeBox schemas are JSON Schema), written to
// docs/schemas/ by `npm run results` (--check compares them), and which committed files have
// each format (test/results/schemas.test.ts checks every one against its schema).
import Type, { type TSchema } from 'typebox';
import { RunRecordSchema } from '../measure/files.js';
import { OutcomeLineSchema, OutcomeSchema } from '../outcome/outcome-lines.js';
import { HyperfineExportSchema } from '../runner/hyperfine-export.js';
import { SweepSchema } from '../sweep/result.js';

const Seconds = Type.Number({ minimum: 0 });
/** Where and when a bench ran, as bench/*.ts record it. */
const BenchMachine = Type.Object({ cpu: Type.Optional(Type.String()), cpus: Type.Integer({ minimum: 1 }), node: Type.String(), loadAverage: Type.Optional(Type.Object({})) });

/** `npm run bench:harness`: does the harness distort what it measures? */
const HarnessSchema = Type.Object({
  schemaVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  recordedAt: Type.String({ format: 'date-time' }),
  quick: Type.Optional(Type.Boolean()),
  machine: BenchMachine,
  serverHeadroom: Type.Object({ ratio: Seconds }),
  startup: Type.Object({}),
});

/** `npm run bench:threads`: what a worker thread costs per option set. */
const WorkerOptionsSchema = Type.Object({
  schemaVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  recordedAt: Type.String({ format: 'date-time' }),
  machine: BenchMachine,
  defaultSet: Type.String({ minLength: 1 }),
  sets: Type.Record(Type.String(), Type.Object({ perThread: Type.Object({ busyMiB: Seconds, busyMaps: Seconds }) })),
});

/** `npm run bench:runtime-threads`: what a worker thread costs under each runtime. */
export const RuntimeThreadsSchema = Type.Object({
  kind: Type.Literal('ntab-runtime-threads'),
  schemaVersion: Type.Integer({ minimum: 1 }),
  recordedAt: Type.String({ format: 'date-time' }),
  machine: Type.Object({ cpus: Type.Integer({ minimum: 1 }), loadAtStart: Type.Array(Seconds), loadAtEnd: Type.Array(Seconds) }),
  threads: Type.Integer({ minimum: 1 }),
  rounds: Type.Integer({ minimum: 1 }),
  results: Type.Array(
    Type.Object({
      runtime: Type.String({ minLength: 1 }),
      engine: Type.String({ minLength: 1 }),
      perThread: Type.Object({ busyMiB: Seconds, busyMaps: Seconds, spawnToReadyMs: Seconds, failedRequests: Type.Literal(0) }),
      emptyWorker: Type.Object({ idleMiB: Seconds, spawnToReadyMs: Seconds }),
    }),
    { minItems: 1 },
  ),
});

export interface Format {
  /** What the file is, for docs/schemas/README.md. */
  title: string;
  schema: TSchema;
  /** Which committed files have it: a test on a path relative to the repository. */
  committed: RegExp;
  /** One JSON value per line (a .jsonl file). */
  lines?: boolean;
}

export const FORMATS: Record<string, Format> = {
  export: { title: "A run's export (hyperfine's shape): -o FILE.json, a sweep's runs.json", schema: HyperfineExportSchema, committed: /^docs\/(results\/.*\/[^/]+(?<!\.meta)\.json|sweeps\/[^/]+\/runs\.json)$/ },
  record: { title: "A run's record: FILE.meta.json", schema: RunRecordSchema, committed: /^docs\/(results|sweeps)\/.*\.meta\.json$/ },
  'outcome-line': { title: 'One line of FILE.outcomes.jsonl: one timed invocation', schema: OutcomeLineSchema, committed: /^docs\/(results|sweeps)\/.*\.outcomes\.jsonl$/, lines: true },
  outcome: { title: "The client's --json outcome (benchmark <strategy> --json)", schema: OutcomeSchema, committed: /^$/ },
  sweep: { title: "A sweep's sweep.json", schema: SweepSchema, committed: /^docs\/sweeps\/[^/]+\/sweep\.json$/ },
  harness: { title: 'npm run bench:harness --output FILE', schema: HarnessSchema, committed: /^docs\/results\/harness\.json$/ },
  'worker-options': { title: 'npm run bench:threads --output FILE', schema: WorkerOptionsSchema, committed: /^docs\/results\/worker-options\.json$/ },
  'runtime-threads': { title: 'npm run bench:runtime-threads --output FILE', schema: RuntimeThreadsSchema, committed: /^docs\/results\/runtime-threads\.json$/ },
};

/** docs/schemas/<name>.schema.json of every format, as text. */
export function schemaFiles(): Map<string, string> {
  return new Map(
    Object.entries(FORMATS).map(([name, format]) => [
      `docs/schemas/${name}.schema.json`,
      `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: format.title, ...format.schema }, null, 2)}\n`,
    ]),
  );
}
