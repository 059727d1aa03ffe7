/**
 * The webhook signing secret: WEBHOOK_SECRET, or in dev one generated once into the data folder
 * (`dev-only-webhook-secret.txt`, mode 0600, git-ignored like the other dev keys).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { loadOrCreateSecretFile } from '../crypto.js';
import type { Logger } from '../logger.js';

export const DEV_WEBHOOK_SECRET_FILE = 'dev-only-webhook-secret.txt';

export function webhookSecret(config: ServerConfig, logger: Logger): string | undefined {
  if (config.webhooks?.secret) return config.webhooks.secret;
  if (config.production) return undefined;
  const file = join(config.dataDir, DEV_WEBHOOK_SECRET_FILE);
  if (!existsSync(file)) logger.info('generated a dev-only webhook secret (set WEBHOOK_SECRET in production)', { file });
  return loadOrCreateSecretFile(config.dataDir, DEV_WEBHOOK_SECRET_FILE, () => `whsec_${randomBytes(32).toString('base64')}`).trim();
}
