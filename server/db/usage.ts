/**
 * Provider calls per integration (exchange, refresh, test, revoke) and the usage series built from
 * them: calls, errors and latency percentiles per hour or day, in UTC.
 */
import type { UsageRange, UsageStats } from '../../src/core/types.js';
import type { Queryable } from './database.js';

export type ProviderCallKind = 'exchange' | 'refresh' | 'test' | 'revoke';

export async function recordProviderCall(
  db: Queryable,
  call: { integrationId: string; tenantId: string; kind: ProviderCallKind; ok: boolean; latencyMs: number; error?: string | undefined },
): Promise<void> {
  await db.query(
    'INSERT INTO provider_calls (integration_id, tenant_id, kind, ok, latency_ms, error, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [call.integrationId, call.tenantId, call.kind, call.ok, call.latencyMs, call.error ?? null, new Date()],
  );
}

const RANGES: Record<UsageRange, { interval: 'hour' | 'day'; buckets: number; stepMs: number }> = {
  '24h': { interval: 'hour', buckets: 24, stepMs: 3_600_000 },
  '7d': { interval: 'day', buckets: 7, stepMs: 86_400_000 },
  '30d': { interval: 'day', buckets: 30, stepMs: 86_400_000 },
};

interface BucketRow {
  bucket: Date;
  calls: number;
  errors: number;
  p50: number | null;
  p95: number | null;
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

function startOfUtc(date: Date, interval: 'hour' | 'day'): Date {
  const d = new Date(date);
  d.setUTCMinutes(0, 0, 0);
  if (interval === 'day') d.setUTCHours(0);
  return d;
}

export async function usageStats(
  db: Queryable,
  integrationId: string,
  range: UsageRange,
  quota: { limit: number },
  now = new Date(),
): Promise<UsageStats> {
  const { interval, buckets, stepMs } = RANGES[range];
  const lastBucket = startOfUtc(now, interval);
  const from = new Date(lastBucket.getTime() - (buckets - 1) * stepMs);
  const rows = await db.query<BucketRow>(
    `SELECT date_trunc('${interval}', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
       count(*)::int AS calls, count(*) FILTER (WHERE NOT ok)::int AS errors,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
     FROM provider_calls WHERE integration_id = $1 AND at >= $2
     GROUP BY 1 ORDER BY 1`,
    [integrationId, from],
  );
  const byBucket = new Map(rows.map((row) => [new Date(row.bucket).getTime(), row]));
  const points = Array.from({ length: buckets }, (_, i) => {
    const at = new Date(from.getTime() + i * stepMs);
    const row = byBucket.get(at.getTime());
    return {
      at: at.toISOString(),
      calls: row?.calls ?? 0,
      errors: row?.errors ?? 0,
      latencyP50Ms: round(row?.p50 ?? null),
      latencyP95Ms: round(row?.p95 ?? null),
    };
  });
  const totals = points.reduce((sum, p) => ({ calls: sum.calls + p.calls, errors: sum.errors + p.errors }), { calls: 0, errors: 0 });
  return { integrationId, range, interval, points, totals, quota: await dailyQuota(db, integrationId, quota.limit, now) };
}

/** The day's provider-call budget of one integration (UTC day). */
export async function dailyQuota(db: Queryable, integrationId: string, limit: number, now = new Date()) {
  const dayStart = startOfUtc(now, 'day');
  const rows = await db.query<{ used: number }>('SELECT count(*)::int AS used FROM provider_calls WHERE integration_id = $1 AND at >= $2', [
    integrationId,
    dayStart,
  ]);
  return { limit, used: rows[0]?.used ?? 0, period: 'day' as const, resetsAt: new Date(dayStart.getTime() + 86_400_000).toISOString() };
}
