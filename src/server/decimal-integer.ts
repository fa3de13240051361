import type { FastifyServerOptions } from 'fastify';

/** An Ajv keyword definition, typed through fastify (ajv itself is not a dependency of ours). */
type AjvKeyword = NonNullable<NonNullable<NonNullable<FastifyServerOptions['ajv']>['customOptions']>['keywords']>[number];

/** The keyword's value: inclusive bounds, safe integers (default: the whole safe range). */
interface DecimalIntegerBounds { minimum?: number; maximum?: number }

interface DataContext { parentData?: Record<string | number, unknown>; parentDataProperty?: string | number }

/** What passes: an optional '-', then digits without leading zeros (the canonical form; -0 included). */
const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

const DECIMAL_INTEGER_RULE =
  "must be a decimal integer: digits with an optional leading '-' (no '+', spaces, leading zeros, fraction, exponent, hex or Infinity)";

function decimalInteger(bounds: DecimalIntegerBounds, data: unknown, _parentSchema?: unknown, context?: DataContext): boolean {
  const { minimum = -Number.MAX_SAFE_INTEGER, maximum = Number.MAX_SAFE_INTEGER } = bounds;
  if (Array.isArray(data)) return refuse('must be given once');
  if (typeof data !== 'string' || !CANONICAL_INTEGER.test(data)) return refuse(DECIMAL_INTEGER_RULE);
  // Any digit string converts to a number (Infinity at worst), which the bounds then refuse.
  const value = Number(data);
  if (value < minimum) return refuse(`must be >= ${minimum}`);
  if (value > maximum) return refuse(`must be <= ${maximum}`);
  // Replaces the string in the parsed query, so the handler gets the number (+ 0: -0 becomes 0).
  if (context?.parentData !== undefined && context.parentDataProperty !== undefined) context.parentData[context.parentDataProperty] = value + 0;
  return true;
}
decimalInteger.errors = [] as Array<{ keyword: string; message: string; params: Record<string, never> }>;

function refuse(message: string): false {
  decimalInteger.errors = [{ keyword: 'decimalInteger', message, params: {} }];
  return false;
}

const safeInteger = { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

/**
 * Ajv keyword `decimalInteger: { minimum, maximum }` for query-string integers. Ajv's `type: 'integer'`
 * coerces through Number() (1e3, 0x10, ' 5', 1.0; 1e400 becomes Infinity, a 500 later); this passes only
 * the canonical decimal spelling within the bounds, replaced by its number. No `type` beside it: Ajv
 * would coerce before any keyword runs.
 */
export const decimalIntegerKeyword: AjvKeyword = {
  keyword: 'decimalInteger',
  schemaType: 'object',
  metaSchema: { type: 'object', properties: { minimum: safeInteger, maximum: safeInteger }, additionalProperties: false },
  modifying: true,
  errors: true,
  validate: decimalInteger,
};
