/**
 * What an event of `GET /api/events` does to the cache. Events reach it as the answer to a write
 * does: the server's copy is stored where the cache holds the integration, under the layers of
 * writes still in flight (pending-writes.ts), so an edit being saved stays on screen over an
 * event. A copy older than the one held (an event replayed after a write's answer) is not stored.
 * Loaded with the stream, on demand (live-stream.ts).
 */
import type { Pages } from './cache.js';
import { isOlder } from './live-freshness.js';
import type { LiveTarget } from './live-sync.js';
import type { Activity, Integration, LiveEvent, Page } from './types.js';

export function applyLiveEvent(target: LiveTarget, event: LiveEvent): void {
  switch (event.type) {
    case 'reset':
      return target.invalidateAll();
    case 'integration.deleted':
      return target.forget(event.data.integrationId);
    case 'activity.recorded':
      return addActivity(target, event.data.activity);
    case 'integration.created':
      store(target, event.data.integration);
      // Where it goes in each list (filters, order) is the server's to say.
      return target.invalidate(target.listsKey());
    case 'integration.updated':
      return store(target, event.data.integration);
    default:
      // A token or health change: the token report (last refresh, history) changed with it.
      store(target, event.data.integration);
      target.invalidate(target.tokenHealthKey(event.data.integrationId));
  }
}

function store(target: LiveTarget, integration: Integration): void {
  const held = target.cachedIntegration(integration.id);
  if (held && isOlder(integration, held)) return;
  target.store(integration);
}

/** Puts a new activity first in the loaded pages of its integration (once, by id). */
function addActivity(target: LiveTarget, activity: Activity): void {
  target.cache.setAll(target.activityKey(activity.integrationId), (current) => {
    const data = current as Pages<Page<Activity>, string | null> | undefined;
    const first = data?.pages[0];
    if (!data || !first || data.pages.some((page) => page.items.some((item) => item.id === activity.id))) return undefined;
    return { ...data, pages: [{ ...first, items: [activity, ...first.items], total: first.total + 1 }, ...data.pages.slice(1)] };
  });
}
