import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The server's upstream delay (`--delay`), a slow backend behind /multiply: `MS` or `fixed:MS`,
 * `uniform:MIN,MAX`, `normal:MEAN,SD` (truncated at 0). A timer (1 ms resolution), never a busy loop,
 * so the event loop keeps serving and the server stays far from being the bottleneck.
 */
export type DelaySpec =
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'normal'; mean: number; sd: number };

export const DELAY_SYNTAX = "MS, fixed:MS, uniform:MIN,MAX or normal:MEAN,SD (milliseconds, e.g. 20, uniform:10,30, normal:20,5)";
/** An hour: anything longer is surely a typo, and timers cap at about 24.8 days anyway. */
const MAX_DELAY_MS = 3_600_000;

export class DelaySyntaxError extends Error {}

function milliseconds(text: string | undefined, what: string): number {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text ?? '') ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value > MAX_DELAY_MS) {
    throw new DelaySyntaxError(`${what} must be a number of milliseconds from 0 to ${MAX_DELAY_MS}; expected ${DELAY_SYNTAX}.`);
  }
  return value;
}

export function parseDelay(spec: string): DelaySpec {
  const [kind, args, ...rest] = spec.trim().toLowerCase().split(':');
  const bad = (why: string): never => {
    throw new DelaySyntaxError(`${why}; expected ${DELAY_SYNTAX}.`);
  };
  if (rest.length > 0) bad('too many parts');
  if (args === undefined) return { distribution: 'fixed', ms: milliseconds(kind, 'the delay') };
  const values = args.split(',');
  switch (kind) {
    case 'fixed':
      if (values.length !== 1) bad('fixed takes one value');
      return { distribution: 'fixed', ms: milliseconds(values[0], 'the delay') };
    case 'uniform': {
      if (values.length !== 2) bad('uniform takes MIN,MAX');
      const min = milliseconds(values[0], 'MIN');
      const max = milliseconds(values[1], 'MAX');
      if (max < min) bad('MAX is below MIN');
      return { distribution: 'uniform', min, max };
    }
    case 'normal':
      if (values.length !== 2) bad('normal takes MEAN,SD');
      return { distribution: 'normal', mean: milliseconds(values[0], 'MEAN'), sd: milliseconds(values[1], 'SD') };
    default:
      return bad(`unknown distribution '${kind}'`);
  }
}

/** True when the spec never delays: the server then registers its plain handler, with no per-request work. */
export function isZeroDelay(spec: DelaySpec): boolean {
  switch (spec.distribution) {
    case 'fixed':
      return spec.ms === 0;
    case 'uniform':
      return spec.max === 0;
    case 'normal':
      return spec.mean === 0 && spec.sd === 0;
  }
}

export function describeDelay(spec: DelaySpec): string {
  switch (spec.distribution) {
    case 'fixed':
      return `fixed ${spec.ms} ms`;
    case 'uniform':
      return `uniform ${spec.min}..${spec.max} ms`;
    case 'normal':
      return `normal mean ${spec.mean} ms, sd ${spec.sd} ms (truncated at 0)`;
  }
}

/** A function drawing one delay in milliseconds per call. */
export function delaySampler(spec: DelaySpec, random: () => number = Math.random): () => number {
  switch (spec.distribution) {
    case 'fixed':
      return () => spec.ms;
    case 'uniform':
      return () => spec.min + random() * (spec.max - spec.min);
    case 'normal':
      // Box-Muller; a negative draw means "no delay" (a backend cannot answer before it is asked).
      return () => {
        const u = 1 - random();
        const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
        return Math.min(MAX_DELAY_MS, Math.max(0, spec.mean + spec.sd * z));
      };
  }
}

/** Waits one drawn delay without blocking the event loop; a timer may fire early (the loop's cached clock), so the rest is waited for. */
export function delayWaiter(spec: DelaySpec): () => Promise<void> {
  const draw = delaySampler(spec);
  return async () => {
    const until = performance.now() + draw();
    for (let left = until - performance.now(); left > 0; left = until - performance.now()) await sleep(left);
  };
}
