/**
 * CSV exports of the details' activity and usage, for a spreadsheet: the server's own export when
 * it has one (`activity.csv`, `usage.csv`), otherwise built here from what the JSON API gives.
 * Every cell is quoted, and a cell a spreadsheet would run as a formula (starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) is prefixed with `'` (OWASP, "CSV Injection"), so text from
 * the API (a name, the provider's words) is never executed.
 * @internal
 */
import type { Activity, UsageStats } from '../../core/types.js';

const FORMULA = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Rows as CSV (RFC 4180: CRLF between rows). */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const actorOf = (activity: Activity) => (activity.actor.type === 'server' ? 'server' : `user:${activity.actor.id}`);

/** What changed, in one cell: `region: eu-west-1 → us-east-1; apiKey: [secret] → [secret]`. */
function detailOf(activity: Activity): string {
  const detail = activity.detail;
  if (!detail) return '';
  const parts: string[] = [];
  for (const change of detail.changes ?? []) parts.push(`${change.field}: ${String(change.from)} → ${String(change.to)}`);
  if (detail.from !== undefined || detail.to !== undefined) parts.push(`${detail.from ?? ''} → ${detail.to ?? ''}`);
  if (detail.ok !== undefined) parts.push(detail.ok ? 'ok' : 'failed');
  if (detail.latencyMs !== undefined) parts.push(`${detail.latencyMs} ms`);
  if (detail.message) parts.push(detail.message);
  if (detail.reason) parts.push(detail.reason);
  return parts.join('; ');
}

export function activityCsv(items: readonly Activity[]): string {
  return toCsv([['at', 'kind', 'actor', 'via', 'detail'], ...items.map((a) => [a.at, a.kind, actorOf(a), a.via ?? '', detailOf(a)])]);
}

export function usageCsv(stats: UsageStats): string {
  return toCsv([
    ['at', 'calls', 'errors', 'latencyP50Ms', 'latencyP95Ms'],
    ...stats.points.map((p) => [p.at, p.calls, p.errors, p.latencyP50Ms ?? '', p.latencyP95Ms ?? '']),
  ]);
}

/** Hands `text` to the browser as a file download. */
export function downloadCsv(filename: string, text: string, from: Element): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  // In the element's own tree, so a host's click handlers on the page never see it.
  (from.shadowRoot ?? from).append(link);
  link.click();
  link.remove();
  // After the click has started the download: revoking at once can cancel it in some engines.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from the integration's id: letters, digits, dots and dashes only. */
export const csvName = (integrationId: string, what: string) => `${integrationId.replace(/[^A-Za-z0-9.-]+/g, '_')}-${what}.csv`;
