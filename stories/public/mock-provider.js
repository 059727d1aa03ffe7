// Storybook's stand-in for a provider's authorization endpoint: shows a consent screen and
// redirects back to redirect_uri as a real provider would (RFC 6749 §4.1.2, RFC 9207 `iss`).
// `?auto=approve|deny` answers at once (used by the story smoke test).
const params = new URLSearchParams(location.search);
const state = params.get('state') ?? '';
const redirectUri = params.get('redirect_uri');

document.getElementById('provider').textContent = params.get('provider') ?? 'Mock provider';
document.getElementById('client').textContent = params.get('client_name') ?? 'An integration';
const scopes = document.getElementById('scopes');
for (const scope of (params.get('scope') ?? '').split(' ').filter(Boolean)) {
  const item = document.createElement('li');
  const code = document.createElement('code');
  code.textContent = scope;
  item.append(code);
  scopes.append(item);
}

/**
 * The redirect URI this page may send a code to: Storybook's own redirect page, on this origin.
 * A real provider checks it against the client's registration; anything else (another site, a
 * `javascript:` URL) would hand the code away or run script here.
 */
function allowedRedirect(value) {
  let target;
  try {
    target = new URL(value, location.href);
  } catch {
    return undefined;
  }
  const ours = target.origin === location.origin && target.pathname.endsWith('/mwap-oauth-callback.html');
  return ours ? target : undefined;
}

function answer(result) {
  const target = redirectUri ? allowedRedirect(redirectUri) : undefined;
  if (!target) {
    document.querySelector('main').textContent = redirectUri
      ? 'This redirect_uri is not registered for the mock provider: it only answers to mwap-oauth-callback.html on this origin.'
      : 'No redirect_uri was given.';
    return;
  }
  if (result === 'approve') {
    target.searchParams.set('code', `mock-code-${state}`);
  } else {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied access');
  }
  target.searchParams.set('state', state);
  target.searchParams.set('iss', new URL('mock-provider', location.href).href);
  location.replace(target.href);
}

document.getElementById('allow').addEventListener('click', () => answer('approve'));
document.getElementById('deny').addEventListener('click', () => answer('deny'));
if (params.get('auto') === 'approve' || params.get('auto') === 'deny') answer(params.get('auto'));
else document.getElementById('allow').focus();
