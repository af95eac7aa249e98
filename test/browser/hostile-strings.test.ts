/**
 * Hostile strings from the server render as inert, visibly bounded text.
 *
 * For every data element, the element's real fixture is fetched over HTTP from the fixture
 * server, every displayable string leaf is replaced by a payload from `hostile-corpus.ts`
 * (cycling, and rotated between runs so each slot meets several payloads), and the rewritten
 * body — still valid against the operation's generated schema, so it reaches rendering instead
 * of the error state — is handed to the element through its `client` seam. Then:
 *
 * 1. nothing executes: `window.__pwned` stays 0, every link is plain http(s), no element kind
 *    appears that the original fixture did not produce, and no `on*` attribute exists;
 * 2. no layout breaks: in 360 px and 1000 px containers the host stays within its container,
 *    no box or text run outside a scroll/clip container pokes past the host, and the host stays
 *    under 4000 px tall;
 * 3. bidi controls are isolated (an isolating ancestor, or alone in their own paragraph);
 * 4. nothing crashes: no `cmdctr-error`, no console errors, no uncaught errors.
 *
 * Known gaps found by this test are listed in KNOWN_GAPS and run as `it.skip` so the suite stays
 * green while the gap stays visible; remove the entry when the element is fixed.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  ApprovalListResponseSchema,
  ApprovalResponseSchema,
  AutomationResponseSchema,
  ExceptionListResponseSchema,
  ExceptionMatrixResponseSchema,
  KpiResponseSchema,
  LedgerListResponseSchema,
  LedgerVerifyResponseSchema,
  MttrResponseSchema,
  OwnershipResponseSchema,
  ParetoResponseSchema,
  ThroughputResponseSchema,
  clientFor,
  validate,
  type CmdctrClient,
  type JsonSchema,
  type ValidationIssue,
} from '@cmdctr/contract';
import {
  BIDI_CONTROLS,
  TEXT_PAYLOADS,
  URI_PAYLOADS,
  LONG_NAME,
  isAcceptableHref,
} from './hostile-corpus.js';

declare global {
  interface Window {
    __pwned: number;
  }
}

// ---------------------------------------------------------------------------------------------
// Which elements, how to show all their text, and which operation schemas answer which paths.

interface ElementSpec {
  /** Folder under packages/elements/src with a define.ts. */
  folder: string;
  tag: string;
  /** One render per entry; kpi shows one KPI per element, so it needs one per KPI. */
  variants: readonly Record<string, string>[];
  /**
   * Controls clicked after the first render so text that only appears on demand (data tables,
   * detail panes, expanded ledger rows, the verify result) is rendered and checked too.
   * `first:` clicks only the first match.
   */
  reveal: readonly string[];
}

const ELEMENTS: readonly ElementSpec[] = [
  { folder: 'heatmap', tag: 'cmdctr-heatmap', variants: [{}], reveal: ['[part="table-toggle"]'] },
  {
    folder: 'throughput',
    tag: 'cmdctr-throughput',
    variants: [{}],
    reveal: ['[part="table-toggle"]'],
  },
  { folder: 'mttr', tag: 'cmdctr-mttr', variants: [{}], reveal: ['[part="table-toggle"]'] },
  {
    folder: 'kpi',
    tag: 'cmdctr-kpi',
    variants: [
      'exceptionRate',
      'autoResolveSuccess',
      'ownershipCoverage',
      'throughputVsSlo',
      'mttr',
    ].map((kpi) => ({ kpi })),
    reveal: [],
  },
  { folder: 'ownership', tag: 'cmdctr-ownership', variants: [{}], reveal: [] },
  {
    folder: 'stale-exceptions',
    tag: 'cmdctr-stale-exceptions',
    variants: [{}],
    reveal: ['first:[part="id-button"]'],
  },
  {
    folder: 'approval',
    tag: 'cmdctr-approval',
    variants: [{ 'approval-id': 'APR-7301' }],
    reveal: [],
  },
  { folder: 'approvals', tag: 'cmdctr-approvals', variants: [{}], reveal: ['first:[part="item"]'] },
  { folder: 'pareto', tag: 'cmdctr-pareto', variants: [{}], reveal: ['[part="table-toggle"]'] },
  {
    folder: 'automation',
    tag: 'cmdctr-automation',
    variants: [{}],
    reveal: ['[part="table-toggle"]'],
  },
  {
    folder: 'ledger',
    tag: 'cmdctr-ledger',
    variants: [{}],
    reveal: ['[part="disclosure"]', '[part="verify-button"]'],
  },
];

/** Response schema by request path: the same schema each element checks the body with. */
const SCHEMAS: readonly [RegExp, JsonSchema][] = [
  [/^\/v1\/metrics\/exceptions$/, ExceptionMatrixResponseSchema],
  [/^\/v1\/metrics\/throughput$/, ThroughputResponseSchema],
  [/^\/v1\/metrics\/mttr$/, MttrResponseSchema],
  [/^\/v1\/metrics\/kpis$/, KpiResponseSchema],
  [/^\/v1\/metrics\/ownership$/, OwnershipResponseSchema],
  [/^\/v1\/metrics\/pareto$/, ParetoResponseSchema],
  [/^\/v1\/metrics\/automation$/, AutomationResponseSchema],
  [/^\/v1\/exceptions$/, ExceptionListResponseSchema],
  [/^\/v1\/approvals$/, ApprovalListResponseSchema],
  [/^\/v1\/approvals\/[^/]+$/, ApprovalResponseSchema],
  [/^\/v1\/ledger$/, LedgerListResponseSchema],
  [/^\/v1\/ledger\/verify$/, LedgerVerifyResponseSchema],
];

/**
 * Gaps this test found, as `<tag> <check>` → the bug, so the case runs as `it.skip` and the
 * report names it. Owners remove the entry with the fix.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** Widths the element is laid out at: a phone column and a desktop card. */
const WIDTHS = [360, 1000] as const;
/**
 * Runs per width, each with the payloads shifted by a few slots, so every payload reaches the
 * first slots of even the smallest response (a single KPI's label) across the runs.
 */
const ROTATIONS = 9;
/** Which rotations each width runs: all at the narrow width, where layouts break first. */
const ROTATIONS_AT: Record<(typeof WIDTHS)[number], readonly number[]> = {
  360: Array.from({ length: ROTATIONS }, (_, i) => i),
  1000: [0, 3, 6],
};
const MAX_HEIGHT_PX = 4000;

// ---------------------------------------------------------------------------------------------
// Rewriting a response body: every displayable string becomes a payload.

/**
 * Strings that are identities, cursors, zones or key material rather than display text: the
 * elements use them to fetch, select, key colours or format dates, so replacing them would test
 * the fixture, not rendering. (The task's brief: "keep ids/enums/dates/hashes valid".)
 */
const KEEP_KEYS = new Set([
  'id',
  'key',
  'nextCursor',
  'tz',
  'signature',
  'publicKey',
  'apiVersion',
]);
const isKept = (key: string) => KEEP_KEYS.has(key) || /Id$/.test(key);

interface Cursor {
  text: number;
  uri: number;
  longNames: number;
}

/** The branch of a combinator the value actually takes (so enums in it stay enums). */
function branch(schema: JsonSchema, value: unknown): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  const taken = options.find((option) => validate(option, value).length === 0);
  return taken ? branch(taken, value) : schema;
}

function nextText(cursor: Cursor, schema: JsonSchema | undefined): string {
  const payload = TEXT_PAYLOADS[cursor.text++ % TEXT_PAYLOADS.length]!;
  if (payload === LONG_NAME) cursor.longNames++;
  return schema?.maxLength ? payload.slice(0, schema.maxLength) : payload;
}

/** Whether the schema pins the string's content (enum, const, pattern or date-time). */
function constrained(schema: JsonSchema): boolean {
  return (
    schema.enum !== undefined ||
    schema.const !== undefined ||
    schema.pattern !== undefined ||
    schema.format === 'date-time'
  );
}

function rewrite(
  schema: JsonSchema | undefined,
  value: unknown,
  key: string,
  cursor: Cursor,
): unknown {
  const s = schema ? branch(schema, value) : undefined;
  if (typeof value === 'string') {
    if (isKept(key)) return value;
    if (!s) return nextText(cursor, s);
    if (s.format === 'uri') return URI_PAYLOADS[cursor.uri++ % URI_PAYLOADS.length];
    return constrained(s) ? value : nextText(cursor, s);
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(s?.items, item, key, cursor));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const property =
        s?.properties?.[name] ??
        (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      out[name] = rewrite(property, item, name, cursor);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The client seam: one test subclass per element whose client rewrites answers.

interface Run {
  /** Rotation of the corpus; null serves the fixture unchanged (the baseline). */
  rotation: number | null;
  pending: number;
  /** Schema issues of rewritten bodies: must stay empty, or the test exercises the error state. */
  invalid: { path: string; issues: ValidationIssue[] }[];
  rewritten: number;
  /** How many slots received the 10,000-character name. */
  longNames: number;
}

let run: Run = { rotation: null, pending: 0, invalid: [], rewritten: 0, longNames: 0 };

async function rewritingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const current = run;
  current.pending++;
  try {
    const response = await fetch(input, { ...init, cache: 'no-store' });
    const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
    const schema = SCHEMAS.find(([path]) => path.test(url.pathname))?.[1];
    if (current.rotation === null || !schema || !response.ok) return response;
    const body: unknown = await response.json();
    // Two apart: the two bidi payloads sit side by side, so every slot meets one of them.
    const start = current.rotation * 2;
    const cursor = { text: start, uri: current.rotation * 2, longNames: 0 };
    const hostile = rewrite(schema, body, '', cursor);
    current.longNames += cursor.longNames;
    const issues = validate(schema, hostile);
    if (issues.length) current.invalid.push({ path: url.pathname, issues });
    current.rewritten++;
    return new Response(JSON.stringify(hostile), {
      status: response.status,
      headers: { 'Content-Type': 'application/json' },
    });
  } finally {
    current.pending--;
  }
}

/** Test tag per element, or the reason it cannot be tested (no define.ts yet). */
const testTags = new Map<string, string | { missing: string }>();

async function testTag(spec: ElementSpec): Promise<string | { missing: string }> {
  const known = testTags.get(spec.tag);
  if (known) return known;
  let result: string | { missing: string };
  try {
    // A computed specifier so a missing element skips by name instead of failing the file; the
    // dev server only maps `.js` to `.ts` for static imports, so this names the source file.
    await import(`/packages/elements/src/${spec.folder}/define.ts`);
    const Base = customElements.get(spec.tag);
    if (!Base) throw new Error(`define.ts did not register <${spec.tag}>`);
    // A fresh client per instance: the client's memory cache must not hand a baseline body to a
    // hostile run (or back).
    const Tested = class extends Base {
      readonly #client = clientFor({ baseUrl: '', fetch: rewritingFetch });
      get client(): CmdctrClient {
        return this.#client;
      }
    };
    const tag = `test-hostile-${spec.folder}`;
    customElements.define(tag, Tested);
    result = tag;
  } catch (cause) {
    result = {
      missing: `packages/elements/src/${spec.folder}/define.ts not loadable: ${String(cause)}`,
    };
  }
  testTags.set(spec.tag, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Walking what rendered: every node in open shadow roots, recursively.

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

/** Elements and text nodes under `root`, entering open shadow roots. */
function* nodes(root: Node): Generator<Node> {
  for (let child = root.firstChild; child; child = child.nextSibling) {
    yield child;
    if (child instanceof Element && child.shadowRoot) {
      yield child.shadowRoot;
      yield* nodes(child.shadowRoot);
    }
    yield* nodes(child);
  }
}

function elementsIn(host: Element): Element[] {
  return [...nodes(host.shadowRoot!)].filter((n): n is Element => n instanceof Element);
}

/** The composed parent, stopping at `host`. */
function parentOf(node: Node, host: Element): Element | null {
  const parent = node.parentNode;
  if (!parent) return null;
  const element = parent instanceof ShadowRoot ? parent.host : (parent as Element);
  return element === host ? null : element;
}

/** Elements whose text is never drawn, so checking its geometry or bidi means nothing. */
const UNRENDERED = new Set(['title', 'desc', 'style', 'script', 'template', 'metadata']);

function rendered(node: Node, host: Element): boolean {
  for (let e = node instanceof Element ? node : parentOf(node, host); e; e = parentOf(e, host)) {
    if (UNRENDERED.has(e.localName)) return false;
    if (e.hasAttribute('popover') && !e.matches(':popover-open')) return false;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
  }
  return true;
}

/** Top-layer boxes (modal dialogs, open popovers) are laid out against the viewport. */
const inTopLayer = (e: Element) => e.matches(':modal, :popover-open');

/**
 * The box a node must stay inside: `'clipped'` when an ancestor inside the host clips or scrolls
 * it (overflow there is bounded by that ancestor, whose own box is checked), the viewport for
 * top-layer content (which escapes every ancestor's clipping), else the host.
 */
function boundOf(node: Node, host: Element): 'clipped' | 'viewport' | 'host' {
  if (node instanceof Element && inTopLayer(node)) return 'viewport';
  for (let e = parentOf(node, host); e; e = parentOf(e, host)) {
    if (getComputedStyle(e).overflowX !== 'visible') return 'clipped';
    if (inTopLayer(e)) return 'viewport';
  }
  return 'host';
}

function describeNode(node: Node): string {
  const element = node instanceof Element ? node : node.parentElement;
  const part = element?.getAttribute('part');
  const label = element ? `<${element.localName}${part ? ` part="${part}"` : ''}>` : '#text';
  const text = (node.textContent ?? '').slice(0, 40).replace(/\s+/g, ' ');
  return `${label}${node instanceof Text ? ' text' : ''} "${text}"`;
}

// ---------------------------------------------------------------------------------------------
// One scan: render baseline and hostile runs, collect findings by check.

interface Findings {
  executes: string[];
  layout: string[];
  bidi: string[];
  crash: string[];
  /** How many string leaves were rewritten, to prove the hostile data arrived. */
  rewritten: number;
  bidiSeen: number;
  longSeen: number;
  /** Rendered text runs that carry a payload: 0 means the element shows no server text. */
  textSeen: number;
}

/** The start of every text payload, to recognise server text on screen (clipping keeps it). */
const PAYLOAD_MARKS = TEXT_PAYLOADS.map((payload) => payload.slice(0, 12));

const DANGEROUS = [
  'script',
  'iframe',
  'object',
  'embed',
  'img',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'frame',
  'a',
];

function tagCounts(host: Element): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of elementsIn(host)) counts.set(e.localName, (counts.get(e.localName) ?? 0) + 1);
  return counts;
}

async function settle(el: HTMLElement & { updateComplete?: Promise<boolean> }): Promise<void> {
  await waitUntil(
    () => {
      const base = el.shadowRoot?.querySelector('[part="base"]');
      return run.pending === 0 && base?.getAttribute('aria-busy') === 'false';
    },
    `<${el.localName}> did not finish loading`,
    { timeout: 8000 },
  );
  // Charts lay out after the ResizeObserver reports a width: let that and its update land.
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    await frame();
  }
}

async function reveal(el: HTMLElement, spec: ElementSpec): Promise<void> {
  for (const entry of spec.reveal) {
    const first = entry.startsWith('first:');
    const selector = first ? entry.slice('first:'.length) : entry;
    const targets = [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
    for (const target of first ? targets.slice(0, 1) : targets) target.click();
    await settle(el);
  }
}

interface Rendered {
  el: HTMLElement;
  errors: string[];
  cleanup: () => void;
}

async function render(
  tag: string,
  spec: ElementSpec,
  attrs: Record<string, string>,
  width: number,
  rotation: number | null,
): Promise<Rendered> {
  run = { rotation, pending: 0, invalid: [], rewritten: 0, longNames: 0 };
  const errors: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(`console.error: ${args.map(String).join(' ').slice(0, 200)}`);
    consoleError.apply(console, args);
  };
  const onError = (event: ErrorEvent) => errors.push(`uncaught: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandled rejection: ${String(event.reason).slice(0, 200)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);

  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.style.width = `${width}px`;
  container.addEventListener('cmdctr-error', (event) => {
    const detail = (event as CustomEvent<{ error: Error & { kind?: string } }>).detail;
    errors.push(`cmdctr-error: ${detail.error.kind ?? ''} ${detail.error.message}`);
  });
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries({ src: '', locale: 'en', tz: 'UTC', ...attrs })) {
    el.setAttribute(name, value);
  }
  container.append(el);
  await settle(el);
  await reveal(el, spec);
  return {
    el,
    errors,
    cleanup: () => {
      console.error = consoleError;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

function checkExecution(el: HTMLElement, baseline: Map<string, number>, into: string[]): void {
  if (window.__pwned !== 0) into.push(`window.__pwned is ${window.__pwned}`);
  const counts = tagCounts(el);
  for (const [tag, count] of counts) {
    if (!baseline.has(tag))
      into.push(`new element kind <${tag}> ×${count} (not in the baseline render)`);
  }
  for (const tag of DANGEROUS) {
    const extra = (counts.get(tag) ?? 0) - (baseline.get(tag) ?? 0);
    if (extra > 0) into.push(`${extra} more <${tag}> than the baseline render`);
  }
  for (const e of elementsIn(el)) {
    for (const attr of e.getAttributeNames()) {
      if (/^on/i.test(attr)) into.push(`<${e.localName}> has event-handler attribute ${attr}`);
    }
    for (const attr of ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc']) {
      const value = e.getAttribute(attr);
      if (value === null) continue;
      if (attr !== 'href' || !isAcceptableHref((e as HTMLAnchorElement).href ?? value)) {
        into.push(`<${e.localName} ${attr}="${value.slice(0, 60)}">`);
      }
    }
  }
}

/** Names the text run that makes the host tall, so the report points at the slot. */
function tallestText(el: HTMLElement): string {
  const range = document.createRange();
  let tallest: [number, Text | undefined] = [0, undefined];
  for (const node of nodes(el.shadowRoot!)) {
    if (!(node instanceof Text)) continue;
    range.selectNodeContents(node);
    const height = range.getBoundingClientRect().height;
    if (height > tallest[0]) tallest = [height, node];
  }
  return tallest[1] ? `${describeNode(tallest[1])} ${tallest[0].toFixed(0)} px` : 'none';
}

/**
 * Layout findings as `[what, where]`: `what` names the node without coordinates, so a finding
 * the unmodified fixture also produces (an axis tick a few px out) is told apart from one the
 * hostile strings caused; only the latter fail here.
 */
function checkLayout(el: HTMLElement, width: number, into: [string, string][]): void {
  const host = el.getBoundingClientRect();
  const viewport = new DOMRect(0, 0, document.documentElement.clientWidth, innerHeight);
  if (host.width > width + 0.5) {
    into.push(['host width', `${host.width.toFixed(1)} px wide in a ${width} px container`]);
  }
  if (host.height >= MAX_HEIGHT_PX) {
    into.push([
      'host height',
      `${host.height.toFixed(0)} px tall; tallest text: ${tallestText(el)}`,
    ]);
  }
  const range = document.createRange();
  const reported = new Set<Element>();
  for (const node of nodes(el.shadowRoot!)) {
    if (!(node instanceof Element || node instanceof Text)) continue;
    if (node instanceof Text && !node.data.trim()) continue;
    // Each overflow is named once: a text run inside an element already named is the same one.
    if (node instanceof Text && node.parentElement && reported.has(node.parentElement)) continue;
    let rects: DOMRect[];
    if (node instanceof Text) {
      range.selectNodeContents(node);
      rects = [...range.getClientRects()];
    } else {
      rects = [node.getBoundingClientRect()];
    }
    const outsideOf = (bound: DOMRect) =>
      rects.find((r) => r.width > 0 && (r.right > bound.right + 1 || r.left < bound.left - 1));
    if (!outsideOf(host)) continue;
    const bound = boundOf(node, el);
    if (bound === 'clipped' || !rendered(node, el)) continue;
    const box = bound === 'viewport' ? viewport : host;
    const outside = outsideOf(box);
    if (!outside) continue;
    if (node instanceof Element) reported.add(node);
    into.push([
      describeNode(node),
      `spans ${outside.left.toFixed(0)}–${outside.right.toFixed(0)} px, ${bound} ${box.left.toFixed(0)}–${box.right.toFixed(0)} px`,
    ]);
    if (into.length > 12) return;
  }
}

/** Whether a node's bidi controls cannot reorder anything outside the string itself. */
function bidiIsolated(text: Text, host: Element): boolean {
  for (let e = parentOf(text, host); e; e = parentOf(e, host)) {
    const style = getComputedStyle(e);
    if (/isolate|plaintext/.test(style.unicodeBidi) || e.localName === 'bdi') return true;
    // A paragraph boundary ends every embedding: fine only if the string is alone in it.
    const paragraph = e instanceof SVGTextElement || !/^inline|contents/.test(style.display);
    if (paragraph) return (e.textContent ?? '').trim() === text.data.trim();
  }
  return false;
}

function checkBidi(el: HTMLElement, into: string[]): number {
  let seen = 0;
  for (const node of nodes(el.shadowRoot!)) {
    if (!(node instanceof Text) || !BIDI_CONTROLS.test(node.data) || !rendered(node, el)) continue;
    seen++;
    if (!bidiIsolated(node, el)) into.push(`not isolated: ${describeNode(node)}`);
  }
  return seen;
}

/** Overflows the unmodified fixture already shows: reported as warnings, not caused by data. */
const baselineLayout: string[] = [];

const scans = new Map<string, Promise<Findings | { missing: string }>>();

/** Renders one element at every width and rotation once; the checks below share the result. */
function scan(spec: ElementSpec): Promise<Findings | { missing: string }> {
  let pending = scans.get(spec.tag);
  if (!pending) {
    pending = scanUncached(spec);
    scans.set(spec.tag, pending);
  }
  return pending;
}

async function scanUncached(spec: ElementSpec): Promise<Findings | { missing: string }> {
  const tag = await testTag(spec);
  if (typeof tag !== 'string') return tag;
  const findings: Findings = {
    executes: [],
    layout: [],
    bidi: [],
    crash: [],
    rewritten: 0,
    bidiSeen: 0,
    longSeen: 0,
    textSeen: 0,
  };
  const note = (list: string[], where: string, items: string[]) => {
    for (const item of items) if (list.length < 40) list.push(`${where}: ${item}`);
  };
  for (const attrs of spec.variants) {
    for (const width of WIDTHS) {
      window.__pwned = 0;
      const base = await render(tag, spec, attrs, width, null);
      base.cleanup();
      // The baseline must render data, or the comparison below would compare against nothing.
      expect(base.errors, `baseline render of <${spec.tag}> failed`).to.deep.equal([]);
      expect(base.el.shadowRoot!.querySelector('[part="empty"], [part="error"]')).to.equal(null);
      const baseline = tagCounts(base.el);
      const baseLayout: [string, string][] = [];
      checkLayout(base.el, width, baseLayout);
      const baseKeys = new Set(baseLayout.map(([what]) => what));
      for (const [what, where] of baseLayout) {
        const line = `${JSON.stringify(attrs)} @${width}px: ${what} ${where}`;
        if (!baselineLayout.includes(line)) baselineLayout.push(line);
      }
      for (const rotation of ROTATIONS_AT[width]) {
        window.__pwned = 0;
        const where = `${JSON.stringify(attrs)} @${width}px rotation ${rotation}`;
        const hostile = await render(tag, spec, attrs, width, rotation);
        // An <img onerror> fires after its failed load: give such payloads time to run.
        await new Promise((resolve) => setTimeout(resolve, 150));
        await frame();
        hostile.cleanup();
        if (run.invalid.length) {
          throw new Error(
            `rewritten ${run.invalid[0]!.path} no longer matches its schema: ${JSON.stringify(run.invalid[0]!.issues.slice(0, 3))}`,
          );
        }
        findings.rewritten += run.rewritten;
        const errorPart = hostile.el.shadowRoot!.querySelector('[part="error"]');
        if (errorPart)
          hostile.errors.push(`error state shown: ${errorPart.textContent?.trim().slice(0, 120)}`);
        const executes: string[] = [];
        checkExecution(hostile.el, baseline, executes);
        const boxes: [string, string][] = [];
        checkLayout(hostile.el, width, boxes);
        const layout = boxes
          .filter(([what]) => !baseKeys.has(what))
          .map(([what, where]) => `${what} ${where}`);
        const bidi: string[] = [];
        findings.bidiSeen += checkBidi(hostile.el, bidi);
        findings.longSeen += run.longNames;
        findings.textSeen += [...nodes(hostile.el.shadowRoot!)].filter(
          (n) => n instanceof Text && PAYLOAD_MARKS.some((mark) => n.data.includes(mark)),
        ).length;
        note(findings.executes, where, executes);
        note(findings.layout, where, layout);
        note(findings.bidi, where, bidi);
        note(findings.crash, where, hostile.errors);
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------

type Check = 'executes' | 'layout' | 'bidi' | 'crash';
const CHECKS: readonly [Check, string][] = [
  ['executes', 'nothing executes: no script, handler, new element kind or non-http(s) link'],
  ['layout', 'stays inside its container at 360 and 1000 px and under 4000 px tall'],
  ['bidi', 'isolates bidi controls'],
  ['crash', 'renders zero-width and control characters without errors'],
];

describe('hostile strings from the server', function () {
  // Each element renders 2 widths × (1 baseline + ROTATIONS hostile runs) with 10,000-character names.
  this.timeout(120_000);

  before(() => {
    window.__pwned = 0;
  });

  after(() => {
    if (baselineLayout.length) {
      console.warn(
        `hostile-strings: overflow already in the unmodified fixtures:\n${baselineLayout.join('\n')}`,
      );
    }
    // Payloads that fire late (after their own case) still count against the suite.
    expect(window.__pwned, 'a payload executed').to.equal(0);
  });

  for (const spec of ELEMENTS) {
    describe(`<${spec.tag}>`, () => {
      it('receives hostile data in every displayable slot', async function () {
        const findings = await scan(spec);
        if ('missing' in findings) {
          // Named, not silent: the element is not there to test yet.
          console.warn(`hostile-strings: skipping <${spec.tag}>: ${findings.missing}`);
          this.skip();
        }
        expect(findings.rewritten, 'no response was rewritten').to.be.greaterThan(0);
        expect(findings.longSeen, 'no slot received the 10,000-character name').to.be.greaterThan(
          0,
        );
        // An element that renders no server text as text (mttr draws only axes from numbers and
        // dates) has no bidi slot; every other one must have met a bidi payload on screen.
        if (findings.textSeen > 0) {
          expect(findings.bidiSeen, 'no bidi-override string was rendered').to.be.greaterThan(0);
        } else {
          console.warn(`hostile-strings: <${spec.tag}> renders no server text as text nodes`);
        }
      });

      for (const [check, title] of CHECKS) {
        const gap = KNOWN_GAPS[`${spec.tag} ${check}`];
        // Known gap: see KNOWN_GAPS for the bug; the element's owner removes the entry with the fix.
        (gap ? it.skip : it)(gap ? `${title} — KNOWN GAP: ${gap}` : title, async function () {
          const findings = await scan(spec);
          if ('missing' in findings) this.skip();
          expect(findings[check], `<${spec.tag}> ${check}`).to.deep.equal([]);
        });
      }
    });
  }
});
