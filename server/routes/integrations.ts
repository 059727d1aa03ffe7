/** CRUD of integrations: list (search, filters, cursor), get, create (idempotent), update (If-Match), delete (revokes). */
import { Hono, type Context } from 'hono';
import { requirePermission } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';
import { sha256Base64Url } from '../crypto.js';
import { findIdempotencyKey, saveIdempotencyKey } from '../db/idempotency.js';
import {
  createIntegration,
  editIntegration,
  etagOf,
  findIntegration,
  listIntegrations,
  removeIntegration,
  toIntegration,
  type IntegrationPatch,
  type IntegrationRow,
} from '../db/integrations.js';
import { userOrigin } from '../events/origin.js';
import { findTokenRow } from '../db/tokens.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import { CursorCodec } from '../list-cursor.js';
import { reload, revokeTokens } from '../oauth/connections.js';
import {
  CreateIntegrationBody,
  ListQuery,
  UpdateIntegrationBody,
  integrationIdParam,
  parseOrThrow,
  readJsonBody,
  validateSettings,
} from '../validation.js';

/** One integration, with its ETag header, as every single-integration endpoint answers. */
export function integrationResponse(c: Context<AppEnv>, row: IntegrationRow, status: 200 | 201 = 200) {
  c.header('ETag', etagOf(row));
  c.header('Cache-Control', 'no-store');
  return c.json(toIntegration(row), status);
}

export async function findOwnIntegration(deps: AppDeps, c: Context<AppEnv>): Promise<IntegrationRow> {
  const row = await findIntegration(deps.db, c.get('principal').tenantId, integrationIdParam(c));
  if (!row) throw notFound();
  return row;
}

class IdempotencyRace extends Error {}

export function integrationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const cursors = new CursorCodec(deps.cipher.deriveKey('list cursor'));

  app.get('/', async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 400);
    const { tenantId } = c.get('principal');
    let after;
    if (query.cursor) {
      after = cursors.decode(tenantId, query.cursor, query.sort);
      if (!after) {
        throw validationFailed({ cursor: 'This cursor does not belong to this list; start from the first page.' }, 'Invalid cursor.', 400);
      }
    }
    const page = await listIntegrations(deps.db, tenantId, query, query.sort, query.limit, after);
    c.header('Cache-Control', 'no-store');
    return c.json({
      items: page.rows.map(toIntegration),
      nextCursor: page.next ? cursors.encode(tenantId, page.next) : null,
      total: page.total,
    });
  });

  app.get('/:id', async (c) => integrationResponse(c, await findOwnIntegration(deps, c)));

  app.post('/', requirePermission('create'), async (c) => {
    const body = parseOrThrow(CreateIntegrationBody, await readJsonBody(c));
    const entry = deps.catalogue.get(body.cloudProviderId);
    if (!entry) throw validationFailed({ cloudProviderId: `Unknown provider "${body.cloudProviderId}".` });
    const settings = validateSettings(entry.provider.settingsSchema, body.settings);
    const { tenantId } = c.get('principal');
    const input = { tenantId, cloudProviderId: body.cloudProviderId, name: body.name, description: body.description ?? null, settings };

    const origin = userOrigin(c.get('principal'));
    const key = c.req.header('Idempotency-Key');
    if (key === undefined) {
      const id = await deps.db.transaction((tx) => createIntegration(tx, input, origin));
      return integrationResponse(c, await reload(deps, tenantId, id), 201);
    }
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw validationFailed({ 'Idempotency-Key': 'Must be 1–255 visible ASCII characters.' }, 'Invalid Idempotency-Key.', 400);
    }
    const requestHash = sha256Base64Url(JSON.stringify([input.cloudProviderId, input.name, input.description, input.settings]));
    const replay = async () => {
      const existing = await findIdempotencyKey(deps.db, tenantId, key);
      if (!existing) return undefined;
      if (existing.request_hash !== requestHash) {
        throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for a different request.');
      }
      c.header('Idempotent-Replayed', 'true');
      return integrationResponse(c, await reload(deps, tenantId, existing.integration_id), 200);
    };
    const earlier = await replay();
    if (earlier) return earlier;
    try {
      const id = await deps.db.transaction(async (tx) => {
        const created = await createIntegration(tx, input, origin);
        if (!(await saveIdempotencyKey(tx, tenantId, key, requestHash, created))) throw new IdempotencyRace();
        return created;
      });
      return integrationResponse(c, await reload(deps, tenantId, id), 201);
    } catch (error) {
      // A concurrent request with the same key committed first: answer what it created.
      if (error instanceof IdempotencyRace) return (await replay()) ?? Promise.reject(error);
      throw error;
    }
  });

  app.patch('/:id', requirePermission('update'), async (c) => {
    const row = await findOwnIntegration(deps, c);
    const ifMatch = c.req.header('If-Match');
    const expectedVersion = ifMatch === undefined || ifMatch.trim() === '*' ? undefined : row.version;
    if (ifMatch !== undefined && ifMatch.trim() !== '*') {
      const candidates = ifMatch.split(',').map((tag) => tag.trim());
      if (!candidates.includes(etagOf(row))) {
        throw new ApiError(412, 'conflict', 'This integration changed since you loaded it. Reload it and try again.');
      }
    }
    const body = parseOrThrow(UpdateIntegrationBody, await readJsonBody(c));
    const patch: IntegrationPatch = { name: body.name, description: body.description };
    if (body.settings !== undefined) patch.settings = validateSettings(deps.catalogue.settingsSchema(row.cloud_provider_id), body.settings);
    if (body.status === 'disabled') patch.status = 'disabled';
    // Enabling an integration that was never connected leaves it pending: the server's state is the truth.
    if (body.status === 'active') patch.status = (await findTokenRow(deps.db, row.id)) ? 'active' : 'pending';
    const { tenantId } = c.get('principal');
    const settingsSchema = deps.catalogue.settingsSchema(row.cloud_provider_id);
    const origin = userOrigin(c.get('principal'));
    const applied = await deps.db.transaction((tx) =>
      editIntegration(tx, tenantId, row.id, patch, origin, { expectedVersion, settingsSchema }),
    );
    if (!applied) {
      throw new ApiError(412, 'conflict', 'This integration changed since you loaded it. Reload it and try again.');
    }
    return integrationResponse(c, await reload(deps, tenantId, row.id));
  });

  app.delete('/:id', requirePermission('delete'), async (c) => {
    const row = await findOwnIntegration(deps, c);
    const revocation = await revokeTokens(deps, row);
    if (revocation.error) deps.logger.warn('token revocation failed; deleting anyway', { integrationId: row.id, reason: revocation.error });
    await deps.db.transaction((tx) => removeIntegration(tx, row.tenant_id, row.id, userOrigin(c.get('principal'))));
    deps.logger.info('integration deleted', { integrationId: row.id, tenantId: row.tenant_id, revoked: revocation.revoked });
    return c.body(null, 204);
  });

  return app;
}
