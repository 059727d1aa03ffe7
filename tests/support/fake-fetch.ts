/** A scripted `fetch` for unit tests: answers in order, records every request. */
export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null;
}

export type Answer = Response | Error | ((req: RecordedRequest) => Response | Promise<Response>);

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** What a test reads of one `fetch` call. */
export function recordRequest(input: RequestInfo | URL, init: RequestInit = {}): RecordedRequest {
  return {
    url: new URL(String(input)),
    method: init.method ?? 'GET',
    headers: new Headers(init.headers),
    body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    signal: init.signal ?? null,
  };
}

/**
 * Answers in order. `GET …/me` is answered apart, as an API without it (404: every action offered),
 * and not recorded, so scripted answers are not spent on the elements' permission check; Tests of roles use fake-server.ts.
 */
export function fakeFetch(...answers: Answer[]) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const req = recordRequest(input, init);
    if (req.method === 'GET' && req.url.pathname.endsWith('/me')) {
      return jsonResponse(404, { error: { code: 'not_found', message: 'No such endpoint.' } });
    }
    requests.push(req);
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer === undefined) throw new Error('fakeFetch: no answer scripted');
    if (answer instanceof Error) throw answer;
    const response = typeof answer === 'function' ? await answer(req) : answer.clone();
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return response;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}
