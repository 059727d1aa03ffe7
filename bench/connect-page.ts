// The page of bench/connect.mjs: an <oauth-button> on a client of the bench's API, and the
// baseline, a plain button whose click opens the same authorize URL with window.open alone.
import { createClient } from '../src/core/index.js';
import '../src/elements/oauth-button/define.js';
import type { OAuthButtonElement } from '../src/elements/oauth-button/define.js';

const client = createClient({ apiBaseUrl: `${location.origin}/api`, redirectUri: `${location.origin}/callback`, autoRefresh: false });
const button = document.createElement('oauth-button') as OAuthButtonElement;
button.client = client;
button.integrationId = 'int-1';
button.id = 'ours';
const baseline = document.createElement('button');
baseline.id = 'base';
baseline.textContent = 'Open';
let run = 0;
baseline.addEventListener('click', () => {
  window.open(`${location.origin}/authorize?baseline=${++run}`, 'baseline', 'popup=yes,width=520,height=680');
});
// One above the other: the button's label (Connect, Connecting…) never moves the baseline.
baseline.style.display = 'block';
document.body.append(button, baseline);
