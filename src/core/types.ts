/**
 * The data shapes of the REST contract (README.md). Responses are checked against the schemas in
 * `schemas.ts`, which are typed to produce exactly these shapes.
 */

export type IntegrationStatus = 'pending' | 'active' | 'disabled' | 'error';

/** Token state as the server last reported it. The badge state (tokens.ts) adds `refreshing`. */
export type TokenStatus = 'valid' | 'expiring' | 'expired' | 'error' | 'none';

/** ISO 8601 date-time string, as the API sends it. */
export type IsoDateTime = string;

export type SettingValue = string | number | boolean | null;
export type IntegrationSettings = Record<string, SettingValue>;

export interface Integration {
  id: string;
  tenantId: string;
  cloudProviderId: string;
  name: string;
  description: string | null;
  status: IntegrationStatus;
  tokenStatus: TokenStatus;
  tokenExpiresAt: IsoDateTime | null;
  lastHealthCheck: IsoDateTime | null;
  settings: IntegrationSettings;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** Opaque version for optimistic concurrency; sent back as If-Match on PATCH. */
  etag?: string | undefined;
}

export interface IntegrationCreateRequest {
  name: string;
  cloudProviderId: string;
  description?: string;
  settings?: IntegrationSettings;
}

export interface IntegrationUpdateRequest {
  name?: string;
  description?: string | null;
  status?: 'active' | 'disabled';
  settings?: IntegrationSettings;
}

/** One field of a provider's settings form (a small, JSON-Schema-like description). */
export interface ProviderSettingField {
  key: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'select';
  required?: boolean | undefined;
  description?: string | undefined;
  options?: string[] | undefined;
  /** What a user reads for each option value (the value itself is what is stored); may be partial. */
  optionLabels?: Record<string, string> | undefined;
  pattern?: string | undefined;
  min?: number | undefined;
  max?: number | undefined;
  default?: SettingValue | undefined;
  /** A secret (an API key, a password): the activity history shows its changes as '[secret]'. */
  secret?: boolean | undefined;
}

export interface CloudProvider {
  id: string;
  name: string;
  description: string;
  iconUrl: string | null;
  scopes: string[];
  /** What each scope lets the integration do, by scope id (show the id secondary); may be partial. */
  scopeDescriptions?: Record<string, string> | undefined;
  settingsSchema: ProviderSettingField[];
}

export interface TokenHealth {
  integrationId: string;
  tokenStatus: TokenStatus;
  expiresAt: IsoDateTime | null;
  scopes: string[];
  lastRefreshAt: IsoDateTime | null;
  failureCount: number;
  refreshHistory: Array<{ at: IsoDateTime; ok: boolean; error?: string | undefined }>;
}

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  latencyMs: number;
  message: string;
  errorCode?: string | undefined;
}

export interface ConnectionTestResult {
  integrationId: string;
  ok: boolean;
  testedAt: IsoDateTime;
  latencyMs: number;
  checks: ConnectionCheck[];
}

export type UsageRange = '24h' | '7d' | '30d';
export type UsageInterval = 'hour' | 'day';

export interface UsagePoint {
  at: IsoDateTime;
  calls: number;
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface UsageStats {
  integrationId: string;
  range: UsageRange;
  interval: UsageInterval;
  points: UsagePoint[];
  totals: { calls: number; errors: number };
  quota: { limit: number; used: number; period: 'day' | 'month'; resetsAt: IsoDateTime } | null;
}

export type IntegrationSort = 'name' | '-name' | 'createdAt' | '-createdAt' | 'updatedAt' | '-updatedAt';

export interface IntegrationListQuery {
  q?: string | undefined;
  status?: IntegrationStatus | undefined;
  providerId?: string | undefined;
  tokenStatus?: TokenStatus | undefined;
  sort?: IntegrationSort | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface OAuthInitiateRequest {
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  state: string;
  redirectUri: string;
}

export interface OAuthInitiateResponse {
  authorizationUrl: string;
  expiresAt: IsoDateTime;
}

export interface OAuthCallbackRequest {
  state: string;
  code: string;
  codeVerifier: string;
  redirectUri: string;
  /** RFC 9207 issuer identifier, passed through for the server to check. */
  iss?: string | undefined;
}

// ── Live events and activity (GET /api/events, GET /api/integrations/{id}/activity) ─────────────

/** What `GET /api/me` says the host API offers beyond the basic contract; absent means neither. */
export interface ApiFeatures {
  /** `GET /api/events` streams changes (Server-Sent Events); without it the client polls. */
  events: boolean;
  /** The server refreshes tokens ahead of expiry itself, so a tab's scheduler steps aside. */
  serverRefresh: boolean;
}

/** Who made a change: a person, or the server's own background worker. */
export type ActivityActor = { type: 'user'; id: string } | { type: 'server' };

/** Who asked for a token refresh: a tab's scheduler, a person's click, or the server. */
export type RefreshVia = 'tab' | 'user' | 'server';

export type ActivityKind =
  | 'created'
  | 'connected'
  | 'reconnected'
  | 'token_refreshed'
  | 'refresh_failed'
  | 'token_revoked'
  | 'settings_changed'
  | 'renamed'
  | 'enabled'
  | 'disabled'
  | 'tested'
  | 'deleted'
  | 'health_changed';

/** A settings field that changed; secret fields show `'[secret]'` instead of their values. */
export interface SettingChange {
  field: string;
  from: SettingValue | '[secret]';
  to: SettingValue | '[secret]';
}

export interface ActivityDetail {
  /** settings_changed */
  changes?: SettingChange[] | undefined;
  /** renamed */
  from?: string | undefined;
  to?: string | undefined;
  /** tested */
  ok?: boolean | undefined;
  latencyMs?: number | undefined;
  message?: string | undefined;
  /** refresh_failed, token_revoked: the provider's words */
  reason?: string | undefined;
}

export interface Activity {
  id: string;
  integrationId: string;
  at: IsoDateTime;
  kind: ActivityKind;
  actor: ActivityActor;
  via?: RefreshVia | undefined;
  detail?: ActivityDetail | undefined;
}

export type IntegrationEventType =
  | 'integration.created'
  | 'integration.updated'
  | 'integration.deleted'
  | 'token.refreshed'
  | 'token.refresh_failed'
  | 'token.revoked'
  | 'health.changed'
  | 'activity.recorded';

/** The `data` of one stream event, by `event:` type. */
export interface LiveEventBase {
  integrationId: string;
  at: IsoDateTime;
  actor: ActivityActor;
}
export interface IntegrationChangedEventData extends LiveEventBase {
  integration: Integration;
  /** token.refresh_failed, token.revoked: the provider's words (never a token). */
  reason?: string | undefined;
}
export type IntegrationDeletedEventData = LiveEventBase;
export interface ActivityRecordedEventData extends LiveEventBase {
  activity: Activity;
}

/** One event of the stream as the client reads it; `reset` means: refetch everything, then go on. */
export type LiveEvent =
  | { id: string; type: 'integration.created' | 'integration.updated'; data: IntegrationChangedEventData }
  | { id: string; type: 'token.refreshed' | 'token.refresh_failed' | 'token.revoked' | 'health.changed'; data: IntegrationChangedEventData }
  | { id: string; type: 'integration.deleted'; data: IntegrationDeletedEventData }
  | { id: string; type: 'activity.recorded'; data: ActivityRecordedEventData }
  | { id: string; type: 'reset'; data: Record<string, never> };
