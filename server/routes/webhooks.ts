/** GET /api/webhooks/deliveries: the tenant's webhook deliveries and their attempts (owners only). */
import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { permissionsOf } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { say } from '../i18n/text.js';
import { parseOrThrow } from '../validation.js';
import { deliveryLog } from '../webhooks/outbox.js';

const DeliveriesQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'limit must be a whole number from 1 to 100.'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1.'),
      v.maxValue(100, 'limit must be at most 100.'),
    ),
    '50',
  ),
  // An outbox id from the previous page; not secret (the tenant filter applies to every page).
  cursor: v.optional(
    v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'This cursor is not one this list gave out; start from the first page.')),
  ),
});

/** The delivery log shows what the server sends about every integration: for those who manage them. */
const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!permissionsOf(c.get('principal').role).includes('update')) {
    throw new ApiError(
      403,
      'permission_denied',
      say({
        en: 'Only a tenant owner can read webhook deliveries.',
        de: 'Nur Eigentümer des Mandanten können Webhook-Zustellungen lesen.',
      }),
    );
  }
  await next();
};

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/deliveries', requireOwner, async (c) => {
    const query = parseOrThrow(DeliveriesQuery, c.req.query(), 400);
    const page = await deliveryLog(deps.db, { tenantId: c.get('principal').tenantId, limit: query.limit, before: query.cursor });
    c.header('Cache-Control', 'no-store');
    return c.json(page);
  });
  return app;
}
