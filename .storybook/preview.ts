/// <reference types="vite/client" />
import { html, nothing } from 'lit';
import { initialize, mswLoader } from 'msw-storybook-addon';
import type { ArgTypesEnhancer } from 'storybook/internal/types';
import {
  setCustomElementsManifest,
  type Decorator,
  type Preview,
  type WebComponentsRenderer,
} from '@storybook/web-components-vite';
import { fixtureHandlers, resetFixtureScenarios } from './fixture-handlers.js';

interface ManifestType {
  text?: string;
}
interface ManifestMember {
  kind?: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  type?: ManifestType;
}
interface ManifestDeclaration {
  members?: ManifestMember[];
  attributes?: { type?: ManifestType }[];
}

/** `string | undefined` → `string`: optional attributes are still plain text controls. */
function requiredType(type: ManifestType | undefined): void {
  if (type?.text) type.text = type.text.replace(/\s*\|\s*undefined\b|\bundefined\s*\|\s*/g, '');
}

/**
 * The manifest lists private and protected members too (the analyzer documents the whole
 * class), and Storybook would turn each into a control. Keep the public API only, drop a field
 * whose attribute row already documents it (`canvasThreshold` / `canvas-threshold`), and strip
 * `| undefined` so Storybook recognises `string`, `number` and `boolean` controls.
 */
function publicApi(manifest: object): object {
  const copy = structuredClone(manifest) as {
    modules?: { declarations?: ManifestDeclaration[] }[];
  };
  for (const module of copy.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      declaration.members = declaration.members?.filter(
        (member) =>
          member.privacy !== 'private' &&
          member.privacy !== 'protected' &&
          !member.static &&
          member.attribute === undefined,
      );
      declaration.members?.forEach((member) => requiredType(member.type));
      declaration.attributes?.forEach((attribute) => requiredType(attribute.type));
    }
  }
  return copy;
}

// Only attributes are wired into the stories' templates. Events, slots, CSS custom properties
// and parts stay documented in the table, but a control for them would change nothing; so
// would one for a read-only or object property (`config`, `client`, `fmt`).
const DOCUMENTED_ONLY = new Set([
  'properties',
  'events',
  'slots',
  'css custom properties',
  'css shadow parts',
]);
const controlsForAttributesOnly: ArgTypesEnhancer<WebComponentsRenderer> = (context) => {
  const argTypes = { ...context.argTypes };
  for (const [name, argType] of Object.entries(argTypes)) {
    const category = argType.table?.category;
    if (category && DOCUMENTED_ONLY.has(category) && argType.control === undefined) {
      argTypes[name] = { ...argType, control: false };
    }
  }
  return argTypes;
};

// The Custom Elements Manifest drives the controls, the docs tables and argTypes. It is build
// output (git-ignored), so it is globbed rather than imported: a Storybook started before
// `npm run build` still works, only without generated controls.
const manifests = import.meta.glob<object>('../packages/elements/custom-elements.json', {
  eager: true,
  import: 'default',
});
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(publicApi(manifest));
else
  console.warn(
    '[cmdctr] packages/elements/custom-elements.json is missing: start Storybook with `npm run storybook`, which generates it.',
  );

// Register every element (each `src/<name>/define.ts`), so MDX pages and the config decorator
// can use any tag. A glob keeps the preview building while elements are still being added.
import.meta.glob('../packages/elements/src/*/define.ts', { eager: true });

initialize(
  {
    // Relative, so a Storybook published under a sub-path (GitHub Pages) finds its worker.
    serviceWorker: { url: './mockServiceWorker.js' },
    // An unmocked API call is a bug in a story; anything else (fonts, assets) may pass.
    onUnhandledRequest(request, print) {
      if (new URL(request.url).pathname.startsWith('/v1/')) print.error();
    },
    quiet: true,
  },
  fixtureHandlers(),
);

export type ThemeGlobal = 'light' | 'dark' | 'auto' | 'forced-colors';
export type LocaleGlobal = 'en' | 'de' | 'ja' | 'ar';

const RTL_LOCALES: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * Shown above a story while the toolbar simulates forced colours and the browser does not
 * really force them: a reviewer must know the picture is an approximation, and how to get the
 * real thing (the visual regression test does, through Chromium's media emulation).
 */
const forcedColorsNote = html`<style>
    .cmdctr-sb-note {
      margin: 0 0 0.75rem;
      padding: 0.25rem 0.5rem;
      border: 1px dashed currentColor;
      font:
        0.75rem/1.4 system-ui,
        sans-serif;
    }
  </style>
  <p class="cmdctr-sb-note" role="note">
    Forced colours, simulated with the public tokens. For the real
    <code>forced-colors: active</code>: DevTools › Rendering › Emulate CSS media feature
    forced-colors, or a Windows contrast theme.
  </p>`;

/**
 * Wraps every story in `<cmdctr-config>` with the toolbar's locale and theme, as a page would.
 * The forced-colors entry cannot switch the real `forced-colors` media feature (only the
 * browser can); it maps the public tokens to a Windows high-contrast palette, see
 * preview-head.html, and says so above the story.
 * Stories that render their own `<cmdctr-config>` opt out with `parameters.cmdctrConfig: false`.
 */
const withConfig: Decorator = (story, context) => {
  const theme = (context.globals['theme'] ?? 'light') as ThemeGlobal;
  const locale = (context.globals['locale'] ?? 'en') as LocaleGlobal;
  const dir = RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
  // The canvas background and text direction live outside the story root, so the decorator
  // sets them on the document (the docs page shares one document across stories). The story
  // root gets them too: elements read `lang` from the closest ancestor that has one, and an
  // embedding page (the docs page's own chrome) may set another on <html>.
  document.documentElement.lang = locale;
  document.documentElement.dir = dir;
  document.body.dataset['cmdctrTheme'] = theme;
  context.canvasElement.lang = locale;
  context.canvasElement.dir = dir;
  const simulated =
    theme === 'forced-colors' && !globalThis.matchMedia?.('(forced-colors: active)').matches;
  const note = simulated ? forcedColorsNote : nothing;
  if (context.parameters['cmdctrConfig'] === false) return html`${note}${story()}`;
  const configTheme = theme === 'forced-colors' ? 'light' : theme;
  return html`${note}<cmdctr-config locale=${locale} theme=${configTheme} dir=${dir}
      >${story()}</cmdctr-config
    >`;
};

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Theme passed to <cmdctr-config>',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'auto', title: 'Auto (prefers-color-scheme)' },
          { value: 'forced-colors', title: 'Forced colours (simulated)' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Locale passed to <cmdctr-config>',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English (en)' },
          { value: 'de', title: 'Deutsch (de)' },
          { value: 'ja', title: '日本語 (ja)' },
          { value: 'ar', title: 'العربية (ar, RTL)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  decorators: [withConfig],
  argTypesEnhancers: [controlsForAttributesOnly],
  // Reset stateful scenarios first, then let msw-storybook-addon install the story's handlers.
  loaders: [resetFixtureScenarios, mswLoader],
  parameters: {
    // No colour or date matchers: no arg is a colour, and `from`/`to` take RFC 3339 strings,
    // which a date control (a timestamp number) would break.
    controls: { expanded: true },
    a11y: { test: 'error' },
    docs: { toc: true },
    options: { storySort: { order: ['Introduction', 'Elements', '*'] } },
  },
  tags: ['autodocs'],
};

export default preview;
