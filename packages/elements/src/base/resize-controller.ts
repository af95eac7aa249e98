import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tracks the host's content-box size and asks for an update when it changes (at most once per
 * frame). The observer is created on connect and disconnected on disconnect: nothing leaks when
 * elements are mounted and unmounted many times.
 */
export class ResizeController implements ReactiveController {
  width = 0;
  height = 0;
  #observer: ResizeObserver | undefined;
  #target: Element | undefined;
  readonly #host: ReactiveControllerHost & Element;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const width = Math.round(box.width);
      const height = Math.round(box.height);
      if (width === this.width && height === this.height) return;
      this.width = width;
      this.height = height;
      this.#host.requestUpdate();
    });
    this.#observer.observe(this.#target ?? this.#host);
  }

  /**
   * Measures `target` instead of the host from now on. Pass a box whose size the host's own
   * rendering does not change (a plot of fixed height, as wide as the host): when the host's
   * height follows its width (wrapping text), observing the host makes every redraw resize the
   * observed box in the same frame, which the browser reports as a "ResizeObserver loop" error.
   */
  observe(target: Element): void {
    if (target === this.#target) return;
    this.#target = target;
    this.#observer?.disconnect();
    this.#observer?.observe(target);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }
}
