// The one validating reader of JSON that others (or older versions of this project) wrote: every
// format read (hyperfine's export, the record, outcomes, sweep.json, the bench files) is a TypeBox
// schema, JSON Schema itself (docs/schemas/ is generated from them); a bad file is named with its
// first wrong field, in one line.
import { readFile } from 'node:fs/promises';
import type { Static, TSchema } from 'typebox';
import Value from 'typebox/value';

/** A parsed JSON object, its fields not yet checked. */
export type JsonObject = Record<string, unknown>;

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of a JSON text (a leading BOM allowed); undefined where the text is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/** A file (or line) that is not what its format says: the message names where and what. */
export class DataError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

/** What a value is, for a message: NaN and Infinity by name, long values cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A JSON pointer's keys: "/points/3/meanSeconds" -> ["points", "3", "meanSeconds"]. */
const keysOf = (pointer: string): string[] => pointer.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));

/** "/points/3/meanSeconds" -> "points[3].meanSeconds" */
function readablePath(pointer: string): string {
  return keysOf(pointer).reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function valueAt(value: unknown, pointer: string): unknown {
  return keysOf(pointer).reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], value);
}

/** The first problem of `value` against `schema`, as "path must be ..., got X"; null when it fits. */
export function problemOf(schema: TSchema, value: unknown): string | null {
  if (Value.Check(schema, value)) return null;
  const errors = [...Value.Errors(schema, value)];
  // The first wrong field in the schema's order; a union's branches come before the union itself.
  const deepest = errors[0]!;
  const here = errors.filter((e) => e.instancePath === deepest.instancePath && e.keyword !== 'anyOf');
  // A union: every branch's type in one message ("must be null or integer").
  const types = here.filter((e) => e.keyword === 'type').map((e) => (e.params as { type?: unknown }).type);
  const message = types.length > 1 ? `must be ${types.join(' or ')}` : (here[0] ?? deepest).message;
  const path = readablePath(deepest.instancePath) || 'the value';
  if ((here[0] ?? deepest).keyword === 'required') {
    const missing = (here[0]?.params as { requiredProperties?: string[] } | undefined)?.requiredProperties?.[0];
    return `${path === 'the value' ? '' : `${path}.`}${missing ?? '?'} is missing`;
  }
  return `${path} ${message}, got ${show(valueAt(value, deepest.instancePath))}`;
}

/** `value` checked against `schema`; a DataError naming `where` and the first wrong field otherwise. */
export function checked<T extends TSchema>(schema: T, value: unknown, where: string): Static<T> {
  const problem = problemOf(schema, value);
  if (problem !== null) throw new DataError(where, problem);
  return value as Static<T>;
}

function readProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The text of `file` parsed as JSON (a BOM allowed); a DataError for a missing, empty or malformed file. */
export async function readJsonFile(file: string, what = 'JSON'): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new DataError(file, readProblem(error));
  });
  if (text.trim() === '') throw new DataError(file, `the file is empty (expected ${what})`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new DataError(file, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
