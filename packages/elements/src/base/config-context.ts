import type { Context } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import type { CmdctrClient } from '@cmdctr/contract';
import type { Bucket } from './format.js';
import type { ThemeName } from './theme.js';

/** Settings `<cmdctr-config>` shares with every cmdctr element inside it. */
export interface CmdctrConfig {
  /** API base URL; '' means the page's own origin. */
  src?: string;
  /** The client built from `src` and the auth settings; elements with no own `src` use it. */
  client?: CmdctrClient;
  locale?: string;
  tz?: string;
  theme?: ThemeName;
  refresh?: number;
  live?: boolean;
  workflow?: string;
  region?: string;
  range?: string;
  bucket?: Bucket;
}

/**
 * `Symbol.for` keeps the context key identical across two copies of the library on one page,
 * so a config from one copy still reaches elements from the other.
 */
export const configContext = Symbol.for('cmdctr-config') as Context<
  symbol,
  CmdctrConfig | undefined
>;

type Dispose = () => void;

/**
 * Dispatches a context-protocol event from `target` for `configContext`. These are the
 * protocol's own events, not cmdctr events, so they do not go through `emit()`.
 */
function dispatchContext(
  target: Element,
  type: 'context-request' | 'context-provider',
  fields: object,
): void {
  // eslint-disable-next-line no-restricted-syntax -- the context protocol's event, not a cmdctr one
  target.dispatchEvent(
    Object.assign(new Event(type, { bubbles: true, composed: true }), {
      context: configContext,
      contextTarget: target,
      ...fields,
    }),
  );
}

/**
 * Subscribes `host` to the nearest provider of `configContext` while it is connected, speaking
 * the community context protocol (`context-request`) directly: what `@lit/context`'s
 * ContextConsumer with `subscribe: true` does, without shipping its runtime in every element.
 * Any provider of the protocol answers, `@lit/context`'s ContextProvider included.
 */
export function consumeConfig(
  host: ReactiveControllerHost & HTMLElement,
  callback: (value: CmdctrConfig | undefined) => void,
): void {
  let unsubscribe: Dispose | undefined;
  const receive = (value: CmdctrConfig | undefined, dispose?: Dispose): void => {
    // A nearer provider appearing re-dispatches this callback: leave the previous provider.
    if (dispose !== unsubscribe) unsubscribe?.();
    unsubscribe = dispose;
    callback(value);
  };
  host.addController({
    hostConnected() {
      dispatchContext(host, 'context-request', { callback: receive, subscribe: true });
    },
    hostDisconnected() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}

/** What `provideConfig` hands its host: the shared value and the way to change it. */
export interface ConfigProvider {
  readonly value: CmdctrConfig | undefined;
  /** Shares `value` with every subscribed element when it is a different object. */
  setValue(value: CmdctrConfig | undefined): void;
}

/**
 * Makes `host` answer `context-request`s for `configContext` from elements inside it: what
 * `@lit/context`'s ContextProvider does, including handing subscriptions over to a nearer
 * provider that appears later (the `context-provider` event), without shipping its runtime.
 */
export function provideConfig(host: ReactiveControllerHost & HTMLElement): ConfigProvider {
  type Receive = (value: CmdctrConfig | undefined, dispose?: Dispose) => void;
  const subscriptions = new Map<Receive, { dispose: Dispose; consumer: Element }>();
  let current: CmdctrConfig | undefined;
  /** The element that dispatched a protocol event, when it is not `host` itself. */
  const origin = (event: Event & { context?: unknown; contextTarget?: Element }) => {
    const target = event.contextTarget ?? (event.composedPath()[0] as Element);
    return event.context === configContext && target !== host ? target : undefined;
  };
  host.addEventListener('context-request', (event) => {
    const request = event as Event & { callback: Receive; subscribe?: boolean };
    const consumer = origin(request);
    if (!consumer) return;
    event.stopPropagation();
    if (!request.subscribe) return request.callback(current);
    const { callback } = request;
    if (!subscriptions.has(callback)) {
      subscriptions.set(callback, { dispose: () => subscriptions.delete(callback), consumer });
    }
    callback(current, subscriptions.get(callback)!.dispose);
  });
  host.addEventListener('context-provider', (event) => {
    if (!origin(event)) return;
    event.stopPropagation();
    // A provider appeared between us and some consumers: ask each consumer again, so the
    // nearest provider answers it.
    for (const [callback, { consumer }] of [...subscriptions]) {
      dispatchContext(consumer, 'context-request', { callback, subscribe: true });
    }
  });
  host.addController({
    hostConnected() {
      dispatchContext(host, 'context-provider', {});
    },
  });
  return {
    get value() {
      return current;
    },
    setValue(value) {
      if (Object.is(value, current)) return;
      current = value;
      for (const [callback, { dispose }] of [...subscriptions]) callback(value, dispose);
    },
  };
}
