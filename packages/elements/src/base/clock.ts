import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A ticking clock for countdowns and ages (approval SLAs, stale exceptions) that reads the
 * server's time, not the client's: `sync()` takes the `Date` header of a response
 * (`ClientResponse.serverTime`) and the client time it arrived (`receivedAt`), and `now()` adds
 * that offset to the client clock. A client clock that is hours wrong therefore cannot show an
 * overdue approval as on time. Until a response has been seen, `now()` is the client clock.
 *
 * The host re-renders once per `intervalMs` while connected; the timer stops on disconnect so
 * nothing ticks for an element that is gone.
 */
export class ClockController implements ReactiveController {
  /** Server time minus client time, ms. */
  offsetMs = 0;
  readonly #host: ReactiveControllerHost;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, intervalMs = 1000) {
    this.#host = host;
    this.#intervalMs = intervalMs;
    host.addController(this);
  }

  /** Adopts the server's clock from a response; ignored when the response had no Date header. */
  sync(response: { serverTime: number | null; receivedAt: number } | undefined): void {
    if (response?.serverTime == null) return;
    // The Date header has one-second resolution; that error is far below any SLA.
    this.offsetMs = response.serverTime - response.receivedAt;
  }

  /** The server's current time, ms since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => this.#host.requestUpdate(), this.#intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
