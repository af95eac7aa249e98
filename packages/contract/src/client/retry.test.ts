/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { CmdctrError, kindForStatus, parseRetryAfter } from './errors.js';
import { backoffDelay, isRetryableStatus, sleep } from './retry.js';
import { maxAgeMs } from './cache.js';

describe('retry helpers', () => {
  it('parses Retry-After seconds and HTTP dates, capped at 60 s', () => {
    const now = Date.parse('2025-04-01T12:00:00Z');
    expect(parseRetryAfter('3', now)).to.equal(3000);
    expect(parseRetryAfter('Tue, 01 Apr 2025 12:00:05 GMT', now)).to.equal(5000);
    expect(parseRetryAfter('Tue, 01 Apr 2025 11:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('86400', now)).to.equal(60_000);
    expect(parseRetryAfter('soon', now)).to.equal(null);
    expect(parseRetryAfter(null, now)).to.equal(null);
  });

  it('draws full-jitter delays below an exponentially growing, capped ceiling', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, { ...opts, random: () => 0.999 })).to.equal(99);
    expect(backoffDelay(3, { ...opts, random: () => 0.5 })).to.equal(400);
    expect(backoffDelay(10, { ...opts, random: () => 0.999 })).to.equal(999);
    expect(backoffDelay(2, { ...opts, random: () => 0 })).to.equal(0);
  });

  it('retries only statuses that mean "later"', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).to.equal(true);
    expect([400, 401, 403, 404, 409, 412, 500, 501].some(isRetryableStatus)).to.equal(false);
    expect(kindForStatus(418)).to.equal('bad-request');
    expect(kindForStatus(501)).to.equal('server');
  });

  it('reads max-age unless the server forbids reuse', () => {
    expect(maxAgeMs('public, max-age=30')).to.equal(30_000);
    expect(maxAgeMs('no-cache, max-age=30')).to.equal(0);
    expect(maxAgeMs(null)).to.equal(0);
  });

  it('sleeps abortably', async () => {
    const controller = new AbortController();
    const reason = new CmdctrError('aborted', 'stop');
    const pending = sleep(10_000, controller.signal);
    controller.abort(reason);
    try {
      await pending;
      expect.fail('sleep should reject');
    } catch (error) {
      expect(error).to.equal(reason);
    }
  });
});
