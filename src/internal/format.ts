import { getLocale } from '../localization.js';

/** "4m 32s", "52m", "3h 5m", "2d 4h": short enough for a badge, exact enough to watch. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m >= 10) return `${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** A date and time in the current locale, for titles and details. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "3 minutes ago", "in 2 hours": relative to `now`, in the current locale. */
export function formatRelative(value: string | number | null | undefined, now = Date.now()): string {
  if (value === null || value === undefined) return '';
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return '';
  const diff = time - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}
