/**
 * `npm run server`: the reference server alone (API + dev OAuth provider), configured by
 * environment variables (server/README.md). `npm start` runs this with the demo site on.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configFromEnv } from './config.js';
import { startServer } from './start-server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start the reference server: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pglite', 'PG_VERSION'))) {
    process.stdout.write(`Creating the database in ${config.dataDir} (first start only, a few seconds)…\n`);
  }
  const server = await startServer(config).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      const { address, port } = error as { address?: string; port?: number };
      throw new Error(`${address}:${port} is already in use: stop what runs there or choose another PORT (and PROVIDER_PORT).`);
    }
    throw error;
  });
  const lines = [
    '',
    config.serveDemo ? `  Demo:           ${server.demoUrl}` : undefined,
    `  API base URL:   ${server.apiBaseUrl}`,
    server.providerIssuer
      ? `  OAuth provider: ${server.providerIssuer}  (dev login: any name and password)`
      : `  Providers:      ${config.providersFile}`,
    `  Mode:           ${config.production ? 'production' : 'development (POST /dev/token mints bearer tokens)'}; database: ${server.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`}`,
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.filter((line) => line !== undefined).join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nStopping (${signal})…\n`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Cannot start the reference server:', error instanceof Error ? error.message : error);
  process.exit(1);
});
