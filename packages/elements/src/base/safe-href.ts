/**
 * The only way a URL that came with data becomes a link. Only absolute http(s) URLs pass;
 * `javascript:`, `data:`, relative paths and anything unparsable render as plain text instead.
 * Control and bidi-override characters are refused too: they can disguise where a link goes.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const DISGUISING_CHARACTERS = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048 || DISGUISING_CHARACTERS.test(value)) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}
