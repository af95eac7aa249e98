/// <reference types="mocha" />
// The event stream over real HTTP: test/server/client-scenarios.mjs sends spec corner cases,
// drops the connection mid-event and checks that the client resumes with Last-Event-ID.
import { expect } from '@open-wc/testing';
import { CmdctrClient } from './client.js';
import type { CmdctrError } from './errors.js';
import type { StreamEvent, StreamState } from './stream.js';

interface LogEntry {
  route: string;
  headers: Record<string, string | null>;
}

function scenario(): { key: string; baseUrl: string } {
  const key = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { key, baseUrl: `/test-api/${key}` };
}

async function serverLog(key: string): Promise<LogEntry[]> {
  return (await (await fetch(`/test-api/${key}/_log`, { cache: 'no-store' })).json()) as LogEntry[];
}

function until(check: () => boolean, timeoutMs = 4000): Promise<void> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (performance.now() - started > timeoutMs)
        reject(new Error('condition not met in time'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('CmdctrClient.stream', () => {
  it('parses events, reconnects after a drop and resumes with Last-Event-ID', async () => {
    const { key, baseUrl } = scenario();
    const client = new CmdctrClient({
      baseUrl,
      tokenProvider: () => 'stream-token',
      retryBaseMs: 10,
    });
    const events: StreamEvent[] = [];
    const states: StreamState[] = [];
    const controller = new AbortController();
    client.stream({
      path: '/v1/stream',
      signal: controller.signal,
      onEvent: (e) => events.push(e),
      onStateChange: (s) => states.push(s),
    });
    await until(() => events.length >= 4);
    controller.abort();
    await until(() => states.at(-1) === 'closed');

    expect(events).to.deep.equal([
      { id: '1', event: 'snapshot', data: { n: 1, text: 'two\nlines' } },
      { id: '2', event: 'exceptions', data: { n: 2 } },
      { id: '2', event: 'message', data: 'no-space-and-not-json' },
      { id: '4', event: 'message', data: { n: 3, resumedFrom: '2' } },
    ]);
    expect(states).to.deep.equal(['connecting', 'open', 'connecting', 'open', 'closed']);
    const log = await serverLog(key);
    expect(log.map((e) => e.headers['lastEventId'])).to.deep.equal([null, '2']);
    expect(log.map((e) => e.headers['authorization'])).to.deep.equal([
      'Bearer stream-token',
      'Bearer stream-token',
    ]);
  });

  it('replaces a connection that stays silent past idleTimeoutMs', async () => {
    const { key, baseUrl } = scenario();
    const client = new CmdctrClient({ baseUrl, retryBaseMs: 10 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    client.stream({
      signal: controller.signal,
      // Long enough that a loaded machine (npm test runs suites side by side) does not take a
      // slow first event for silence and open a fourth connection.
      idleTimeoutMs: 1000,
      path: '/v1/stream',
      onEvent: (e) => events.push(e),
    });
    // Connection 2 sends one event and then nothing; the watchdog must open connection 3.
    await until(() => events.length >= 5);
    controller.abort();
    expect(events[4]).to.deep.equal({
      id: '5',
      event: 'message',
      data: { n: 3, resumedFrom: '4' },
    });
    expect((await serverLog(key)).length).to.equal(3);
  });

  it('stops for good on 403 and reports why', async () => {
    const { key, baseUrl } = scenario();
    const client = new CmdctrClient({ baseUrl, retryBaseMs: 10 });
    const states: StreamState[] = [];
    const errors: CmdctrError[] = [];
    const controller = new AbortController();
    client.stream({
      path: '/v1/stream-denied',
      signal: controller.signal,
      onEvent: () => expect.fail('no events expected'),
      onStateChange: (s) => states.push(s),
      onError: (e) => errors.push(e),
    });
    await until(() => states.at(-1) === 'closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(states).to.deep.equal(['connecting', 'closed']);
    expect(errors.map((e) => e.kind)).to.deep.equal(['forbidden']);
    expect((await serverLog(key)).length).to.equal(1);
    controller.abort();
  });

  it('never connects when the signal is already aborted', async () => {
    const { key, baseUrl } = scenario();
    const states: StreamState[] = [];
    new CmdctrClient({ baseUrl }).stream({
      path: '/v1/stream',
      signal: AbortSignal.abort(),
      onEvent: () => {},
      onStateChange: (s) => states.push(s),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(states).to.deep.equal(['closed']);
    expect((await serverLog(key)).length).to.equal(0);
  });
});
