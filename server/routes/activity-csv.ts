/**
 * The CSV exports: GET /api/integrations/:id/activity.csv (the whole history, newest first, up to
 * MAX_CSV_ROWS) and GET /api/integrations/:id/usage.csv?range= (the usage series). Cells are
 * written by server/csv.ts: RFC 4180, and never read as a formula by a spreadsheet.
 */
import { Hono, type Context } from 'hono';
import type { Activity } from '../../src/core/types.js';
import type { AppDeps, AppEnv } from '../context.js';
import { usageStats } from '../db/usage.js';
import { toCsv, type CsvCell } from '../csv.js';
import { activityPage } from '../events/activity-log.js';
import { UsageQuery, parseOrThrow } from '../validation.js';
import { historyOwner } from './activity.js';
import { findOwnIntegration } from './integrations.js';

const MAX_CSV_ROWS = 50_000;
const READ_PAGE = 1000;

const ACTIVITY_COLUMNS = [
  'id',
  'at',
  'kind',
  'actor_type',
  'actor_id',
  'via',
  'reason',
  'from',
  'to',
  'ok',
  'latency_ms',
  'message',
  'changes',
];

function activityCells(entry: Activity): CsvCell[] {
  const detail = entry.detail ?? {};
  return [
    entry.id,
    entry.at,
    entry.kind,
    entry.actor.type,
    entry.actor.type === 'user' ? entry.actor.id : '',
    entry.via,
    detail.reason,
    detail.from,
    detail.to,
    detail.ok,
    detail.latencyMs,
    detail.message,
    detail.changes ? JSON.stringify(detail.changes) : '',
  ];
}

function csvResponse(c: Context<AppEnv>, filename: string, body: string) {
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
}

export function activityCsvRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/:id/activity.csv', async (c) => {
    const integrationId = await historyOwner(deps, c);
    const { tenantId } = c.get('principal');
    const rows: CsvCell[][] = [];
    let before: string | undefined;
    while (rows.length < MAX_CSV_ROWS) {
      const page = await activityPage(deps.db, tenantId, integrationId, Math.min(READ_PAGE, MAX_CSV_ROWS - rows.length), before);
      rows.push(...page.items.map(activityCells));
      if (!page.nextId) break;
      before = page.nextId;
    }
    return csvResponse(c, `activity-${integrationId}.csv`, toCsv(ACTIVITY_COLUMNS, rows));
  });

  app.get('/:id/usage.csv', async (c) => {
    const integration = await findOwnIntegration(deps, c);
    const { range } = parseOrThrow(UsageQuery, c.req.query(), 400);
    const stats = await usageStats(deps.db, integration.id, range, { limit: deps.config.dailyCallQuota });
    const rows = stats.points.map((p) => [p.at, p.calls, p.errors, p.latencyP50Ms, p.latencyP95Ms]);
    return csvResponse(
      c,
      `usage-${integration.id}-${range}.csv`,
      toCsv(['at', 'calls', 'errors', 'latency_p50_ms', 'latency_p95_ms'], rows),
    );
  });

  return app;
}
