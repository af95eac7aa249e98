// ESLint 9 flat config. Formatting belongs to Prettier (`npm run format`); these rules catch
// bugs and enforce the project rules in CONTRIBUTING.md that a machine can check.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

// TypeScript that belongs to a tsconfig project gets the type-aware rules; the project service
// finds each file's nearest tsconfig.json (root, .storybook/, packages/server/), as an editor does.
const TYPED_TS = [
  'packages/contract/src/**/*.ts',
  'packages/elements/src/**/*.ts',
  'packages/server/{src,test,bin}/**/*.ts',
  'stories/**/*.ts',
  'test/browser/**/*.ts',
  '.storybook/*.ts',
];
const ELEMENT_SOURCES = ['packages/elements/src/**/*.ts', 'stories/**/*.ts'];

// Relative specifiers must name the emitted file: browsers, Node and the published `dist/`
// resolve no extensionless paths, and `moduleResolution: Bundler` would not notice.
const RELATIVE_WITHOUT_EXTENSION = String.raw`/^\.{1,2}\/(?!.*\.(js|mjs|json|css|yaml)$)/`;
const requireJsExtension = [
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
].map((node) => ({
  selector: `${node}[source.value=${RELATIVE_WITHOUT_EXTENSION}]`,
  message: 'Relative imports name the emitted file: add the `.js` extension.',
}));

const NO_ENUM = {
  selector: 'TSEnumDeclaration',
  message: 'No enums: use a string-literal union (enums emit runtime code and do not erase).',
};

export default defineConfig(
  globalIgnores(
    [
      '**/node_modules/',
      '**/dist/',
      '**/storybook-static/',
      '**/coverage/',
      '**/generated/',
      '.storybook/public/',
      'test/visual/__failed__/',
      '**/*.d.{ts,mts,cts}',
    ],
    'Build output, reports and generated code',
  ),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  tseslint.configs.recommended,

  // Plain JS/MJS tooling runs in Node (scripts, configs, fixture server, CSP runner).
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Playwright-driven Node tests pass callbacks that run in the page (page.evaluate).
  {
    files: ['test/csp/**/*.test.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', NO_ENUM, ...requireJsExtension],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  // Type-aware rules where the project is already type-checked.
  {
    files: TYPED_TS,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Lit templates interpolate numbers and booleans on purpose; template literals elsewhere
      // should still not stringify objects by accident.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: false },
      ],
      // `void this.updateComplete` style fire-and-forget is allowed; a forgotten promise is not.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Tests hand async callbacks to mocha and event listeners on purpose.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
    },
  },

  // Custom elements: Lit template rules and web-component best practice.
  {
    files: ELEMENT_SOURCES,
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    settings: { wc: { elementBaseClasses: ['LitElement', 'CmdctrElement'] } },
    rules: {
      // LitElement always defines the lifecycle callbacks, so the `if (super.x)` guard that
      // plain HTMLElement subclasses need is dead code here.
      'wc/guard-super-call': 'off',
      // Strict CSP (style-src 'self') blocks style attributes, including `style=${styleMap()}`:
      // Lit's styleMap writes the attribute as a string on first render (test/csp shows the
      // violation). Set custom properties through CSSOM (`el.style.setProperty`) instead.
      'lit/ban-attributes': ['error', 'style'],
      'lit/lifecycle-super': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-legacy-imports': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/attribute-names': 'error',
    },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ignores: ['packages/elements/src/base/events.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        NO_ENUM,
        ...requireJsExtension,
        {
          selector: "CallExpression[callee.property.name='dispatchEvent']",
          message: 'Dispatch events through emit() from base/events.ts (typed, bubbles, composed).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'lit/directives/unsafe-html.js',
              message: 'Trusted Types (strict CSP) reject unsafeHTML: render with templates.',
            },
            {
              name: 'lit/directives/style-map.js',
              message:
                "styleMap's first render sets a style attribute, which style-src 'self' blocks: use CSSOM.",
            },
            {
              name: 'lit/directives/unsafe-svg.js',
              message: 'Trusted Types (strict CSP) reject unsafeSVG: render with svg`` templates.',
            },
          ],
        },
      ],
    },
  },

  // Tests may use chai's property assertions (`expect(x).to.be.true`) and non-null shortcuts.
  // These blocks stay after the element blocks so their settings win.
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Type-aware test files only (a nested array means every pattern must match).
    files: TYPED_TS.map((glob) => [glob, '**/*.test.ts']),
    rules: {
      // @open-wc/semantic-dom-diff retypes every chai `.equal()` as returning a Promise (only its
      // `dom`/`shadowDom` chains are async); a floating `updateComplete` must still be caught.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
            // node:test's describe/it return promises the runner itself awaits.
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      // Saving a native method to restore it after a stub is the point, not a lost `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Tests read parsed JSON bodies and private state on purpose; a wrong guess fails the
      // assertion anyway. Explicit `any` stays an error, so these only cover inferred ones.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ELEMENT_SOURCES.map((glob) => [glob, '**/*.test.ts']),
    // The test page has no CSP; fixtures may size their wrappers inline.
    rules: { 'lit/ban-attributes': 'off' },
  },
);
