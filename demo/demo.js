/* global document, customElements -- a browser module; the lint config treats .js files as Node. */
// Page chrome for the demo: theme and locale pickers, a card for every registered element the
// page does not already show, and a log of the events the elements dispatch. None of this is
// needed to use the elements; the bundle's <script type="module"> alone is.
// Plain DOM only (no innerHTML): the demo runs under the same Trusted Types CSP as a locked-down
// host page would send.
import * as cmdctr from '/cmdctr.bundle.js';

const config = document.getElementById('config');
const controls = document.getElementById('controls');
const more = document.getElementById('more');
const log = document.getElementById('log');

// The events the base declares (packages/elements/src/base/events.ts); the manifest adds any an
// element documents with @event.
const KNOWN_EVENTS = [
  'cmdctr-drill',
  'cmdctr-range-change',
  'cmdctr-error',
  'cmdctr-auth-required',
  'cmdctr-filter-change',
];
const MAX_LOG = 50;

function applySettings() {
  const form = new FormData(controls);
  const theme = String(form.get('theme'));
  config.setAttribute('theme', theme);
  config.setAttribute('locale', String(form.get('locale')));
  // A new headers object gives the config a new client: every element refetches as this user.
  const user = String(form.get('user'));
  if (config.headers?.['X-Cmdctr-User'] !== user) config.headers = { 'X-Cmdctr-User': user };
  // The page's own colours follow the same choice as the elements'.
  if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.dataset.theme = theme;
}

/** Whether `tag` is on the page, the command center's own panels included. */
function shown(tag) {
  if (document.querySelector(tag)) return true;
  return [...document.querySelectorAll('cmdctr-command-center')].some((center) =>
    center.shadowRoot?.querySelector(tag),
  );
}

async function addMissingElements() {
  for (const center of document.querySelectorAll('cmdctr-command-center')) {
    await customElements.whenDefined('cmdctr-command-center');
    await center.updateComplete;
  }
  for (const value of Object.values(cmdctr)) {
    if (typeof value !== 'function') continue;
    const tag = customElements.getName?.(value);
    // The approval card needs an approval id: the inbox opens it.
    if (!tag || tag === 'cmdctr-config' || tag === 'cmdctr-approval' || shown(tag)) continue;
    const card = document.createElement('section');
    card.className = 'card';
    const title = document.createElement('h2');
    // cmdctr-stale-exceptions → "Stale exceptions"
    const words = tag.replace(/^cmdctr-/, '').replace(/-/g, ' ');
    title.textContent = words.charAt(0).toUpperCase() + words.slice(1);
    card.append(title, document.createElement(tag));
    more.append(card);
  }
}

/** Event details carry CmdctrError instances; JSON.stringify would render them as `{}`. */
function describe(detail) {
  return JSON.stringify(
    detail,
    (_key, value) =>
      value instanceof Error
        ? { name: value.name, message: value.message, kind: value.kind, status: value.status }
        : value,
    2,
  );
}

function logEvent(event) {
  const item = document.createElement('li');
  const name = document.createElement('code');
  name.textContent = event.type;
  const source = event.composedPath()[0];
  const from = document.createTextNode(` from <${source?.localName ?? '?'}>`);
  const detail = document.createElement('pre');
  detail.textContent = describe(event.detail);
  item.append(name, from, detail);
  log.prepend(item);
  while (log.children.length > MAX_LOG) log.lastElementChild?.remove();
}

/** Event names documented in the manifest beyond the base's. */
async function documentedEventNames() {
  const names = new Set();
  try {
    const response = await fetch('/custom-elements.json');
    if (response.ok) {
      const manifest = await response.json();
      for (const mod of manifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          for (const ev of decl.events ?? [])
            if (ev.name?.startsWith('cmdctr-')) names.add(ev.name);
        }
      }
    }
  } catch {
    // No manifest (the demo only needs the bundle): the base's events are still logged.
  }
  return names;
}

controls.addEventListener('change', applySettings);
applySettings();
void addMissingElements();
// Listen before any await: an element's first load may fail (and say so) right away.
for (const name of KNOWN_EVENTS) document.addEventListener(name, logEvent);
for (const name of await documentedEventNames()) {
  if (!KNOWN_EVENTS.includes(name)) document.addEventListener(name, logEvent);
}
