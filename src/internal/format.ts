/**
 * Dates, times, durations and numbers for people, in the current locale, always through Intl.
 * Each helper that puts a number and a unit together returns one Intl result: a hand-joined
 * "7 days" or "1m 59s" reads backwards in a right-to-left page and stays English in any other.
 * Formatters are cached per (locale, options): building an Intl formatter is slow, and a list of
 * cards asks for hundreds while it first paints.
 */
import { getLocale } from '../localization.js';

type Cache<T> = Map<string, T>;
const caches = {
  date: new Map() as Cache<Intl.DateTimeFormat>,
  number: new Map() as Cache<Intl.NumberFormat>,
  relative: new Map() as Cache<Intl.RelativeTimeFormat>,
  list: new Map() as Cache<Intl.ListFormat>,
  duration: new Map() as Cache<DurationFormat>,
};

function cached<T, O>(cache: Cache<T>, options: O, make: (locale: string, options: O) => T): T {
  const locale = getLocale();
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = make(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

export const dateTimeFormat = (options: Intl.DateTimeFormatOptions) =>
  cached(caches.date, options, (locale, o) => new Intl.DateTimeFormat(locale, o));
export const numberFormat = (options: Intl.NumberFormatOptions = {}) =>
  cached(caches.number, options, (locale, o) => new Intl.NumberFormat(locale, o));
const relativeTimeFormat = (options: Intl.RelativeTimeFormatOptions) =>
  cached(caches.relative, options, (locale, o) => new Intl.RelativeTimeFormat(locale, o));
const listFormat = (options: Intl.ListFormatOptions) => cached(caches.list, options, (locale, o) => new Intl.ListFormat(locale, o));

// Intl.DurationFormat (ES2025) is not in TypeScript's ES2023 lib yet, and not in every browser.
interface DurationFormat {
  format(duration: Partial<Record<DurationUnit, number>>): string;
}
type DurationFormatConstructor = new (
  locale: string,
  options: { style: 'narrow' | 'short' | 'long' } & Record<string, string>,
) => DurationFormat;
const DurationFormatImpl = (Intl as { DurationFormat?: DurationFormatConstructor }).DurationFormat;

export type DurationUnit = 'days' | 'hours' | 'minutes' | 'seconds';
const SINGULAR: Record<DurationUnit, 'day' | 'hour' | 'minute' | 'second'> = {
  days: 'day',
  hours: 'hour',
  minutes: 'minute',
  seconds: 'second',
};

/**
 * Parts of a duration as one string: Intl.DurationFormat where the browser has it, otherwise each
 * part through a unit NumberFormat and the parts joined by a unit ListFormat (both still Intl).
 */
export function formatDurationParts(parts: Partial<Record<DurationUnit, number>>, style: 'narrow' | 'short' | 'long' = 'narrow'): string {
  if (DurationFormatImpl) {
    // A part that was asked for shows even when it is 0 ("2h 0m"), as in the fallback.
    const options: { style: typeof style } & Record<string, string> = { style };
    for (const unit of Object.keys(parts)) options[`${unit}Display`] = 'always';
    return cached(caches.duration, options, (locale, o) => new DurationFormatImpl(locale, o)).format(parts);
  }
  const pieces = (Object.keys(SINGULAR) as DurationUnit[])
    .filter((unit) => parts[unit] !== undefined)
    .map((unit) => numberFormat({ style: 'unit', unit: SINGULAR[unit], unitDisplay: style }).format(parts[unit]!));
  return listFormat({ type: 'unit', style }).format(pieces);
}

/** Durations already worded, by locale and whole seconds: a thousand countdowns share a few hundred. */
const durations = new Map<string, string>();

/** "4m 32s", "52m", "3h 5m", "2d 4h" (in the locale's words): short enough for a badge, exact enough to watch. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const key = `${getLocale()} ${seconds}`;
  let text = durations.get(key);
  if (text === undefined) {
    if (durations.size >= 5_000) durations.clear();
    durations.set(key, (text = wordDuration(seconds)));
  }
  return text;
}

function wordDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return formatDurationParts({ days, hours });
  if (hours > 0) return formatDurationParts({ hours, minutes });
  if (minutes >= 10) return formatDurationParts({ minutes });
  if (minutes > 0) return formatDurationParts({ minutes, seconds: rest });
  return formatDurationParts({ seconds: rest });
}

/**
 * How long until `formatDuration` of a countdown reads differently, given `ms` left (negative:
 * past, counting up): a second while it shows seconds, a minute while it shows minutes, an hour
 * while it shows days. A badge sleeps until then instead of formatting every second.
 */
export function durationChangesIn(ms: number): number {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const step = seconds >= 86_400 ? 3600 : seconds >= 600 ? 60 : 1;
  const floor = Math.floor(seconds / step) * step;
  // formatDuration rounds to whole seconds (half up): the shown value moves half a second early.
  if (ms > 0) return floor === 0 ? ms + 500 : ms - (floor - 0.5) * 1000 + 1;
  return (floor + step - 0.5) * 1000 + ms;
}

/** "7 days", "24 hours": a count of one unit as one Intl result (for labels such as usage ranges). */
export function formatQuantity(value: number, unit: 'day' | 'hour' | 'minute' | 'second', display: 'long' | 'short' = 'long'): string {
  return numberFormat({ style: 'unit', unit, unitDisplay: display }).format(value);
}

/** "143 ms": a latency, rounded to whole milliseconds; `compact` for axis labels ("1.2K ms"). */
export function formatMilliseconds(ms: number, compact = false): string {
  return numberFormat({
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
    ...(compact ? { notation: 'compact' as const } : {}),
  }).format(ms);
}

/** "1,234" / "1.234": a count in the locale's digits and grouping. */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(options).format(value);
}

/** "42 %": a ratio (0.42) as a percentage. */
export function formatPercent(ratio: number, maximumFractionDigits = 0): string {
  return numberFormat({ style: 'percent', maximumFractionDigits }).format(ratio);
}

const toDate = (value: string | number | Date | null | undefined): Date | undefined => {
  if (value === null || value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** A date and time in the current locale, for titles and details ('' for nothing or nonsense). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(date) : '';
}

/** A date without time ("Mar 4, 2026" / "04.03.2026"). */
export function formatDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateTimeFormat({ dateStyle: 'medium' }).format(date) : '';
}

/** A time of day ("3:04 PM" / "15:04"). */
export function formatTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateTimeFormat({ timeStyle: 'short' }).format(date) : '';
}

/** "3 minutes ago", "in 2 hours", "yesterday": relative to `now`, in the current locale. */
export function formatRelative(value: string | number | Date | null | undefined, now = Date.now()): string {
  const date = toDate(value);
  if (!date) return '';
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  const rtf = relativeTimeFormat({ numeric: 'auto' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/**
 * `ms` from now as a relative time in the largest whole unit ("in 2 minutes", "5 seconds ago"):
 * for a countdown sentence, where "in ${formatDuration(ms)}" would be a hand-built phrase.
 */
export function formatFromNow(ms: number): string {
  const now = Date.now();
  return formatRelative(now + ms, now);
}
