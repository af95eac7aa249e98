/** One dispatched server-sent event before its data is JSON-parsed. */
export interface RawServerEvent {
  /** The last event ID in effect when the event was dispatched ('' when none was ever set). */
  id: string;
  event: string;
  data: string;
}

export interface SseParserCallbacks {
  onEvent(event: RawServerEvent): void;
  /** The server's `retry:` field, the reconnection delay it asks for (ms). */
  onRetry?(ms: number): void;
}

/**
 * Incremental text/event-stream parser following the HTML "event stream interpretation"
 * algorithm: lines end in CRLF, LF or CR; `:` starts a comment; one leading space after the
 * colon is dropped; `data` lines join with LF; `id` persists across events and is ignored when
 * it contains NUL; `retry` only takes ASCII digits; an event is dispatched at a blank line and
 * a trailing unterminated event is discarded.
 */
export class SseParser {
  #buffer = '';
  /** The text fed so far ended with CR, so an LF opening the next chunk belongs to that line end. */
  #pendingCr = false;
  #started = false;
  /** The event's `data` lines joined with LF; undefined while it has none. */
  #data: string | undefined;
  #eventType = '';
  /** The `id` seen in the event being parsed; it becomes the last event ID only at dispatch. */
  #idBuffer: string;
  #lastEventId: string;
  readonly #callbacks: SseParserCallbacks;

  constructor(callbacks: SseParserCallbacks, lastEventId = '') {
    this.#callbacks = callbacks;
    this.#lastEventId = this.#idBuffer = lastEventId;
  }

  /** What to send as Last-Event-ID when reconnecting: the id of the last dispatched event block. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Feeds decoded text; complete lines are processed, a partial line waits for more. */
  push(chunk: string): void {
    let text = chunk;
    if (!this.#started && text) {
      this.#started = true;
      // A single leading BOM is not part of the stream (TextDecoder usually strips it already).
      if (text[0] === '\ufeff') text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line; an LF opening this one is the
    // rest of that CRLF, not an empty line (which would dispatch an event early).
    if (this.#pendingCr && text[0] === '\n') text = text.slice(1);
    if (text) this.#pendingCr = text.endsWith('\r');
    const lines = (this.#buffer + text).split(/\r\n|\r|\n/);
    // The last piece has no line end yet (it is '' when the text ended with one).
    this.#buffer = lines.pop()!;
    for (const line of lines) this.#line(line);
  }

  /**
   * Drops a partial event (the spec discards what a broken connection left unterminated),
   * including an `id` it carried, which was never dispatched.
   */
  reset(): void {
    this.#buffer = '';
    this.#pendingCr = this.#started = false;
    this.#data = undefined;
    this.#eventType = '';
    this.#idBuffer = this.#lastEventId;
  }

  #line(line: string): void {
    if (!line) {
      // Per spec the ID is committed even by a block without data (a bare `id:` moves the resume point).
      const data = this.#data;
      const event = this.#eventType || 'message';
      this.#lastEventId = this.#idBuffer;
      this.#data = undefined;
      this.#eventType = '';
      if (data !== undefined) this.#callbacks.onEvent({ id: this.#lastEventId, event, data });
      return;
    }
    // The field runs to the first colon (a line without one is all field, with an empty value);
    // one space after the colon is dropped. A comment line (`:` first) has the empty field name.
    const [, field, value = ''] = /^([^:]*):? ?(.*)$/s.exec(line)!;
    if (field === 'event') this.#eventType = value;
    else if (field === 'data')
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    else if (field === 'id') {
      if (!value.includes('\0')) this.#idBuffer = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) this.#callbacks.onRetry?.(Number(value));
    // Unknown fields are ignored by the spec so servers can extend the format.
  }
}
