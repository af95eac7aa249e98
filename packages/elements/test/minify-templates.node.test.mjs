// scripts/minify-templates.mjs: what it rewrites, what it must leave alone, and that its source
// map still points at the right original lines (it runs in the shipped Vite build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceMapConsumer } from 'source-map-js';
import { minifyTemplates, minifyTemplatesVite } from '../../../scripts/minify-templates.mjs';

const source = [
  "import { css, html, svg } from 'lit';",
  'export const styles = css`',
  '  /* a comment, with: punctuation; */',
  '  .a :hover,',
  '  .b > .c {',
  '    margin: 0 0.5rem 10.5px;',
  '    transform: scale(0.5) translate(${x}px, 0);',
  '  }',
  '`;',
  'export const view = (y) => html`<div',
  '    class="x"',
  '  >',
  '    ${y}',
  '    <b>bold</b> <i>kept</i>',
  '  </div>`;',
  'export const mark = svg`<rect',
  '  width="1"></rect>`;',
  "const untouched = 'css`\\n  keep`';",
  'const other = tag`',
  '  keep  `;',
  'export function marker() { return new Error().stack; }',
].join('\n');

test('CSS loses comments and insignificant whitespace, never the descendant space before ":"', () => {
  const { code } = minifyTemplates(source);
  assert.match(
    code,
    /css` \.a :hover,\.b > \.c\{margin:0 \.5rem 10\.5px;transform:scale\(\.5\) translate\(\$\{x\}px,0\)\}`/,
  );
});

test('markup whitespace runs with a line break become one space; same-line spaces stay', () => {
  const { code } = minifyTemplates(source);
  assert.ok(code.includes('html`<div class="x" > ${y} <b>bold</b> <i>kept</i> </div>`'), code);
  assert.ok(code.includes('svg`<rect width="1"></rect>`'), code);
});

test('strings and other tags are left alone', () => {
  const { code } = minifyTemplates(source);
  assert.ok(code.includes("const untouched = 'css`\\n  keep`';"));
  assert.ok(code.includes('tag`\n  keep  `'));
  assert.equal(minifyTemplates("const a = 'no templates';"), null);
});

test('the Vite transform maps code after a minified template to its original line', () => {
  const plugin = minifyTemplatesVite();
  const id = '/repo/packages/elements/src/x/x.ts';
  const result = plugin.transform(source, id);
  const map = new SourceMapConsumer(result.map);
  const lines = result.code.split('\n');
  const line = lines.findIndex((l) => l.includes('function marker')) + 1;
  const original = map.originalPositionFor({ line, column: 0 });
  assert.equal(
    original.line,
    source.split('\n').findIndex((l) => l.includes('function marker')) + 1,
  );
  assert.equal(plugin.transform(source, '/repo/packages/elements/src/x/x.test.ts'), null);
  assert.equal(plugin.transform(source, '/repo/packages/server/src/x.ts'), null);
});

test('quoted CSS strings and preformatted markup keep their whitespace', () => {
  const css = minifyTemplates(
    "const s = css`\n  .a::before {\n    content: 'a , b :  c';\n  }\n`;",
  ).code;
  assert.ok(css.includes(".a::before{content:'a , b :  c'}"), css);
  const pre = 'const t = html`<pre>\n  line one\n    line two\n</pre>`;';
  assert.equal(minifyTemplates(pre), null);
});
