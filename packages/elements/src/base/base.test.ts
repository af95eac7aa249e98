import { expect } from '@open-wc/testing';
import { safeHref } from './safe-href.js';
import { formatters } from './format.js';
import { emit } from './events.js';
import { defineElement } from './define-element.js';

describe('safeHref', () => {
  it('passes absolute http and https URLs', () => {
    expect(safeHref('https://wiki.company/runbooks/p2p/missing-po')).to.equal(
      'https://wiki.company/runbooks/p2p/missing-po',
    );
    expect(safeHref('http://erp.local/doc/4711')).to.equal('http://erp.local/doc/4711');
  });
  it('refuses every other scheme, relative URLs, credentials and disguising characters', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative/path',
      '//evil.example/x',
      'https://user:pw@host/',
      'https://exa\u202emple.com',
      'https://exa\u200bmple.com',
      `https://x/${'a'.repeat(3000)}`,
      42,
      null,
      undefined,
    ]) {
      expect(safeHref(bad), String(bad)).to.equal(undefined);
    }
  });
});

describe('formatters', () => {
  it('formats durations humanely in two units', () => {
    const f = formatters('en-US', 'UTC');
    expect(f.hours(4.2)).to.match(/^4 hr 12 min$/);
    expect(f.minutes(45)).to.match(/^45 min$/);
    expect(f.hours(51)).to.match(/^2 days? 3 hr$/);
    expect(f.hours(null)).to.equal('–');
  });
  it('formats percentages, signed changes and numbers per locale', () => {
    expect(formatters('en-US', 'UTC').percent(0.0625)).to.equal('6.3%');
    expect(formatters('de-DE', 'UTC').percent(0.0625)).to.match(/^6,3\s%$/);
    expect(formatters('en-US', 'UTC').change(-0.32)).to.equal('-32%');
    expect(formatters('en-US', 'UTC').number(1234567)).to.equal('1,234,567');
    expect(formatters('en-US', 'UTC').number(Number.NaN)).to.equal('–');
  });
  it('labels bucket starts in the requested zone', () => {
    const instant = '2026-10-25T00:30:00Z';
    expect(formatters('en-GB', 'Europe/Berlin').bucketLabel(instant, 'hour')).to.equal('02:30');
    expect(formatters('en-GB', 'UTC').bucketLabel(instant, 'hour')).to.equal('00:30');
  });
  it('falls back to UTC and a valid locale on bad input instead of throwing', () => {
    const f = formatters('not a locale!!', 'Mars/Olympus');
    expect(f.timeZone).to.equal('UTC');
    expect(f.number(1)).to.equal('1');
  });
  it('shares one formatter set per locale and zone', () => {
    expect(formatters('en', 'UTC')).to.equal(formatters('en', 'UTC'));
  });
});

describe('emit', () => {
  it('dispatches typed events that bubble out of shadow roots and can be cancelled', () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    document.body.append(host);
    let heard: unknown;
    const listener = (e: Event) => {
      heard = (e as CustomEvent).detail;
      e.preventDefault();
    };
    document.addEventListener('cmdctr-range-change', listener);
    const notCancelled = emit(
      inner,
      'cmdctr-range-change',
      { from: 'a', to: 'b' },
      { cancelable: true },
    );
    document.removeEventListener('cmdctr-range-change', listener);
    host.remove();
    expect(heard).to.deep.equal({ from: 'a', to: 'b' });
    expect(notCancelled).to.equal(false);
  });
});

describe('defineElement', () => {
  it('lets a second copy register the same tag without throwing, warning instead', () => {
    class First extends HTMLElement {}
    class Second extends HTMLElement {}
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      defineElement('cmdctr-twice-test', First);
      defineElement('cmdctr-twice-test', Second);
      defineElement('cmdctr-twice-test', First);
    } finally {
      console.warn = original;
    }
    expect(customElements.get('cmdctr-twice-test')).to.equal(First);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0])).to.contain('already defined');
  });
});
