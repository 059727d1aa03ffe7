/** `@mwap/integrations/callback`: for the OAuth redirect page. */
export { handleOAuthCallback } from './core/oauth/callback.js';
export type { CallbackResult, HandleOAuthCallbackOptions, OAuthCallbackMessage } from './core/oauth/callback.js';
