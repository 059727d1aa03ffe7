/**
 * Starts the whole reference server: database and migrations, keys, the dev OAuth provider on its
 * own port, and the API (plus the demo site when asked) on the main port, both on 127.0.0.1.
 * Used by `npm run server`, `npm start` and the tests (with port 0 and a temp data folder).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { createTokenService } from './auth/tokens.js';
import { Catalogue, DEV_PROVIDERS, loadCatalogueFile, type CatalogueEntry } from './catalogue.js';
import { checkConfig, type ServerConfig } from './config.js';
import type { AppDeps, AppEnv } from './context.js';
import { TokenCipher, loadOrCreateSecretFile, parseKey } from './crypto.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { startLiveEvents } from './events/start.js';
import { pruneOldRecords } from './db/housekeeping.js';
import { createLogger, type Logger } from './logger.js';
import { ProviderClient } from './oauth/provider-client.js';
import type { DevProvider } from './provider/dev-provider.js';
import { mountSite } from './site.js';
import type { Clock } from './lifecycle/clock.js';
import { LifecycleWorker } from './lifecycle/worker.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { setWebhookEndpoint } from './webhooks/outbox.js';
import { webhookSecret } from './webhooks/secret.js';

export interface StartOptions {
  /** Share an open database (two servers on one database, as two processes on one PostgreSQL). */
  db?: Database | undefined;
  /** Use this running dev provider instead of starting one; with `devClientSecrets`. */
  devProvider?: { provider: DevProvider; clientSecrets: Record<string, string> } | undefined;
  logger?: Logger | undefined;
  /** The lifecycle worker's and the webhook dispatcher's clock and timers (tests pass a fake one). */
  clock?: Clock | undefined;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string;
  apiBaseUrl: string;
  demoUrl: string;
  redirectUri: string;
  /** The dev provider's issuer; undefined with PROVIDERS_FILE. */
  providerIssuer: string | undefined;
  /** Undefined with PROVIDERS_FILE (a host's real providers). */
  devProvider: DevProvider | undefined;
  /** Client secrets of the dev provider's clients, by provider id (for a second server, in tests). */
  devClientSecrets: Record<string, string>;
  db: Database;
  deps: AppDeps;
  /** The token-refresh and health-check worker; undefined when `serverRefresh` is off. */
  lifecycle: LifecycleWorker | undefined;
  /** Webhook deliveries; undefined without a webhook URL. */
  webhooks: WebhookDispatcher | undefined;
  app: Hono<AppEnv>;
  close(): Promise<void>;
}

const clientIdOf = (providerId: string) => `${providerId}-client`;
const DEV_KEY_FILE = 'token-encryption.key';

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  checkConfig(config);
  const logger = options.logger ?? createLogger(config.logLevel);
  // PGlite's cluster gets a folder of its own; the data folder's root keeps the dev keys.
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') }));
  const closers: Array<() => Promise<void>> = [];
  if (!options.db) closers.push(() => db.close());
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info('migrations applied', { applied, database: db.kind });
    const live = await startLiveEvents(db, logger);
    closers.unshift(() => live.close());

    if (!config.tokenEncryptionKey && !existsSync(join(config.dataDir, DEV_KEY_FILE))) {
      logger.info('generated a dev token-encryption key (set TOKEN_ENCRYPTION_KEY in production)', {
        file: join(config.dataDir, DEV_KEY_FILE),
      });
    }
    const cipher = new TokenCipher(
      parseKey(config.tokenEncryptionKey ?? loadOrCreateSecretFile(config.dataDir, DEV_KEY_FILE, () => randomBytes(32).toString('base64'))),
    );
    const tokens = await createTokenService(config.jwt, {
      production: config.production,
      devTokens: isLoopbackOrUnset(config.publicUrl),
      dataDir: config.dataDir,
    });

    // Listen first: the redirect URI (and so the provider's client registration) needs the port.
    // eslint-disable-next-line prefer-const -- assigned below, once the app is built (it needs the port first)
    let app: Hono<AppEnv> | undefined;
    const http = createAdaptorServer({
      fetch: (request, env) =>
        app ? app.fetch(request, env) : new Response('Starting…', { status: 503, headers: { 'Retry-After': '1' } }),
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    closers.unshift(
      () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    const { port } = http.address() as AddressInfo;
    const url = config.publicUrl?.replace(/\/$/, '') ?? `http://${config.host}:${port}`;
    const redirectUri = `${url}/oauth-callback.html`;
    // In dev the page may be opened as localhost too; in production only the configured URL counts.
    const allowedRedirectUris =
      config.allowedRedirectUris ?? (config.production ? [redirectUri] : [redirectUri, `http://localhost:${port}/oauth-callback.html`]);

    let devProvider: DevProvider | undefined;
    let devClientSecrets: Record<string, string> = {};
    let entries: CatalogueEntry[];
    if (config.providersFile) {
      entries = loadCatalogueFile(config.providersFile);
    } else {
      if (options.devProvider) {
        ({ provider: devProvider, clientSecrets: devClientSecrets } = options.devProvider);
      } else {
        if (config.production) logger.warn('no PROVIDERS_FILE: starting the dev OAuth provider, which accepts any login');
        // Loaded only when needed: a host with its own providers never loads oidc-provider.
        const { startDevProvider } = await import('./provider/dev-provider.js');
        devClientSecrets = Object.fromEntries(DEV_PROVIDERS.map((p) => [p.id, randomBytes(24).toString('base64url')]));
        const started = await startDevProvider({
          host: config.host,
          port: config.providerPort,
          accessTokenTtl: config.devAccessTokenTtl,
          dataDir: config.dataDir,
          db,
          logger,
          outageControl: !config.production,
          refreshTokenReuseSeconds: config.devRefreshTokenReuseSeconds ?? 0,
          clients: DEV_PROVIDERS.map((p) => ({
            clientId: clientIdOf(p.id),
            clientSecret: devClientSecrets[p.id]!,
            scopes: p.scopes,
            redirectUris: allowedRedirectUris,
          })),
        });
        closers.unshift(() => started.close());
        devProvider = started;
      }
      const issuer = devProvider.issuer;
      entries = DEV_PROVIDERS.map((provider) => ({
        provider,
        oauth: {
          issuer,
          clientId: clientIdOf(provider.id),
          clientSecret: devClientSecrets[provider.id]!,
          // offline_access is only honoured with a fresh consent (OpenID Connect Core §11).
          authorizationParams: provider.scopes.includes('offline_access') ? { prompt: 'consent' } : ({} as Record<string, string>),
        },
      }));
    }
    const catalogue = new Catalogue(entries);
    const providerClients = new Map(catalogue.list().map((p) => [p.id, new ProviderClient(catalogue.get(p.id)!.oauth)]));
    const deps: AppDeps = {
      config,
      // Writes go through this one: on PGlite its commits wake the event stream.
      db: live.db,
      cipher,
      catalogue,
      providerClients,
      tokens,
      logger,
      allowedRedirectUris: new Set(allowedRedirectUris),
      events: live.events,
    };
    const built = createApp(deps);
    if (config.serveDemo) mountSite(built, config.rootDir);
    app = built;
    closers.unshift(scheduleHousekeeping(db, logger));
    // The worker and the dispatcher stop first on close (unshift), while the database is still open.
    const lifecycle = config.serverRefresh ? new LifecycleWorker(deps, { config: config.lifecycle, clock: options.clock }) : undefined;
    const secret = webhookSecret(config, logger);
    const webhookUrl = secret ? config.webhooks?.url : undefined;
    await setWebhookEndpoint(db, webhookUrl);
    const webhooks =
      webhookUrl && secret
        ? new WebhookDispatcher({ db, url: webhookUrl, secret, logger, config: config.webhooks, clock: options.clock })
        : undefined;
    for (const background of [lifecycle, webhooks]) {
      if (!background) continue;
      background.start();
      closers.unshift(() => background.stop());
    }

    return {
      url,
      apiBaseUrl: `${url}/api`,
      demoUrl: `${url}/integrations`,
      redirectUri,
      providerIssuer: devProvider?.issuer,
      devProvider,
      devClientSecrets,
      db,
      deps,
      lifecycle,
      webhooks,
      app: built,
      async close() {
        for (const close of closers) await close().catch(() => {});
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    throw error;
  }
}

const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/** Prunes old records now and every hour; returns the closer that stops it (and waits for a run). */
function scheduleHousekeeping(db: Database, logger: Logger): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = pruneOldRecords(db).then(
      (pruned) => {
        if (Object.values(pruned).some((n) => n > 0)) logger.info('pruned old records', { ...pruned });
      },
      (error: unknown) => logger.warn('pruning old records failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  run();
  const timer = setInterval(run, HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** No PUBLIC_URL, or one on this machine: the only setups where dev tokens are handed out. */
function isLoopbackOrUnset(publicUrl: string | undefined): boolean {
  if (!publicUrl) return true;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(publicUrl).hostname);
  } catch {
    return false;
  }
}
