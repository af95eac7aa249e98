/** Query values the client accepts; null and undefined are left out of the URL. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/**
 * Serialises a query with sorted keys, so the same question always yields the same URL and
 * therefore shares one in-flight request and one cache entry. Arrays are comma-joined, as the
 * contract declares its list parameters (`style: form, explode: false`); an empty one is left out.
 */
export function serializeQuery(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      const items = value as readonly string[];
      if (items.length > 0) params.append(key, items.join(','));
    } else {
      params.append(key, String(value));
    }
  }
  return params.toString();
}

/** Joins a base URL, an API path and a query without doubling or dropping slashes. */
export function buildUrl(baseUrl: string, path: string, query?: QueryParams): string {
  const base = baseUrl.replace(/\/+$/, '');
  const rel = path.startsWith('/') ? path : `/${path}`;
  const qs = serializeQuery(query);
  if (!qs) return `${base}${rel}`;
  return `${base}${rel}${rel.includes('?') ? '&' : '?'}${qs}`;
}
