import type { Problem } from '../types.js';
import type { ValidationIssue } from '../validate.js';

/** What went wrong, coarse enough for an element to pick a message and a recovery. */
export type CmdctrErrorKind =
  | 'auth-required'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'invalid-response';

export interface CmdctrErrorInit {
  status?: number | null;
  problem?: Problem | null;
  issues?: readonly ValidationIssue[];
  retryAfterMs?: number | null;
  cause?: unknown;
}

/**
 * The only error type the client rejects with, so callers can switch on `kind` instead of
 * sniffing `TypeError`s, `DOMException`s and status codes.
 */
export class CmdctrError extends Error {
  override readonly name = 'CmdctrError';
  readonly kind: CmdctrErrorKind;
  /** HTTP status, or null when no response arrived (network, timeout, aborted). */
  readonly status: number | null;
  /** The server's application/problem+json body, when it sent one. */
  readonly problem: Problem | null;
  /** Schema violations of a 2xx body (kind 'invalid-response'). */
  readonly issues: ValidationIssue[];
  /** How long the server asked us to wait (Retry-After), in ms. */
  readonly retryAfterMs: number | null;

  constructor(kind: CmdctrErrorKind, message: string, init: CmdctrErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status ?? null;
    this.problem = init.problem ?? null;
    this.issues = [...(init.issues ?? [])];
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

const KIND_BY_STATUS: Readonly<Record<number, CmdctrErrorKind>> = {
  401: 'auth-required',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  428: 'precondition-required',
  429: 'rate-limited',
};

/** Maps an HTTP error status to the kind an element reacts to. */
export function kindForStatus(status: number): CmdctrErrorKind {
  // 400, 422 and other 4xx are the caller's fault, not a server outage.
  return KIND_BY_STATUS[status] ?? (status >= 500 ? 'server' : 'bad-request');
}

/** Longest wait we accept from Retry-After; a misconfigured proxy must not park a dashboard for hours. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Parses Retry-After (delta-seconds or an HTTP date) into ms from now, capped at 60 s. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isNaN(ms) ? null : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** The error a caller gets when its own signal aborts. */
export function abortedError(signal: AbortSignal): CmdctrError {
  const reason: unknown = signal.reason;
  return reason instanceof CmdctrError
    ? reason
    : new CmdctrError('aborted', 'The request was aborted', { cause: reason });
}

/**
 * Turns an error response (whose body was already read) into a CmdctrError. A body that is not
 * problem+json (an HTML page from a proxy, a login page) still yields a message that names the
 * status and the request.
 */
export function errorFromResponse(
  { status, statusText, headers }: Response,
  text: string,
  label: string,
): CmdctrError {
  let problem: Problem | null = null;
  if (text && /json/i.test(headers.get('Content-Type') ?? '')) {
    try {
      const parsed = JSON.parse(text) as Partial<Record<keyof Problem, unknown>> | null;
      // Any object with a title, type or detail string is read as a problem document.
      if (['title', 'type', 'detail'].some((k) => typeof parsed?.[k as keyof Problem] === 'string'))
        problem = {
          ...(parsed as Problem),
          status: typeof parsed!.status === 'number' ? parsed!.status : status,
        };
    } catch {
      // Not JSON after all; fall through to the plain-text message.
    }
  }
  let message = `${label} failed with ${status}`;
  if (problem) {
    message += `: ${problem.title || statusText || 'error'}`;
    if (problem.detail) message += ` (${problem.detail})`;
  } else {
    if (statusText) message += ` ${statusText}`;
    const snippet = textSnippet(text);
    if (snippet) message += `: ${snippet}`;
  }
  return new CmdctrError(kindForStatus(status), message, {
    status,
    problem,
    retryAfterMs: parseRetryAfter(headers.get('Retry-After')),
  });
}

/** A short, tag-free excerpt of a body for error messages. */
export function textSnippet(text: string, max = 120): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

/** Summarises the first few schema issues so the message alone is enough to debug. */
export function invalidResponseError(
  label: string,
  status: number,
  issues: readonly ValidationIssue[],
): CmdctrError {
  const shown = issues
    .slice(0, 3)
    .map((i) => `${i.path || '/'}: ${i.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return new CmdctrError(
    'invalid-response',
    `${label} returned a body that does not match the contract: ${shown}${more}`,
    {
      status,
      issues,
    },
  );
}
