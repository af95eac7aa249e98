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
  /** A CR ended the previous chunk, so an LF opening the next one belongs to the same line end. */
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
    if (!this.#sawFirstChunk && text.length > 0) {
      this.#sawFirstChunk = true;
      // A single leading BOM is not part of the stream (TextDecoder usually strips it already).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    let start = 0;
    for (;;) {
      const cr = this.#buffer.indexOf('\r', start);
      const lf = this.#buffer.indexOf('\n', start);
      if (cr === -1 && lf === -1) break;
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 < this.#buffer.length) {
          next = this.#buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        } else {
          // Cannot tell yet whether an LF follows in the next chunk.
          next = cr + 1;
          this.#pendingCr = true;
        }
      } else {
        end = lf;
        next = lf + 1;
      }
      this.#line(this.#buffer.slice(start, end));
      start = next;
    }
    this.#buffer = this.#buffer.slice(start);
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
