/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { SseParser, type RawServerEvent } from './sse-parser.js';

function parse(chunks: string[], lastEventId = '') {
  const events: RawServerEvent[] = [];
  const retries: number[] = [];
  const parser = new SseParser(
    { onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) },
    lastEventId,
  );
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, parser };
}

describe('SseParser', () => {
  it('joins data lines with LF and defaults the event type to message', () => {
    const { events } = parse(['data: a\ndata:  b\ndata\n\n']);
    // One space after the colon is dropped, a second one is data; `data` alone adds an empty line.
    expect(events).to.deep.equal([{ id: '', event: 'message', data: 'a\n b\n' }]);
  });

  it('accepts CRLF, LF and CR line ends, also split across chunks', () => {
    const { events } = parse([
      'event: x\r',
      '\ndata: 1\r',
      '\r',
      'data: 2\r\n\r\n',
      'data: 3\n',
      '\n',
    ]);
    expect(events.map((e) => [e.event, e.data])).to.deep.equal([
      ['x', '1'],
      ['message', '2'],
      ['message', '3'],
    ]);
  });

  it('keeps a CRLF whole when an empty chunk arrives between its CR and LF', () => {
    // 'data: 1\r' + '' + '\n' is one line end; reading the LF as a blank line would dispatch early.
    const { events } = parse(['data: 1\r', '', '\ndata: 2\r\n\r\n']);
    expect(events.map((e) => e.data)).to.deep.equal(['1\n2']);
  });

  it('ignores comments, unknown fields and bad retry values', () => {
    const { events, retries } = parse([':comment\nfoo: bar\nretry: 1x\nretry: 250\ndata: ok\n\n']);
    expect(events.map((e) => e.data)).to.deep.equal(['ok']);
    expect(retries).to.deep.equal([250]);
  });

  it('keeps the last event id across events, ignores ids with NUL and lets a bare id block move it', () => {
    const { events, parser } = parse([
      'id: 7\ndata: a\n\ndata: b\n\nid: bad\0id\ndata: c\n\nid: 9\n\n',
    ]);
    expect(events.map((e) => e.id)).to.deep.equal(['7', '7', '7']);
    expect(parser.lastEventId).to.equal('9');
  });

  it('skips blocks without data and resets the event type after them', () => {
    const { events } = parse(['event: lonely\n\ndata: x\n\n']);
    expect(events).to.deep.equal([{ id: '', event: 'message', data: 'x' }]);
  });

  it('strips one leading BOM and keeps the id passed in for resumption', () => {
    const { events } = parse(['\uFEFFdata: x\n\n'], '41');
    expect(events).to.deep.equal([{ id: '41', event: 'message', data: 'x' }]);
  });

  it('discards an unterminated event and its id on reset', () => {
    const { events, parser } = parse(['id: 1\ndata: a\n\nid: 2\ndata: partial\n']);
    parser.reset();
    parser.push('data: b\n\n');
    expect(events.map((e) => [e.id, e.data])).to.deep.equal([
      ['1', 'a'],
      ['1', 'b'],
    ]);
    expect(parser.lastEventId).to.equal('1');
  });
});
