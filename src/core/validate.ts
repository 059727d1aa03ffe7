/**
 * The few checks the API's responses need, as plain functions: a schema takes the parsed JSON and
 * returns the value it accepts (defaults filled in, unknown keys dropped) or throws a
 * {@link SchemaIssue} naming the path of the first bad value.
 *
 * Checked in place, never copied: a valid body comes back as the very object that was passed in
 * (a 10,000-item page is not built a second time). What a check would change (a default to fill,
 * an unknown key to drop) is noted while checking and done only once the whole value passed, so a
 * value that fails is left exactly as it was.
 *
 * Why not valibot, which this replaced: it cost 2.5 KB gzip of the 12 KB `./core` budget
 * (README.md's Size section) for about a dozen combinators; these are about 0.4 KB. The makers of schemas are
 * marked free of side effects, so bundlers drop the schemas an entry does not use (as valibot's
 * are marked).
 */
export type Schema<T> = (input: unknown) => T;

/** The first value that did not match, and where. */
export class SchemaIssue extends Error {
  /** Keys from the root to the bad value, filled in as the issue passes up through containers. */
  readonly keys: PropertyKey[] = [];

  /** `items.1.createdAt`; empty for the root. */
  get path(): string {
    return this.keys.join('.');
  }
}

const fail = (message: string): never => {
  throw new SchemaIssue(message);
};

/** A change to make once everything passed: set `key` of `target` to `value`, or drop it. */
type Fix = [target: Record<PropertyKey, unknown>, key: PropertyKey, value: unknown];
const DROP = Symbol('drop');
/** The fixes of the outermost check running (checks are synchronous; nested ones add to it). */
let fixes: Fix[] | undefined;

/** Runs `check`; the outermost one applies the fixes noted, after it passed. */
function inPlace<T>(check: (input: unknown, fixes: Fix[]) => T): Schema<T> {
  return (input) => {
    if (fixes) return check(input, fixes);
    const own: Fix[] = (fixes = []);
    try {
      const output = check(input, own);
      for (const [target, key, value] of own) {
        if (value === DROP) delete target[key];
        else target[key] = value;
      }
      return output;
    } finally {
      fixes = undefined;
    }
  };
}

/** A default's own copy (defaults are empty or flat): no two results share a mutable `[]` or `{}`. */
const copyOf = <T>(value: T): T =>
  (Array.isArray(value) ? [...(value as unknown[])] : value && typeof value === 'object' ? { ...value } : value) as T;

/**
 * Adds `key` to the path of an issue passing up. Paths are built only on failure, so a valid
 * body (the usual case, 10,000 items at a time) allocates nothing for them.
 */
function within(error: unknown, key: PropertyKey): unknown {
  if (error instanceof SchemaIssue) error.keys.unshift(key);
  return error;
}

/** What a value is, for messages: `null`, `array`, `NaN` and `Infinity` named as such. */
const typeOf = (input: unknown) =>
  input === null
    ? 'null'
    : Array.isArray(input)
      ? 'array'
      : typeof input === 'number' && !Number.isFinite(input)
        ? String(input)
        : typeof input;

/** A plain object (what `typeOf` calls 'object'), tested without building its name. */
const isObject = (input: unknown): input is Record<string, unknown> => typeof input === 'object' && input !== null && !Array.isArray(input);

/** JSON numbers are finite, but `1e999` parses to Infinity and a BroadcastChannel may carry NaN. */
const isOfType = (input: unknown, type: string) => typeof input === type && (type !== 'number' || Number.isFinite(input));

/* @__NO_SIDE_EFFECTS__ */
function primitive<T>(type: 'string' | 'number' | 'boolean'): Schema<T> {
  return (input) => (isOfType(input, type) ? (input as T) : fail(`expected ${type}, got ${typeOf(input)}`));
}

export const string = primitive<string>('string');
/** A finite number. */
export const number = primitive<number>('number');
export const boolean = primitive<boolean>('boolean');

/** A setting's value: string, finite number, boolean or null. */
export const scalar: Schema<string | number | boolean | null> = (input) =>
  input === null || typeof input === 'string' || typeof input === 'boolean' || isOfType(input, 'number')
    ? (input as string | number | boolean | null)
    : fail(`expected string, number, boolean or null, got ${typeOf(input)}`);

/** `schema`, then `test` on what it returned. */
/* @__NO_SIDE_EFFECTS__ */
export function refine<T>(schema: Schema<T>, test: (value: T) => boolean, message: string): Schema<T> {
  return (input) => {
    const value = schema(input);
    return test(value) ? value : fail(message);
  };
}

/* @__NO_SIDE_EFFECTS__ */
export function picklist<const T extends string>(options: readonly T[]): Schema<T> {
  return (input) =>
    options.includes(input as T)
      ? (input as T)
      : // A string is quoted (shortened: it may be huge); anything else is named by its type.
        fail(
          `expected one of ${options.join(', ')}, got ${typeof input === 'string' ? JSON.stringify(input.slice(0, 40)) : typeOf(input)}`,
        );
}

/* @__NO_SIDE_EFFECTS__ */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (input) => (input === null ? null : schema(input));
}

/** Absent (undefined) becomes `fallback`. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined>;
export function optional<T>(schema: Schema<T>, fallback: T): Schema<T>;
/* @__NO_SIDE_EFFECTS__ */
export function optional<T>(schema: Schema<T>, fallback?: T): Schema<T | undefined> {
  return (input) => (input === undefined ? copyOf(fallback) : schema(input));
}

/* @__NO_SIDE_EFFECTS__ */
export function array<T>(item: Schema<T>): Schema<T[]> {
  return inPlace((input, fixes) => {
    if (!Array.isArray(input)) return fail(`expected array, got ${typeOf(input)}`);
    for (let index = 0; index < input.length; index++) {
      const value: unknown = input[index];
      let checked: unknown;
      try {
        checked = item(value);
      } catch (error) {
        throw within(error, index);
      }
      if (checked !== value) fixes.push([input as unknown as Record<PropertyKey, unknown>, index, checked]);
    }
    return input as T[];
  });
}

/* @__NO_SIDE_EFFECTS__ */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return inPlace((input, fixes) => {
    // Some backends (PHP's json_encode) write an empty map as `[]`; any other array is no map.
    if (Array.isArray(input) && input.length === 0) return {};
    if (!isObject(input)) return fail(`expected object, got ${typeOf(input)}`);
    const map = input;
    for (const key of Object.keys(map)) {
      // An own `__proto__` (JSON.parse makes one) would set the prototype of whatever copies it.
      if (key === '__proto__') {
        fixes.push([map, key, DROP]);
        continue;
      }
      let checked: unknown;
      try {
        checked = value(map[key]);
      } catch (error) {
        throw within(error, key);
      }
      if (checked !== map[key]) fixes.push([map, key, checked]);
    }
    return map as Record<string, T>;
  });
}

type Shape = Record<string, Schema<unknown>>;
type ObjectOutput<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** The keys of `shape`, each checked; other keys are dropped. An absent optional key stays absent. */
/* @__NO_SIDE_EFFECTS__ */
export function object<S extends Shape>(shape: S): Schema<ObjectOutput<S>> {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return inPlace((input, fixes) => {
    if (!isObject(input)) return fail(`expected object, got ${typeOf(input)}`);
    const target = input;
    let present = 0;
    for (const key of keys) {
      const value = target[key];
      if (value !== undefined) present++;
      let checked: unknown;
      try {
        checked = shape[key]!(value);
      } catch (error) {
        throw within(error, key);
      }
      if (checked !== value) fixes.push([target, key, checked]);
    }
    // More keys than the shape's present ones: find the unknown ones (rare) to drop them.
    let count = 0;
    // Counted without an array per object (parsed JSON inherits no enumerable keys).
    for (const _key in target) count++;
    if (count !== present) {
      for (const key of Object.keys(target)) if (!known.has(key)) fixes.push([target, key, DROP]);
    }
    return target as ObjectOutput<S>;
  });
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
