/**
 * Parameter checks shared by every tounum-lab operation (after sharp's `lib/is.js` and its
 * `invalidParameterError`). Each check returns the value when it is valid and otherwise throws an
 * error whose message names the function, the parameter, what is allowed and the value received:
 * `gaussianBlur: sigma must be a positive number of pixels, got -1`.
 *
 * Every check takes an optional `expected` phrase that replaces the default description of what is
 * allowed, so a call site can say more ("a positive number of pixels (the Gaussian σ)").
 * Numeric checks reject NaN and ±Infinity unless said otherwise, and throw `RangeError` whatever the
 * type of the value (a string where a number is due is out of the allowed range too).
 */

/** The error class a check throws. */
export type ValidationErrorClass = typeof RangeError | typeof TypeError;

/**
 * Builds the error for a parameter that fails a check:
 * `${fn}: ${name} must be ${expected}, got ${actual}`.
 * @param fn - the public function being called, e.g. `'gaussianBlur'`.
 * @param name - the parameter as the caller wrote it, e.g. `'sigma'` or `'options.radius'`.
 * @param expected - what is allowed, as a noun phrase: `'a positive integer'`, `'one of 'a', 'b''`.
 * @param actual - the value received; printed with `String()`.
 * @param ErrorClass - `RangeError` (a value out of the allowed set, the default) or `TypeError`
 *   (a value of the wrong kind altogether, such as a non-object where an object is due).
 */
export function invalidParameterError(
  fn: string,
  name: string,
  expected: string,
  actual: unknown,
  ErrorClass: ValidationErrorClass = RangeError,
): RangeError | TypeError {
  return new ErrorClass(`${fn}: ${name} must be ${expected}, got ${describeValue(actual)}`);
}

/** How a received value is printed in messages: `String(value)` (so `undefined`, `NaN`, `1,2` for an array). */
export function describeValue(value: unknown): string {
  return String(value);
}

/** A finite number (not NaN, not ±Infinity). */
export function finiteNumber(fn: string, name: string, value: unknown, expected = 'a finite number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameterError(fn, name, expected, value);
  return value;
}

/** A finite number > 0. */
export function positiveNumber(fn: string, name: string, value: unknown, expected = 'a positive number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidParameterError(fn, name, expected, value);
  return value;
}

/** A finite number ≥ 0. */
export function nonNegativeNumber(fn: string, name: string, value: unknown, expected = 'a non-negative number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidParameterError(fn, name, expected, value);
  return value;
}

/** An integer ≥ 1. */
export function positiveInt(fn: string, name: string, value: unknown, expected = 'a positive integer'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalidParameterError(fn, name, expected, value);
  return value;
}

/** An integer ≥ 0. */
export function nonNegativeInt(fn: string, name: string, value: unknown, expected = 'a non-negative integer'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidParameterError(fn, name, expected, value);
  return value;
}

/** An odd integer ≥ 1 (a kernel or window size with a centre tap). */
export function oddInt(fn: string, name: string, value: unknown, expected = 'an odd positive integer'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value % 2 !== 1) {
    throw invalidParameterError(fn, name, expected, value);
  }
  return value;
}

/** Bounds of {@link inRange}. */
export interface RangeOptions {
  /** Exclude `min` itself: (min, max]. @default false */
  minExclusive?: boolean;
  /** Exclude `max` itself: [min, max). @default false */
  maxExclusive?: boolean;
  /** Accept integers only. @default false */
  integer?: boolean;
  /** Replaces the default description `a number in [min, max]` / `an integer in [min, max]`. */
  expected?: string;
}

/**
 * A number within [min, max] (ends included unless excluded by the options). NaN is rejected;
 * ±Infinity only passes when the bound on that side is itself infinite and included.
 */
export function inRange(fn: string, name: string, value: unknown, min: number, max: number, options: RangeOptions = {}): number {
  const { minExclusive = false, maxExclusive = false, integer = false } = options;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const interval = `${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw invalidParameterError(fn, name, options.expected ?? `${integer ? 'an integer' : 'a number'} in ${interval}`, value);
  }
  return value;
}

/** One of the `allowed` values (compared with `===`). */
export function oneOf<const T>(fn: string, name: string, value: unknown, allowed: readonly T[], expected?: string): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    throw invalidParameterError(fn, name, expected ?? `one of ${list}`, value);
  }
  return value as T;
}

/** A boolean (`true` or `false`, nothing truthy); throws a TypeError. */
export function booleanValue(fn: string, name: string, value: unknown, expected = 'a boolean'): boolean {
  if (typeof value !== 'boolean') throw invalidParameterError(fn, name, expected, value, TypeError);
  return value;
}
