// The script of dist/oauth-callback.html: a ready redirect page for hosts.
import { handleOAuthCallback } from './core/oauth/callback.js';

handleOAuthCallback();
