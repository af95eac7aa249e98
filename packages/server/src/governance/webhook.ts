/**
 * Escalation webhooks: one JSON POST per escalation, with a timeout per attempt and a bounded
 * number of retries with exponential backoff. Delivery is at most once per committed
 * escalation (it starts after the commit; a crash before it loses the call), and every attempt
 * carries the same `Idempotency-Key` so a receiver can drop the duplicates a retry may cause.
 * A failure is logged and never thrown: paging must not take the server down.
 */

export interface WebhookOptions {
  url: string;
  /** Per attempt (default 5000 ms). */
  timeoutMs?: number;
  /** Attempts after the first (default 3). */
  retries?: number;
  /** Delay before the first retry, doubled each time (default 500 ms). */
  backoffMs?: number;
  log: WebhookLog;
}

export interface WebhookLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  status: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** Rejects anything but http(s), so a policy or flag cannot point the server at file: or data:. */
export function checkWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`a webhook URL must be http or https, not ${url.protocol}`);
  return url;
}

export class WebhookSender {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: WebhookOptions) {
    this.url = checkWebhookUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
  }

  async send(body: Record<string, unknown>, idempotencyKey: string): Promise<DeliveryResult> {
    const payload = JSON.stringify(body);
    let status: number | null = null;
    for (let attempt = 1; attempt <= this.retries + 1; attempt++) {
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
            'user-agent': 'cmdctr-escalation/1',
          },
          body: payload,
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'error',
        });
        status = res.status;
        // The body is not used, but reading it frees the connection for the next call.
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return { delivered: true, attempts: attempt, status };
        // 4xx other than 408/429 will not get better by retrying.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          this.options.log.error(
            { status, attempt, idempotencyKey },
            'escalation webhook refused the call',
          );
          return { delivered: false, attempts: attempt, status };
        }
        this.options.log.warn({ status, attempt, idempotencyKey }, 'escalation webhook failed');
      } catch (err) {
        this.options.log.warn(
          { err: (err as Error).message, attempt, idempotencyKey },
          'escalation webhook unreachable',
        );
      }
      if (attempt <= this.retries) await sleep(this.backoffMs * 2 ** (attempt - 1));
    }
    this.options.log.error(
      { status, attempts: this.retries + 1, idempotencyKey },
      'escalation webhook gave up',
    );
    return { delivered: false, attempts: this.retries + 1, status };
  }
}
