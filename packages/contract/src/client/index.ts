// The client's public surface; `JsonSchema` and `ValidationIssue` come from ../validate.js via the package index.
export { CmdctrClient, clientFor } from './client.js';
export type {
  ClientResponse,
  CmdctrClientOptions,
  PostOptions,
  RequestOptions,
  StreamOptions,
} from './client.js';
export { CmdctrError, kindForStatus, parseRetryAfter } from './errors.js';
export type { CmdctrErrorInit, CmdctrErrorKind } from './errors.js';
export type { QueryParams, QueryValue } from './query.js';
export { SseParser } from './sse-parser.js';
export type { RawServerEvent } from './sse-parser.js';
export type { StreamEvent, StreamState } from './stream.js';
