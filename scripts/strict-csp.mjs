// The Content-Security-Policy of a locked-down intranet or portal page. The strict-CSP test
// (test/csp) and the demo page (npm start) both send it, so the demo shows exactly what the
// test checks: an element that needed inline script, inline style, eval, a foreign origin or a
// raw HTML sink without the `lit-html` Trusted Types policy would show broken, not hide it.
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** Content types of the files these small static servers hand out. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
};
