/**
 * What the secret-sinks journey records: the provider's tokens as the server received them, the
 * server's log, everything the browser sent and received, and the places a page can keep text.
 */
import { createLogger } from '../../../../server/logger.ts';

/**
 * Tees the server's outgoing fetch (oauth4webapi calls the global one at call time): every answer
 * of the provider's token endpoint, so the test knows each access, refresh and ID token by value,
 * and each code and verifier the server exchanged. Returns the record and an undo.
 */
export function recordProviderTokens() {
  const record = { accessTokens: [], refreshTokens: [], idTokens: [], exchangedCodes: [], exchangedVerifiers: [] };
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await realFetch(input, init);
    if (url.pathname !== '/token' || !init?.body) return response;
    const sent = new URLSearchParams(String(init.body));
    if (sent.get('code')) record.exchangedCodes.push(sent.get('code'));
    if (sent.get('code_verifier')) record.exchangedVerifiers.push(sent.get('code_verifier'));
    const answer = await response
      .clone()
      .json()
      .catch(() => ({}));
    if (answer.access_token) record.accessTokens.push(answer.access_token);
    if (answer.refresh_token) record.refreshTokens.push(answer.refresh_token);
    if (answer.id_token) record.idTokens.push(answer.id_token);
    return response;
  };
  return { record, restore: () => (globalThis.fetch = realFetch) };
}

/** A debug-level logger into `lines`, plus a tee of this process's stdout and stderr (anything else that prints). */
export function recordServerOutput() {
  const lines = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  const undo = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      lines.push(String(chunk));
      return write(chunk, ...rest);
    };
    return () => (stream.write = write);
  });
  return { lines, logger, restore: () => undo.forEach((f) => f()) };
}

/** Every request the context's pages sent (URL, headers, body) and every answer they got (headers, body). */
export function recordTraffic(context) {
  const pending = [];
  const requests = [];
  const responses = [];
  context.on('request', (request) => {
    pending.push(
      request
        .allHeaders()
        .then((headers) => requests.push({ method: request.method(), url: request.url(), headers, body: request.postData() ?? '' })),
    );
  });
  context.on('response', (response) => {
    pending.push(
      (async () => {
        const headers = await response.allHeaders().catch(() => ({}));
        // A redirect has no body to read; nor has a request the page gave up on.
        const body = await response.body().then(
          (buffer) => buffer.toString('utf8'),
          () => '',
        );
        responses.push({ url: response.url(), status: response.status(), headers, body });
      })(),
    );
  });
  return { requests, responses, settled: () => Promise.all(pending.splice(0)) };
}

/** localStorage, sessionStorage and every record of every IndexedDB store of the page's origin, as text. */
export function readStorage(page) {
  return page.evaluate(async () => {
    const request = (r) =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const indexed = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const objects = db.transaction(store, 'readonly').objectStore(store);
        indexed.push(JSON.stringify({ name, store, keys: await request(objects.getAllKeys()), values: await request(objects.getAll()) }));
      }
      db.close();
    }
    return {
      origin: location.origin,
      localStorage: JSON.stringify(Object.entries(localStorage)),
      sessionStorage: JSON.stringify(Object.entries(sessionStorage)),
      indexedDB: indexed.join('\n'),
    };
  });
}

/** The page's markup with every open shadow root's, and the live values of its form fields. */
export function readDom(page) {
  return page.evaluate(() => {
    const parts = [document.documentElement.outerHTML];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if ('value' in element && typeof element.value === 'string') parts.push(element.value);
        if (element.shadowRoot) {
          parts.push(element.shadowRoot.innerHTML);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    return parts.join('\n');
  });
}

/** The page's address and the addresses of its history entries (the Navigation API lists them). */
export function readHistory(page) {
  return page.evaluate(() => [location.href, ...navigation.entries().map((entry) => entry.url ?? '')]);
}

/** The secrets (name → values) found in `text`, for an assertion message that says which. */
export function secretsIn(text, secrets) {
  const found = [];
  for (const [name, values] of Object.entries(secrets)) {
    for (const value of values) if (value && text.includes(value)) found.push(name);
  }
  return [...new Set(found)];
}
