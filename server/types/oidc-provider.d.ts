// oidc-provider ships no type declarations; this is the little the dev provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type Configuration = Record<string, unknown>;

  export interface AdapterPayload {
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export const errors: {
    InvalidGrant: new (description: string) => Error;
  };

  /** The part of a Koa context a dev provider middleware reads. */
  export interface ProviderContext {
    status: number;
    body: unknown;
    oidc?: { route?: string; params?: Record<string, unknown>; client?: { clientId: string } };
  }

  export interface GrantBoundModel {
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface AuthorizationCodeRecord {
    clientId: string;
    grantId: string;
    consumed?: number;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly AccessToken: GrantBoundModel;
    readonly RefreshToken: GrantBoundModel;
    readonly AuthorizationCode: GrantBoundModel & {
      find(code: string, options?: { ignoreExpiration?: boolean }): Promise<AuthorizationCodeRecord | undefined>;
    };
    readonly Grant: { find(id: string): Promise<{ destroy(): Promise<void> } | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): this;
  }
}
