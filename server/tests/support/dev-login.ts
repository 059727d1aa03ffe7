/**
 * Drives the dev OAuth provider's built-in login and consent pages with fetch and a cookie jar,
 * as a browser would, and returns the parameters it redirects back with. No browser needed.
 */

interface Cookie {
  value: string;
  path: string;
}

class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const expires = attr('expires');
      const maxAge = attr('max-age');
      const gone = value === '' || maxAge === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
      const key = `${name}|${attr('path') ?? '/'}`;
      if (gone) this.#cookies.delete(key);
      else this.#cookies.set(key, { value: `${name}=${value}`, path: attr('path') ?? '/' });
    }
  }

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => c.value)
      .join('; ');
  }
}

export interface LoginOptions {
  /** Where the provider sends the browser back; the walk stops there. */
  redirectUri: string;
  login?: string;
  /** Press "Cancel" on the consent page instead of continuing. */
  deny?: boolean;
}

/** Walks from the authorization URL to the redirect URI; returns the callback's query parameters. */
export async function authorizeWithDevLogin(authorizationUrl: string, options: LoginOptions): Promise<URLSearchParams> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { Cookie: jar.header(url), ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      body: body ?? null,
    });
    jar.store(response);
    method = 'GET';
    body = undefined;
    const location = response.headers.get('Location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(options.redirectUri)) return next.searchParams;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`dev provider answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the dev provider page: ${html.slice(0, 300)}`);
    if (prompt === 'consent' && options.deny) {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no cancel link on the consent page');
      url = new URL(abort.replaceAll('&amp;', '&'), url);
      continue;
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: options.login ?? 'alice', password: 'any' } : { prompt });
  }
  throw new Error('the dev provider did not redirect back within 20 hops');
}
