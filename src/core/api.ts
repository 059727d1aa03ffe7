/**
 * The typed REST client: one method per endpoint of DESIGN §3, each validating its answer.
 * Stateless — caching, dedup and optimistic updates live in client.ts on top of it.
 */
import { HttpClient, type RequestOptions } from './http.js';
import type { ResolvedConfig } from './config.js';
import {
  CloudProviderListSchema,
  ConnectionTestResultSchema,
  IntegrationPageSchema,
  IntegrationSchema,
  OAuthInitiateResponseSchema,
  TokenHealthSchema,
  UsageStatsSchema,
} from './schemas.js';
import type {
  CloudProvider,
  ConnectionTestResult,
  Integration,
  IntegrationCreateRequest,
  IntegrationListQuery,
  IntegrationUpdateRequest,
  OAuthCallbackRequest,
  OAuthInitiateRequest,
  OAuthInitiateResponse,
  Page,
  TokenHealth,
  UsageRange,
  UsageStats,
} from './types.js';

export interface CreateOptions extends RequestOptions {
  /** Sent as `Idempotency-Key` so a retried create cannot make a second integration. */
  idempotencyKey?: string | undefined;
}

export interface UpdateOptions extends RequestOptions {
  /** The version the edit was based on; sent as `If-Match` so a stale write fails with `conflict`. */
  etag?: string | undefined;
}

const id = (value: string) => encodeURIComponent(value);

/** Keeps the ETag header on the integration so the next PATCH can send it back. */
function withEtag(integration: Integration, headers: Headers): Integration {
  const etag = headers.get('ETag');
  return etag && !integration.etag ? { ...integration, etag } : integration;
}

export class IntegrationsApi {
  readonly http: HttpClient;

  constructor(config: ResolvedConfig) {
    this.http = new HttpClient(config);
  }

  async listProviders(options: RequestOptions = {}): Promise<CloudProvider[]> {
    const res = await this.http.request({ ...options, method: 'GET', path: 'cloud-providers', schema: CloudProviderListSchema, what: 'provider list' });
    return res.data;
  }

  async listIntegrations(query: IntegrationListQuery = {}, options: RequestOptions = {}): Promise<Page<Integration>> {
    const res = await this.http.request({ ...options, method: 'GET', path: 'integrations', query: { ...query }, schema: IntegrationPageSchema, what: 'integration list' });
    return res.data;
  }

  async getIntegration(integrationId: string, options: RequestOptions = {}): Promise<Integration> {
    const res = await this.http.request({ ...options, method: 'GET', path: `integrations/${id(integrationId)}`, schema: IntegrationSchema, what: 'integration' });
    return withEtag(res.data, res.headers);
  }

  async createIntegration(body: IntegrationCreateRequest, options: CreateOptions = {}): Promise<Integration> {
    const headers = { ...options.headers, ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}) };
    const res = await this.http.request({ ...options, headers, method: 'POST', path: 'integrations', body, schema: IntegrationSchema, what: 'integration' });
    return withEtag(res.data, res.headers);
  }

  async updateIntegration(integrationId: string, body: IntegrationUpdateRequest, options: UpdateOptions = {}): Promise<Integration> {
    const headers = { ...options.headers, ...(options.etag ? { 'If-Match': options.etag } : {}) };
    const res = await this.http.request({ ...options, headers, method: 'PATCH', path: `integrations/${id(integrationId)}`, body, schema: IntegrationSchema, what: 'integration' });
    return withEtag(res.data, res.headers);
  }

  async deleteIntegration(integrationId: string, options: RequestOptions = {}): Promise<void> {
    await this.http.request({ ...options, method: 'DELETE', path: `integrations/${id(integrationId)}`, what: 'integration' });
  }

  async initiateOAuth(integrationId: string, body: OAuthInitiateRequest, options: RequestOptions = {}): Promise<OAuthInitiateResponse> {
    const res = await this.http.request({ ...options, method: 'POST', path: `integrations/${id(integrationId)}/oauth/initiate`, body, schema: OAuthInitiateResponseSchema, what: 'authorization request' });
    return res.data;
  }

  async completeOAuth(body: OAuthCallbackRequest, options: RequestOptions = {}): Promise<Integration> {
    const res = await this.http.request({ ...options, method: 'POST', path: 'oauth/callback', body, schema: IntegrationSchema, what: 'integration' });
    return withEtag(res.data, res.headers);
  }

  async refreshToken(integrationId: string, options: RequestOptions = {}): Promise<Integration> {
    const res = await this.http.request({ ...options, method: 'POST', path: `integrations/${id(integrationId)}/tokens/refresh`, schema: IntegrationSchema, what: 'integration' });
    return withEtag(res.data, res.headers);
  }

  async getTokenHealth(integrationId: string, options: RequestOptions = {}): Promise<TokenHealth> {
    const res = await this.http.request({ ...options, method: 'GET', path: `integrations/${id(integrationId)}/tokens/health`, schema: TokenHealthSchema, what: 'token health report' });
    return res.data;
  }

  async testConnection(integrationId: string, options: RequestOptions = {}): Promise<ConnectionTestResult> {
    const res = await this.http.request({ ...options, method: 'POST', path: `integrations/${id(integrationId)}/test`, schema: ConnectionTestResultSchema, what: 'connection test result' });
    return res.data;
  }

  async getUsage(integrationId: string, range: UsageRange = '7d', options: RequestOptions = {}): Promise<UsageStats> {
    const res = await this.http.request({ ...options, method: 'GET', path: `integrations/${id(integrationId)}/usage`, query: { range }, schema: UsageStatsSchema, what: 'usage report' });
    return res.data;
  }
}
