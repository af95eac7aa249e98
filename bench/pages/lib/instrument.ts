/**
 * Counts what an element can leave behind after it is removed. Imported first by the leaks
 * page, so it wraps the platform before Lit or any element module runs. It changes no behaviour:
 * every wrapper calls the original with the same arguments and returns its result.
 *
 * Counted as "still active":
 * - listeners added to `window` or `document` and not removed (nor fired, for `once`, nor
 *   aborted through their `signal`);
 * - targets observed by a Resize/Mutation/IntersectionObserver and not unobserved or
 *   disconnected;
 * - intervals not cleared; timeouts neither fired nor cleared;
 * - fetches not settled; EventSources not closed.
 */
export interface Counts {
  listeners: number;
  observers: number;
  intervals: number;
  timeouts: number;
  fetches: number;
  eventSources: number;
}

/** The untouched originals, for the page's own waiting (which must not count). */
export const originals = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  requestAnimationFrame: globalThis.requestAnimationFrame.bind(globalThis),
};

// ---------------------------------------------------------------- listeners on window/document

type Key = string;
const listeners = new Map<EventTarget, Map<Key, Set<EventListenerOrEventListenerObject>>>();
const captureOf = (options?: boolean | AddEventListenerOptions | EventListenerOptions) =>
  typeof options === 'boolean' ? options : Boolean(options?.capture);
const tracked = (target: EventTarget) => target === window || target === document;
/** once-listeners are registered through a wrapper; this maps the caller's function to it. */
const onceWrappers = new WeakMap<EventListenerOrEventListenerObject, Map<Key, EventListener>>();

function forget(target: EventTarget, key: Key, listener: EventListenerOrEventListenerObject) {
  listeners.get(target)?.get(key)?.delete(listener);
}

const { addEventListener, removeEventListener } = EventTarget.prototype;
EventTarget.prototype.addEventListener = function (
  this: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: boolean | AddEventListenerOptions,
) {
  if (!listener || !tracked(this)) return addEventListener.call(this, type, listener, options);
  const key = `${type}|${captureOf(options)}`;
  const byKey = listeners.get(this) ?? new Map<Key, Set<EventListenerOrEventListenerObject>>();
  listeners.set(this, byKey);
  const set = byKey.get(key) ?? new Set();
  byKey.set(key, set);
  // Adding the same listener twice is a no-op in the DOM; a Set mirrors that.
  set.add(listener);
  const opts = typeof options === 'object' ? options : undefined;
  opts?.signal?.addEventListener('abort', () => forget(this, key, listener), { once: true });
  if (opts?.once) {
    // `this` in a listener is the event's currentTarget, which is this target.
    const wrapper: EventListener = (event: Event) => {
      forget(this, key, listener);
      return typeof listener === 'function'
        ? listener.call(this, event)
        : listener.handleEvent(event);
    };
    const map = onceWrappers.get(listener) ?? new Map<Key, EventListener>();
    map.set(key, wrapper);
    onceWrappers.set(listener, map);
    return addEventListener.call(this, type, wrapper, options);
  }
  return addEventListener.call(this, type, listener, options);
};
EventTarget.prototype.removeEventListener = function (
  this: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: boolean | EventListenerOptions,
) {
  if (!listener || !tracked(this)) return removeEventListener.call(this, type, listener, options);
  const key = `${type}|${captureOf(options)}`;
  forget(this, key, listener);
  const wrapper = onceWrappers.get(listener)?.get(key);
  if (wrapper) removeEventListener.call(this, type, wrapper, options);
  return removeEventListener.call(this, type, listener, options);
};

// ---------------------------------------------------------------- observers

const observed = new Map<object, Set<Node | Element>>();
function wrapObserver<T extends { new (...args: never[]): object }>(Base: T): void {
  const proto = Base.prototype as {
    observe(target: Node, options?: unknown): void;
    unobserve?(target: Node): void;
    disconnect(): void;
  };
  const { observe, unobserve, disconnect } = proto;
  proto.observe = function (this: object, target: Node, options?: unknown) {
    const set = observed.get(this) ?? new Set();
    observed.set(this, set);
    set.add(target);
    return observe.call(this, target, options);
  };
  if (unobserve)
    proto.unobserve = function (this: object, target: Node) {
      observed.get(this)?.delete(target);
      return unobserve.call(this, target);
    };
  proto.disconnect = function (this: object) {
    observed.delete(this);
    return disconnect.call(this);
  };
}
wrapObserver(ResizeObserver);
wrapObserver(MutationObserver);
wrapObserver(IntersectionObserver);

// ---------------------------------------------------------------- timers

const intervals = new Set<number>();
const timeouts = new Set<number>();
const { setInterval: si, clearInterval: ci, setTimeout: st, clearTimeout: ct } = globalThis;
globalThis.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = si(handler, ms, ...args);
  intervals.add(id);
  return id;
}) as typeof setInterval;
globalThis.clearInterval = ((id?: number) => {
  if (id !== undefined) intervals.delete(id);
  ci(id);
}) as typeof clearInterval;
globalThis.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id: number = st(
    (...a: unknown[]) => {
      timeouts.delete(id);
      if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
      // A string handler would be eval; the page's CSP-clean code never passes one.
    },
    ms,
    ...args,
  );
  timeouts.add(id);
  return id;
}) as typeof setTimeout;
globalThis.clearTimeout = ((id?: number) => {
  if (id !== undefined) timeouts.delete(id);
  ct(id);
}) as typeof clearTimeout;

// ---------------------------------------------------------------- network

let fetches = 0;
let requests = 0;
const originalFetch = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  fetches++;
  requests++;
  const settle = () => fetches--;
  const pending = originalFetch(...args);
  pending.then(settle, settle);
  return pending;
};
let eventSources = 0;
const OriginalEventSource = globalThis.EventSource;
globalThis.EventSource = class extends OriginalEventSource {
  #open = true;
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    eventSources++;
  }
  override close(): void {
    if (this.#open) eventSources--;
    this.#open = false;
    super.close();
  }
};

export function counts(): Counts {
  let l = 0;
  for (const byKey of listeners.values()) for (const set of byKey.values()) l += set.size;
  let o = 0;
  for (const set of observed.values()) o += set.size;
  return {
    listeners: l,
    observers: o,
    intervals: intervals.size,
    timeouts: timeouts.size,
    fetches,
    eventSources,
  };
}

export const requestCount = () => requests;
