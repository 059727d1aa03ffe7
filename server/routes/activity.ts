/**
 * GET /api/integrations/:id/activity: who did what, and when, newest first in cursor pages; also
 * for an integration deleted since (its history ends with `deleted`). The CSV exports of the
 * activity and the usage are activity-csv.ts.
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppDeps, AppEnv } from '../context.js';
import { findIntegration } from '../db/integrations.js';
import { activityPage, hasActivity } from '../events/activity-log.js';
import { notFound, validationFailed } from '../errors.js';
import { integrationIdParam, parseOrThrow } from '../validation.js';
import { ActivityCursorCodec } from './activity-cursor.js';

const MAX_ACTIVITY_PAGE = 100;
const DEFAULT_ACTIVITY_PAGE = 20;

export const ActivityQuery = v.object({
  // Its content is checked against its signature (activity-cursor.ts).
  cursor: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,200}$/, 'This cursor is not one this history gave out.'))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, 'limit must be a whole number.'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1.'),
      v.maxValue(MAX_ACTIVITY_PAGE, `limit must be at most ${MAX_ACTIVITY_PAGE}.`),
    ),
    String(DEFAULT_ACTIVITY_PAGE),
  ),
});

/** The integration id of the path, when this tenant has it or had it (a deleted one keeps its history). */
export async function historyOwner(deps: AppDeps, c: Context<AppEnv>): Promise<string> {
  const { tenantId } = c.get('principal');
  const id = integrationIdParam(c);
  if ((await findIntegration(deps.db, tenantId, id)) || (await hasActivity(deps.db, tenantId, id))) return id;
  throw notFound();
}

export function activityRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const cursors = new ActivityCursorCodec(deps.cipher.deriveKey('activity cursor'));

  app.get('/:id/activity', async (c) => {
    const query = parseOrThrow(ActivityQuery, c.req.query(), 400);
    const integrationId = await historyOwner(deps, c);
    const { tenantId } = c.get('principal');
    let before: string | undefined;
    if (query.cursor !== undefined) {
      before = cursors.decode(tenantId, integrationId, query.cursor);
      if (before === undefined) {
        throw validationFailed(
          { cursor: 'This cursor does not belong to this history; start from the first page.' },
          'Invalid cursor.',
          400,
        );
      }
    }
    const page = await activityPage(deps.db, tenantId, integrationId, query.limit, before);
    c.header('Cache-Control', 'no-store');
    return c.json({
      items: page.items,
      nextCursor: page.nextId ? cursors.encode(tenantId, integrationId, page.nextId) : null,
      total: page.total,
    });
  });

  return app;
}
