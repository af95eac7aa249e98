import type { CmdctrClient, StreamEvent } from '@cmdctr/contract';

type Listener = (event: StreamEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  abort: AbortController;
}

/**
 * One live-stream connection per API client, shared by every element that subscribes: a page
 * with twelve live elements opens one SSE connection, not twelve. The connection closes when
 * the last subscriber leaves.
 */
const hubs = new WeakMap<CmdctrClient, Hub>();

export function subscribeStream(client: CmdctrClient, listener: Listener): () => void {
  let hub = hubs.get(client);
  if (!hub) {
    const created: Hub = { listeners: new Set(), abort: new AbortController() };
    hub = created;
    hubs.set(client, created);
    client.stream({
      signal: created.abort.signal,
      onEvent: (event) => {
        for (const each of [...created.listeners]) each(event);
      },
    });
  }
  const active = hub;
  active.listeners.add(listener);
  return () => {
    active.listeners.delete(listener);
    if (active.listeners.size === 0) {
      active.abort.abort();
      hubs.delete(client);
    }
  };
}

/** Open stream connections, for leak checks in tests and benchmarks. */
export function openStreamCount(client: CmdctrClient): number {
  return hubs.get(client)?.listeners.size ?? 0;
}
