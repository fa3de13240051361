// `--set key=value` pairs: the run's parameters as recorded beside its results.
import { InvalidArgumentError } from 'commander';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Integers stay numbers so the record can be compared and sorted without guessing. */
export function parameterValue(value: string): string | number {
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/** commander collector: validates one pair and adds it (a later pair for the same key wins). */
export function collectParameter(pair: string, previous: Record<string, string | number>): Record<string, string | number> {
  const equals = pair.indexOf('=');
  if (equals <= 0) throw new InvalidArgumentError(`expected key=value, got '${pair}'.`);
  const key = pair.slice(0, equals);
  const value = pair.slice(equals + 1);
  if (!KEY.test(key)) throw new InvalidArgumentError(`'${key}' is not a valid key (letters, digits, _ . -; not starting with a digit).`);
  return { ...previous, [key]: parameterValue(value) };
}
