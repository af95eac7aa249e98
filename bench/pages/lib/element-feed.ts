/**
 * Feeds our elements without a network: a page-level `fetch` that answers contract paths from
 * JSON strings prepared before the clock starts. The elements' client calls `globalThis.fetch`
 * at request time, so the whole element path still runs — request, body read, JSON parse,
 * schema validation, view building, drawing — only the socket is taken out (a loopback server
 * would add its own, noisier, time to ours and not to the peers, which are handed arrays).
 */
const bodies = new Map<string, string>();
let served = 0;

/** Answers `path` requests whose query `param` equals `value` with `body`. */
export function serve(path: string, param: string, value: string, body: unknown): void {
  bodies.set(`${path}?${param}=${value}`, JSON.stringify(body));
}

export function servedCount(): number {
  return served;
}

const params = ['from', 'to'];
globalThis.fetch = async (input: RequestInfo | URL) => {
  const url = new URL(input instanceof Request ? input.url : String(input), location.href);
  for (const p of params) {
    const body = bodies.get(`${url.pathname}?${p}=${url.searchParams.get(p)}`);
    if (body !== undefined) {
      served++;
      return new Response(body, {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      });
    }
  }
  return new Response('{"title":"not in the bench feed"}', {
    status: 404,
    headers: { 'content-type': 'application/problem+json' },
  });
};

/**
 * Resolves at the next canvas draw of the kinds given. The elements draw inside Lit's update;
 * waiting for their `updateComplete` afterwards covers the rest of that update.
 */
let waiters: Array<() => void> = [];
const proto = CanvasRenderingContext2D.prototype;
for (const method of ['putImageData', 'stroke'] as const) {
  const original = proto[method] as (...args: unknown[]) => void;
  proto[method] = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
    original.apply(this, args);
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  } as never;
}
export const nextDraw = () => new Promise<void>((resolve) => waiters.push(resolve));

/** Waits until `el` has drawn on its canvas and finished the update it drew in. */
export async function drawn(el: HTMLElement & { updateComplete: Promise<boolean> }) {
  await nextDraw();
  while (!(await el.updateComplete));
}
