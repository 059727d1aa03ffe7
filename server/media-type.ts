/**
 * Content-Type, parsed as RFC 9110 §8.3.1 writes it (`type/subtype *( ; name=value )`), never
 * searched: `text/plain; charset=application/json` is text (and a browser sends it cross-site
 * without a preflight), `application/jsonp` is not JSON.
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QUOTED = /^"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"$/;

export interface MediaType {
  /** `type/subtype`, lower case. */
  essence: string;
  /** Parameter names in lower case; values unquoted. */
  parameters: Map<string, string>;
}

/** The media type of a Content-Type header, or `undefined` when it is not one. */
export function parseMediaType(header: string): MediaType | undefined {
  const [head = '', ...rest] = header.split(';');
  const [type, subtype, extra] = head.trim().split('/');
  if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const parameters = new Map<string, string>();
  for (const part of rest) {
    const text = part.trim();
    if (text === '') continue; // `application/json;` is tolerated, as browsers do
    const equals = text.indexOf('=');
    if (equals <= 0) return undefined;
    const name = text.slice(0, equals).toLowerCase();
    let value = text.slice(equals + 1);
    if (!TOKEN.test(name)) return undefined;
    if (QUOTED.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (!TOKEN.test(value)) return undefined;
    if (parameters.has(name)) return undefined;
    parameters.set(name, value);
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), parameters };
}

/**
 * Whether a request body of this Content-Type is read as JSON: `application/json` (any case, any
 * parameters) whose charset, if named, is UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8).
 * `application/*+json` is not: those name other formats with their own semantics (merge-patch,
 * problem details …) that this API does not implement, and no client of it sends them.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const media = parseMediaType(header);
  if (!media || media.essence !== 'application/json') return false;
  const charset = media.parameters.get('charset');
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}
