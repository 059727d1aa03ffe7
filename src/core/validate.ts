/**
 * The few checks the API's responses need, as plain functions: a schema takes the parsed JSON and
 * returns the value it accepts (defaults filled in, unknown keys dropped) or throws a
 * {@link SchemaIssue} naming the path of the first bad value.
 *
 * Why not valibot, which this replaced: it cost 2.5 KB gzip of the 12 KB `./core` budget
 * (issue 6) for about a dozen combinators; these are about 0.4 KB. The makers of schemas are
 * marked free of side effects, so bundlers drop the schemas an entry does not use (as valibot's
 * are marked).
 */
export type Schema<T> = (input: unknown, path?: readonly PropertyKey[]) => T;

/** The first value that did not match, and where. */
export class SchemaIssue extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (path: readonly PropertyKey[], message: string): never => {
  throw new SchemaIssue(path.join('.'), message);
};

const typeOf = (input: unknown) => (input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input);

const isPlainObject = (input: unknown): input is Record<string, unknown> => typeOf(input) === 'object';

/** Keys that would reach an object's prototype if copied by assignment. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/* @__NO_SIDE_EFFECTS__ */
function primitive<T>(type: 'string' | 'number' | 'boolean'): Schema<T> {
  return (input, path = []) => (typeof input === type && input === input ? (input as T) : fail(path, `expected ${type}, got ${typeOf(input)}`));
}

export const string = primitive<string>('string');
/** A finite number (JSON has no NaN or Infinity). */
export const number = primitive<number>('number');
export const boolean = primitive<boolean>('boolean');

/** A setting's value: string, number, boolean or null. */
export const scalar: Schema<string | number | boolean | null> = (input, path = []) =>
  input === null || ['string', 'number', 'boolean'].includes(typeof input)
    ? (input as string | number | boolean | null)
    : fail(path, `expected string, number, boolean or null, got ${typeOf(input)}`);

/** `schema`, then `test` on what it returned. */
/* @__NO_SIDE_EFFECTS__ */
export function refine<T>(schema: Schema<T>, test: (value: T) => boolean, message: string): Schema<T> {
  return (input, path = []) => {
    const value = schema(input, path);
    return test(value) ? value : fail(path, message);
  };
}

/* @__NO_SIDE_EFFECTS__ */
export function picklist<const T extends string>(options: readonly T[]): Schema<T> {
  return (input, path = []) =>
    options.includes(input as T) ? (input as T) : fail(path, `expected one of ${options.join(', ')}, got ${JSON.stringify(input)}`);
}

/* @__NO_SIDE_EFFECTS__ */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (input, path) => (input === null ? null : schema(input, path));
}

/** Absent (undefined) becomes `fallback`. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined>;
export function optional<T>(schema: Schema<T>, fallback: T): Schema<T>;
/* @__NO_SIDE_EFFECTS__ */
export function optional<T>(schema: Schema<T>, fallback?: T): Schema<T | undefined> {
  // Defaults are copied so that no two results share a mutable `[]` or `{}`.
  return (input, path) => (input === undefined ? structuredClone(fallback) : schema(input, path));
}

/* @__NO_SIDE_EFFECTS__ */
export function array<T>(item: Schema<T>): Schema<T[]> {
  return (input, path = []) =>
    Array.isArray(input) ? input.map((value, index) => item(value, [...path, index])) : fail(path, `expected array, got ${typeOf(input)}`);
}

/* @__NO_SIDE_EFFECTS__ */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return (input, path = []) => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${typeOf(input)}`);
    const output: Record<string, T> = {};
    for (const [key, item] of Object.entries(input)) if (!UNSAFE_KEYS.has(key)) output[key] = value(item, [...path, key]);
    return output;
  };
}

type Shape = Record<string, Schema<unknown>>;
type ObjectOutput<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** The keys of `shape`, each checked; other keys are dropped. An absent optional key stays absent. */
/* @__NO_SIDE_EFFECTS__ */
export function object<S extends Shape>(shape: S): Schema<ObjectOutput<S>> {
  return (input, path = []) => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${typeOf(input)}`);
    const output: Record<string, unknown> = {};
    for (const key in shape) {
      const value = shape[key]!(input[key], [...path, key]);
      if (value !== undefined) output[key] = value;
    }
    return output as ObjectOutput<S>;
  };
}

/** Runs `schema`; answers undefined instead of throwing when the input does not match. */
export function tryParse<T>(schema: Schema<T>, input: unknown): T | undefined {
  try {
    return schema(input);
  } catch (error) {
    if (error instanceof SchemaIssue) return undefined;
    throw error;
  }
}
