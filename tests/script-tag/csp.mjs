/**
 * The strict Content-Security-Policy of the script-tag portal: no inline script, no eval, Trusted
 * Types enforced, everything from this origin. Style sheets come from this origin too, and no style
 * attribute is allowed: the elements style through constructable stylesheets and CSSOM writes
 * only. Used by tests/script-tag/script-tag.test.mjs (Chromium, through playwright-core) and by
 * tests/support/script-tag-csp-middleware.mjs (the same page inside the browser suite, in every
 * engine).
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'none'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  // Lit's one policy (lit-html) and nothing else may create Trusted Types.
  'trusted-types lit-html',
].join('; ');
