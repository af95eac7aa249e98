/**
 * The whole command center, as a page would show it: `<cmdctr-command-center>` over real HTTP
 * from the bench server, which answers `/v1/*` from the contract fixtures (the same
 * fixtureMiddleware stories and tests use). Timed from appending the element until every panel
 * in its shadow root has left the loading state, then two frames (painted).
 *
 * Each run gets its own API base URL (`/api/<n>`, which the bench server maps onto the same
 * fixtures), so each run builds a new client with an empty response cache: every run is a first
 * render from the network, not a revalidation against what the previous run cached. The
 * JavaScript is warm after the warm-up runs, as it is for an application that shows the
 * command center again, but not for a cold page load.
 */
import '../../packages/elements/src/command-center/define.js';
import { box, register } from './lib/harness.js';
import { cmdctrElements, whenSettled } from './lib/ready.js';

let run = 0;
let el: HTMLElement | undefined;
let container: HTMLDivElement;
let lastPanels = 0;
let requests = 0;

const original = globalThis.fetch;
// Counted (not changed) so the report can say how many requests one render makes.
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  requests++;
  return original(...args);
};

register({
  'command-center/ours-element': {
    prepare() {
      container = box(1280, 3000);
    },
    async run() {
      el = document.createElement('cmdctr-command-center');
      el.setAttribute('src', `${location.origin}/api/${++run}`);
      el.setAttribute('tz', 'UTC');
      el.setAttribute('locale', 'en-US');
      container.append(el);
      await whenSettled(el);
      lastPanels = cmdctrElements(el).length - 1;
    },
    cleanup() {
      el?.remove();
      el = undefined;
    },
    facts: () => ({ lastElementsInside: lastPanels, requests }),
  },
});
