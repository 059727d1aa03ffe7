/**
 * `npm run server`: the reference server alone (API + dev OAuth provider), configured by
 * environment variables (server/README.md). `npm start` runs this with the demo site on.
 */
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
  const server = await startServer(config);
  const lines = [
    '',
    config.serveDemo ? `  Demo:           ${server.demoUrl}` : undefined,
    `  API base URL:   ${server.apiBaseUrl}`,
    `  OAuth provider: ${server.providerIssuer}  (dev login: any name and password)`,
    `  Mode:           ${config.production ? 'production' : 'development (POST /dev/token mints bearer tokens)'}; database: ${server.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : config.dataDir}`,
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
