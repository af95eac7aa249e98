/** Query values the client accepts; null and undefined are left out of the URL. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/**
 * Serialises a query with sorted keys, so the same question always yields the same URL and
 * therefore shares one in-flight request and one cache entry. Arrays are comma-joined, as the
 * contract declares its list parameters (`style: form, explode: false`); an empty one is left out.
 */
export function serializeQuery(query: QueryParams = {}): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    // String() of an array is its items joined with commas.
    if (value != null && (!Array.isArray(value) || value.length)) params.append(key, String(value));
  }
  return params.toString();
}

/** Joins a base URL, an API path and a query without doubling or dropping slashes. */
export function buildUrl(baseUrl: string, path: string, query?: QueryParams): string {
  const rel = path.startsWith('/') ? path : `/${path}`;
  const qs = serializeQuery(query);
  return baseUrl.replace(/\/+$/, '') + rel + (qs ? (rel.includes('?') ? '&' : '?') + qs : '');
}
