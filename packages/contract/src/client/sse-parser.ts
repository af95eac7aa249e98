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
  #sawFirstChunk = false;
  #data = '';
  #hasData = false;
  #eventType = '';
  /** The `id` seen in the event being parsed; it becomes the last event ID only at dispatch. */
  #idBuffer: string;
  #lastEventId: string;
  readonly #callbacks: SseParserCallbacks;

  constructor(callbacks: SseParserCallbacks, lastEventId = '') {
    this.#callbacks = callbacks;
    this.#lastEventId = lastEventId;
    this.#idBuffer = lastEventId;
  }

  /** What to send as Last-Event-ID when reconnecting: the id of the last dispatched event block. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Feeds decoded text; complete lines are processed, a partial line waits for more. */
  push(chunk: string): void {
    let text = chunk;
    if (!this.#sawFirstChunk && text) {
      this.#sawFirstChunk = true;
      // A single leading BOM is not part of the stream (TextDecoder usually strips it already).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line; an LF opening this one is the
    // rest of that CRLF, not an empty line (which would dispatch an event early).
    if (this.#pendingCr && text[0] === '\n') text = text.slice(1);
    if (text) this.#pendingCr = text.endsWith('\r');
    const lines = (this.#buffer + text).split(/\r\n|\r|\n/);
    // The last piece has no line end yet (it is '' when the text ended with one).
    this.#buffer = lines.pop() as string;
    for (const line of lines) this.#line(line);
  }

  /**
   * Drops a partial event (the spec discards what a broken connection left unterminated),
   * including an `id` it carried, which was never dispatched.
   */
  reset(): void {
    this.#buffer = '';
    this.#pendingCr = false;
    this.#sawFirstChunk = false;
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#idBuffer = this.#lastEventId;
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.#eventType = value;
        break;
      case 'data':
        this.#data += `${value}\n`;
        this.#hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#callbacks.onRetry?.(Number(value));
        break;
      default:
        // Unknown fields are ignored by the spec so servers can extend the format.
        break;
    }
  }

  #dispatch(): void {
    // Per spec the ID is committed even by a block without data (a bare `id:` moves the resume point).
    this.#lastEventId = this.#idBuffer;
    if (!this.#hasData) {
      this.#eventType = '';
      return;
    }
    const data = this.#data.endsWith('\n') ? this.#data.slice(0, -1) : this.#data;
    const event = this.#eventType || 'message';
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#callbacks.onEvent({ id: this.#lastEventId, event, data });
  }
}
