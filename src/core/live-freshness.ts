/**
 * Whether a copy of an integration is older than another: an event replayed after a write's
 * answer, or overtaken by a read, must not put back what the server has since changed.
 * The server's ETag (`"v12"`) counts the edits; `updatedAt` also moves with token refreshes,
 * which do not change the ETag. Older by either means older.
 */
import type { Integration } from './types.js';

/** The edit count in an ETag such as `"v12"` or `W/"12"`; undefined when it has none. */
function editCount(etag: string | undefined): number | undefined {
  const match = etag ? /(\d+)"?$/.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
}

export function isOlder(incoming: Integration, held: Integration): boolean {
  const a = editCount(incoming.etag);
  const b = editCount(held.etag);
  if (a !== undefined && b !== undefined && a < b) return true;
  const at = Date.parse(incoming.updatedAt);
  const heldAt = Date.parse(held.updatedAt);
  return at < heldAt;
}
