/**
 * One provider's OAuth 2.0 endpoints, through oauth4webapi: discovery, the authorization URL,
 * the code exchange (RFC 6749 §4.1.3 with the browser's PKCE verifier), the refresh_token grant,
 * userinfo, and revocation (RFC 7009). Every failure becomes a ProviderError carrying the
 * provider's own words, which the routes turn into token_exchange_failed / connection_failed.
 */
import * as oauth from 'oauth4webapi';
import type { ProviderOAuth } from '../catalogue.js';

const PROVIDER_TIMEOUT_MS = 10_000;

export interface TokenSet {
  accessToken: string;
  refreshToken: string | undefined;
  tokenType: string;
  /** Seconds, as the provider said; undefined when it did not say. */
  expiresIn: number | undefined;
  scope: string | undefined;
  /** The ID token's `sub`, when one came back. */
  subject: string | undefined;
}

export type ProviderFailure = 'unreachable' | 'rejected' | 'invalid_response';

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    /** The provider's OAuth error code (invalid_grant …), when it sent one. */
    readonly providerCode?: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export class ProviderClient {
  readonly #config: ProviderOAuth;
  readonly #client: oauth.Client;
  readonly #clientAuth: oauth.ClientAuth;
  #metadata: Promise<oauth.AuthorizationServer> | undefined;

  constructor(config: ProviderOAuth) {
    this.#config = config;
    this.#client = { client_id: config.clientId };
    this.#clientAuth = oauth.ClientSecretBasic(config.clientSecret);
  }

  get issuer(): string {
    return this.#config.issuer;
  }

  #options() {
    const issuer = new URL(this.#config.issuer);
    // Plain http only for a loopback issuer (the dev provider); anything else must be https.
    const loopback = issuer.hostname === '127.0.0.1' || issuer.hostname === 'localhost' || issuer.hostname === '[::1]';
    return { [oauth.allowInsecureRequests]: loopback, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) };
  }

  /** The authorization server's metadata, fetched once and kept (a failure is retried next time). */
  metadata(): Promise<oauth.AuthorizationServer> {
    this.#metadata ??= (async () => {
      const issuer = new URL(this.#config.issuer);
      const response = await oauth.discoveryRequest(issuer, { ...this.#options(), algorithm: 'oidc' });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch(async (error: unknown) => {
      this.#metadata = undefined;
      throw await toProviderError(error, 'discovery');
    });
    return this.#metadata;
  }

  async authorizationUrl(input: { redirectUri: string; state: string; codeChallenge: string; scopes: string[] }): Promise<URL> {
    const as = await this.metadata();
    if (!as.authorization_endpoint) throw new ProviderError('invalid_response', 'The provider has no authorization endpoint.');
    const url = safeAuthorizationEndpoint(as.authorization_endpoint);
    url.searchParams.set('client_id', this.#client.client_id);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', input.scopes.join(' '));
    url.searchParams.set('state', input.state);
    url.searchParams.set('code_challenge', input.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
    for (const [name, value] of Object.entries(this.#config.authorizationParams ?? {})) url.searchParams.set(name, value);
    return url;
  }

  /**
   * Exchanges the code. `iss` is checked against the issuer (RFC 9207): a wrong one is refused, and
   * so is a missing one when the provider says it always sends it (§2.4), so a response stripped of
   * its `iss` cannot slip past the mix-up defence.
   */
  async exchangeCode(input: {
    code: string;
    state: string;
    iss: string | undefined;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<TokenSet> {
    const as = await this.metadata();
    const params = new URLSearchParams({ code: input.code, state: input.state });
    if (input.iss !== undefined) params.set('iss', input.iss);
    let callbackParams: URLSearchParams;
    try {
      callbackParams = oauth.validateAuthResponse(as, this.#client, params, input.state);
    } catch (error) {
      // An unexpected `iss` means the response came from another server (a mix-up attack): refuse it.
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderError('rejected', `The authorization response does not belong to ${as.issuer}: ${reason}.`);
    }
    return this.#tokenCall(async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        this.#client,
        this.#clientAuth,
        callbackParams,
        input.redirectUri,
        input.codeVerifier,
        this.#options(),
      );
      return oauth.processAuthorizationCodeResponse(as, this.#client, response);
    }, 'code exchange');
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const as = await this.metadata();
    return this.#tokenCall(async () => {
      const response = await oauth.refreshTokenGrantRequest(as, this.#client, this.#clientAuth, refreshToken, this.#options());
      return oauth.processRefreshTokenResponse(as, this.#client, response);
    }, 'token refresh');
  }

  async userinfo(accessToken: string, subject: string | undefined): Promise<Record<string, unknown>> {
    const as = await this.metadata();
    if (!as.userinfo_endpoint) throw new ProviderError('invalid_response', 'The provider has no userinfo endpoint.');
    try {
      const response = await oauth.userInfoRequest(as, this.#client, accessToken, this.#options());
      return { ...(await oauth.processUserInfoResponse(as, this.#client, subject ?? oauth.skipSubjectCheck, response)) };
    } catch (error) {
      throw await toProviderError(error, 'userinfo');
    }
  }

  /** Revokes a token (RFC 7009). Returns false when the provider has no revocation endpoint. */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
    const as = await this.metadata();
    if (!as.revocation_endpoint) return false;
    try {
      const response = await oauth.revocationRequest(as, this.#client, this.#clientAuth, token, {
        ...this.#options(),
        additionalParameters: { token_type_hint: hint },
      });
      await oauth.processRevocationResponse(response);
      return true;
    } catch (error) {
      throw await toProviderError(error, 'revocation');
    }
  }

  async #tokenCall(call: () => Promise<oauth.TokenEndpointResponse>, what: string): Promise<TokenSet> {
    let result: oauth.TokenEndpointResponse;
    try {
      result = await call();
    } catch (error) {
      throw await toProviderError(error, what);
    }
    return {
      accessToken: result.access_token,
      refreshToken: result.refresh_token,
      tokenType: result.token_type,
      expiresIn: result.expires_in,
      scope: result.scope,
      subject: oauth.getValidatedIdTokenClaims(result)?.sub,
    };
  }
}

/**
 * The browser is sent wherever the metadata says: only https, or plain http to this machine (the
 * dev provider). Anything else (http to another host, javascript:, data:) would hand the user, and
 * the code that comes back, to whoever can change that answer.
 */
function safeAuthorizationEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ProviderError('invalid_response', 'The provider’s authorization endpoint is not a URL.');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url;
  throw new ProviderError(
    'invalid_response',
    `The provider’s authorization endpoint must be https (or http on this machine), not ${url.protocol}//${url.host}.`,
  );
}

/** The provider's words when it gave any, otherwise what went wrong on the way. */
export async function toProviderError(error: unknown, what: string): Promise<ProviderError> {
  if (error instanceof ProviderError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const text = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    return new ProviderError('rejected', `The provider rejected the ${what} (${text}).`, error.error, error.status);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const text = challenge ? [challenge.parameters.error, challenge.parameters.error_description].filter(Boolean).join(': ') : '';
    return new ProviderError(
      'rejected',
      `The provider rejected the ${what}${text ? ` (${text})` : ''}.`,
      challenge?.parameters.error,
      error.status,
    );
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new ProviderError(
      'rejected',
      `The provider returned an error (${error.error}${error.error_description ? `: ${error.error_description}` : ''}).`,
      error.error,
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    // A 5xx (or other unexpected status) still carries the provider's explanation in its body.
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response) {
      const response = error.cause;
      return new ProviderError(
        'unreachable',
        `The provider failed the ${what} (HTTP ${response.status}${await providerText(response)}).`,
        undefined,
        response.status,
      );
    }
    return new ProviderError('invalid_response', `The provider's ${what} answer was not valid: ${error.message}.`);
  }
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const reason =
    error instanceof Error && error.name === 'TimeoutError'
      ? 'timed out'
      : (cause?.code ?? (error instanceof Error ? error.message : String(error)));
  return new ProviderError('unreachable', `The provider could not be reached for the ${what} (${reason}).`);
}

/** `: error: description` from an OAuth-style JSON body, else the start of the text. */
async function providerText(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim();
    try {
      const json = JSON.parse(text) as { error?: unknown; error_description?: unknown };
      if (typeof json.error === 'string')
        return `: ${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}`;
    } catch {
      // not JSON: fall through to the text
    }
    return text ? `: ${text.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
