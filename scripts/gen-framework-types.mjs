#!/usr/bin/env node
// Framework typings for the cmdctr tags, generated from the Custom Elements Manifest so they
// never drift from the elements: every public attribute and property the manifest lists, typed
// by indexing the element class itself (`CmdctrHeatmap['measure']`), and every `cmdctr-*` event
// the manifest lists, typed through `CmdctrEventMap` (the manifest carries no event types, and
// the detail types live in TypeScript, so the map is the one place they are named).
//   node scripts/gen-framework-types.mjs     (after `npm run build` wrote dist/ and the manifest)
// Writes into packages/elements/dist/types/:
//   react.d.ts   — React 19 `JSX.IntrinsicElements` augmentation of the `react` module
//   vue.d.ts     — Vue 3 `GlobalComponents` augmentation of the `vue` module (vue-tsc, Volar)
//   angular.d.ts — tag and event maps for Angular (which needs CUSTOM_ELEMENTS_SCHEMA instead)
//   angular.md   — how Angular pages use the elements and these types
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELEMENTS_DIR = join(ROOT, 'packages/elements');
const MANIFEST = join(ELEMENTS_DIR, 'custom-elements.json');
const OUT_DIR = join(ELEMENTS_DIR, 'dist/types');
// Where the generated files sit relative to the package root; imports are made relative to it.
const OUT_REL = 'dist/types';

/**
 * @typedef {{ name: string, type?: { text: string }, description?: string, fieldName?: string }} CemAttribute
 * @typedef {{ kind: string, name: string, privacy?: string, static?: boolean, readonly?: boolean,
 *   type?: { text: string }, description?: string, attribute?: string,
 *   inheritedFrom?: { name: string, module: string } }} CemMember
 * @typedef {{ name: string, description?: string, type?: { text: string } }} CemEvent
 * @typedef {{ kind: string, name: string, tagName?: string, attributes?: CemAttribute[],
 *   members?: CemMember[], events?: CemEvent[], summary?: string }} CemClass
 * @typedef {{ tag: string, className: string, module: string, define: string, summary: string,
 *   props: Array<{ name: string, field: string, description: string }>,
 *   events: Array<{ name: string, description: string }> }} ElementInfo
 */

/** Everything the typings need from the manifest, one entry per tag, sorted by tag. */
export function readElements(manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'))) {
  /** @type {ElementInfo[]} */
  const elements = [];
  for (const mod of manifest.modules ?? []) {
    for (const decl of /** @type {CemClass[]} */ (mod.declarations ?? [])) {
      if (decl.kind !== 'class' || !decl.tagName) continue;
      const members = new Map(
        (decl.members ?? []).filter((m) => m.kind === 'field').map((m) => [m.name, m]),
      );
      // Only what a page may set: public, writable instance fields. Lit's internal reactive
      // state (`state: true`) shows up in the manifest as private fields with an attribute.
      const settable = (/** @type {CemMember | undefined} */ m) =>
        Boolean(m && m.privacy === 'public' && !m.static && !m.readonly && !m.name.startsWith('#'));
      /** @type {ElementInfo['props']} */
      const props = [];
      const seen = new Set();
      const add = (/** @type {string} */ name, /** @type {CemMember} */ m) => {
        if (seen.has(name)) return;
        seen.add(name);
        props.push({ name, field: m.name, description: m.description ?? '' });
      };
      for (const attr of decl.attributes ?? []) {
        const m = attr.fieldName ? members.get(attr.fieldName) : undefined;
        if (!m || !settable(m)) continue;
        // The property name always; a dashed attribute name too, since frameworks that set
        // attributes (and people copying HTML) use that spelling.
        add(m.name, m);
        if (attr.name !== m.name) add(attr.name, m);
      }
      for (const m of members.values()) {
        // JS-only properties the element declares itself (e.g. `headers`, `tokenProvider`); the
        // base class's attribute-less fields are wired by context, not by pages.
        if (settable(m) && !m.attribute && !m.inheritedFrom) add(m.name, m);
      }
      const events = (decl.events ?? [])
        .filter((e) => e.name?.startsWith('cmdctr-'))
        .map((e) => ({ name: e.name, description: e.description ?? '' }));
      const module = String(mod.path).replace(/^\.?\//, '');
      elements.push({
        tag: decl.tagName,
        className: decl.name,
        module,
        define: posix.join(posix.dirname(module), 'define.js'),
        summary: decl.summary ?? '',
        props,
        events,
      });
    }
  }
  return elements.sort((a, b) => a.tag.localeCompare(b.tag));
}

/** `dist/heatmap/cmdctr-heatmap.js` as seen from dist/types/. */
const fromOut = (/** @type {string} */ module) => {
  const rel = posix.relative(OUT_REL, module);
  return rel.startsWith('.') ? rel : `./${rel}`;
};
const quote = (/** @type {string} */ s) => JSON.stringify(s);
const pascal = (/** @type {string} */ tag) =>
  tag.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
/** A JSDoc block from manifest text, safe inside a comment. */
const doc = (/** @type {string} */ text, indent = '    ') =>
  text
    ? `${indent}/** ${text
        .replace(/\*\//g, '*\\/')
        .replace(/\s*\n\s*/g, ' ')
        .trim()} */\n`
    : '';

const HEADER = `// Generated by scripts/gen-framework-types.mjs from custom-elements.json: do not edit.\n`;

/** Imports shared by every file: the classes, the tag-map augmentations and the event map. */
function imports(/** @type {ElementInfo[]} */ elements) {
  const lines = elements.map(
    (e) => `import type { ${e.className} } from ${quote(fromOut(e.module))};`,
  );
  // The define modules' declarations carry the HTMLElementTagNameMap entries (and through the
  // element modules, the CmdctrEventMap augmentations such as `cmdctr-decision`).
  for (const e of elements) lines.push(`import type {} from ${quote(fromOut(e.define))};`);
  lines.push(`import type { CmdctrEventMap } from ${quote(fromOut('dist/base/events.js'))};`);
  return lines.join('\n');
}

const EVENT_HELPERS = `/** The \`detail\` of a cmdctr event, as the elements dispatch it; \`unknown\` for an untyped one. */
export type CmdctrEventDetail<K extends string> = K extends keyof CmdctrEventMap
  ? CmdctrEventMap[K]
  : unknown;
/** A cmdctr event: a bubbling, composed CustomEvent. */
export type CmdctrCustomEvent<K extends string> = CustomEvent<CmdctrEventDetail<K>>;
`;

/** Per tag: \`{ prop?: Element['field'] }\` for every settable name. */
function propsType(/** @type {ElementInfo} */ e, indent = '  ') {
  return e.props
    .map(
      (p) =>
        `${doc(p.description, indent)}${indent}${quote(p.name)}?: ${e.className}[${quote(p.field)}];`,
    )
    .join('\n');
}

export function reactTypes(/** @type {ElementInfo[]} */ elements) {
  const blocks = elements.map((e) => {
    const events = e.events
      .map(
        (ev) =>
          `${doc(ev.description, '  ')}  ${quote(`on${ev.name}`)}?: (event: CmdctrCustomEvent<${quote(ev.name)}>) => void;`,
      )
      .join('\n');
    const keys = [...e.props.map((p) => p.name), ...e.events.map((ev) => `on${ev.name}`)];
    return `${doc(e.summary, '')}export interface ${pascal(e.tag)}Props
  extends Omit<CmdctrBaseProps<${e.className}>, ${keys.map(quote).join(' | ') || 'never'}> {
${propsType(e)}
${events}
}`;
  });
  return `${HEADER}// React 19 sets a prop as a property when the element has one (so \`headers\` and
// \`tokenProvider\` reach <cmdctr-config> as objects and functions) and adds \`on<event-name>\`
// props as listeners for that exact event name: \`oncmdctr-drill\`, not \`onCmdctrDrill\`.
//   import type {} from '@cmdctr/elements/types/react';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
${imports(elements)}

${EVENT_HELPERS}
/** What every tag accepts: React's HTML props, \`ref\`, and \`class\` as React 19 passes it. */
export type CmdctrBaseProps<E extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<E>, E> & {
  class?: string;
};

${blocks.join('\n\n')}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements.map((e) => `      ${quote(e.tag)}: ${pascal(e.tag)}Props;`).join('\n')}
    }
  }
}
`;
}

export function vueTypes(/** @type {ElementInfo[]} */ elements) {
  /** Vue's template compiler turns `@cmdctr-drill` into the prop `onCmdctrDrill`. */
  const handler = (/** @type {string} */ name) =>
    `on${name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`;
  const blocks = elements.map((e) => {
    const events = e.events
      .map(
        (ev) =>
          `${doc(ev.description, '  ')}  ${handler(ev.name)}?: (event: CmdctrCustomEvent<${quote(ev.name)}>) => void;`,
      )
      .join('\n');
    return `${doc(e.summary, '')}export interface ${pascal(e.tag)}Props {
${propsType(e)}
${events}
}`;
  });
  return `${HEADER}// For vue-tsc and Volar: props and \`@cmdctr-*\` listeners checked in templates. The app must
// still tell the compiler these are custom elements:
//   compilerOptions: { isCustomElement: (tag) => tag.startsWith('cmdctr-') }
// JS-only properties (\`headers\`, \`tokenProvider\`) need the \`.prop\` modifier or \`^\` shorthand:
//   <cmdctr-config :headers.prop="headers">
//   import type {} from '@cmdctr/elements/types/vue';
import type { DefineComponent } from 'vue';
${imports(elements)}

${EVENT_HELPERS}
${blocks.join('\n\n')}

declare module 'vue' {
  interface GlobalComponents {
${elements.map((e) => `    ${quote(e.tag)}: DefineComponent<${pascal(e.tag)}Props>;`).join('\n')}
  }
}
`;
}

export function angularTypes(/** @type {ElementInfo[]} */ elements) {
  return `${HEADER}// Angular checks custom-element templates against its DOM schema, not TypeScript, so a
// component that uses cmdctr tags declares \`schemas: [CUSTOM_ELEMENTS_SCHEMA]\`. These types are
// for the component code: \`@ViewChild\` refs, \`(cmdctr-drill)\` handlers and the tag list.
//   import type { CmdctrTagName, CmdctrCustomEvent } from '@cmdctr/elements/types/angular';
${imports(elements)}

${EVENT_HELPERS}
/** Every cmdctr tag and its element class. */
export interface CmdctrElementTagNameMap {
${elements.map((e) => `  ${quote(e.tag)}: ${e.className};`).join('\n')}
}
export type CmdctrTagName = keyof CmdctrElementTagNameMap;
/** The \`cmdctr-*\` events each tag dispatches. */
export interface CmdctrElementEvents {
${elements.map((e) => `  ${quote(e.tag)}: ${e.events.map((ev) => quote(ev.name)).join(' | ') || 'never'};`).join('\n')}
}
`;
}

export function angularNote(/** @type {ElementInfo[]} */ elements) {
  const rows = elements.map(
    (e) =>
      `| \`<${e.tag}>\` | ${e.props.map((p) => `\`${p.name}\``).join(', ')} | ${e.events.map((ev) => `\`(${ev.name})\``).join(', ') || '—'} |`,
  );
  return `<!-- Generated by scripts/gen-framework-types.mjs from custom-elements.json: do not edit. -->
# cmdctr elements in Angular

Angular compiles templates against its own DOM schema, so components that use cmdctr tags add
\`schemas: [CUSTOM_ELEMENTS_SCHEMA]\` and import each tag's \`define.js\` once:

\`\`\`ts
import '@cmdctr/elements/cmdctr-config/define.js';
import '@cmdctr/elements/cmdctr-heatmap/define.js';
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { CmdctrCustomEvent } from '@cmdctr/elements/types/angular';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`<cmdctr-config src="" [headers]="headers">
    <cmdctr-heatmap [attr.workflow]="workflow()" (cmdctr-drill)="onDrill($event)"></cmdctr-heatmap>
  </cmdctr-config>\`,
})
export class AppComponent {
  headers = { 'X-Tenant': 'acme' };
  workflow = signal('p2p_invoice_matching');
  onDrill(event: Event) {
    const { detail } = event as CmdctrCustomEvent<'cmdctr-drill'>;
  }
}
\`\`\`

\`[prop]\` sets a property (use it for \`headers\` and \`tokenProvider\`); \`[attr.name]\` sets an
attribute; \`(cmdctr-event)\` listens for the event by its exact name.

| tag | properties / attributes | events |
| --- | --- | --- |
${rows.join('\n')}
`;
}

export function generateFrameworkTypes() {
  if (!existsSync(MANIFEST))
    throw new Error(`${MANIFEST} is missing: run \`npm run build\` first (it writes the manifest)`);
  const elements = readElements();
  if (!elements.length) throw new Error('the manifest lists no custom elements');
  mkdirSync(OUT_DIR, { recursive: true });
  const files = {
    'react.d.ts': reactTypes(elements),
    'vue.d.ts': vueTypes(elements),
    'angular.d.ts': angularTypes(elements),
    'angular.md': angularNote(elements),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(OUT_DIR, name), text);
  return { elements, files: Object.keys(files).map((f) => join(OUT_DIR, f)) };
}

if (process.argv[1] && join(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { elements, files } = generateFrameworkTypes();
    console.log(
      `framework types for ${elements.length} tags: ${files.map((f) => f.slice(ROOT.length)).join(', ')}`,
    );
  } catch (error) {
    console.error(`gen-framework-types: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
