/** POST /dev/token {tenantId, role} → {accessToken}: dev mode only (never mounted in production). */
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { TokenService } from '../auth/tokens.js';
import { DevTokenBody, parseOrThrow, readJsonBody } from '../validation.js';

export function devTokenRoute(tokens: Required<TokenService>) {
  const app = new Hono<AppEnv>();
  app.post('/token', async (c) => {
    const body = parseOrThrow(DevTokenBody, await readJsonBody(c));
    c.header('Cache-Control', 'no-store');
    return c.json({ accessToken: await tokens.mint(body) });
  });
  return app;
}
