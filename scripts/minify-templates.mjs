// Minifies the static text of Lit `html`, `svg` and `css` tagged templates in element sources.
// esbuild and Vite minify JavaScript but leave template literal text alone, so every newline and
// indent of a template ships. This removes only what cannot change rendering:
//   html/svg: a whitespace run that contains a line break becomes one space (HTML collapses such a
//             run to one space anyway; no element source renders preformatted text).
//   css:      comments go, whitespace runs collapse, whitespace next to `{ } ; ,` and after `:`
//             goes (never before `:`, which would turn `a :hover` into `a:hover`), and a
//             leading zero before a decimal point goes.
// Interpolations (`${…}`) are untouched; only the literal parts between them are rewritten, with
// the TypeScript parser finding them so strings, comments and regexps elsewhere are never
// touched. Used by both scripts/size.mjs (esbuild plugin) and vite.config.ts (Vite plugin), so the
// size check measures exactly what the build ships.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const TAGS = new Set(['html', 'svg', 'css']);

/** Sources the transform applies to: element modules, never tests. */
const FILTER = /[\\/]packages[\\/]elements[\\/]src[\\/].*\.ts$/;
export const applies = (file) => FILTER.test(file) && !file.endsWith('.test.ts');

function minifyMarkup(text) {
  // Preformatted elements render whitespace as written: leave such a template part alone.
  if (/<(pre|textarea|listing|plaintext)\b/i.test(text)) return text;
  return text.replace(/[ \t]*[\r\n][ \t\r\n]*/g, ' ');
}

function minifyCssCode(text) {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      // 0.75rem → .75rem; only after a delimiter, so 10.5 or a class name is never touched.
      .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
  );
}

function minifyCss(text) {
  // Quoted strings (attribute selectors, `content`) are copied verbatim; only the rest is squeezed.
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/("(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')/)
    .map((part, i) => (i % 2 ? part : minifyCssCode(part)))
    .join('');
}

/** The [start, end) ranges of every literal part of `template`, in source offsets. */
function literalRanges(template, source) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) {
    return [[template.getStart(source) + 1, template.end - 1]];
  }
  // Head: after "`", before "${". Middles: after "}", before "${". Tail: after "}", before "`".
  const ranges = [[template.head.getStart(source) + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const lit = span.literal;
    const tail = ts.isTemplateTail(lit);
    ranges.push([lit.getStart(source) + 1, lit.end - (tail ? 1 : 2)]);
  }
  return ranges;
}

/** Returns `{ code, edits }`, or `null` when the file has nothing to minify. */
export function minifyTemplates(code, fileName = 'source.ts') {
  if (!/\b(html|svg|css)`/.test(code)) return null;
  const source = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];
  const visit = (node) => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      TAGS.has(node.tag.text)
    ) {
      const rewrite = node.tag.text === 'css' ? minifyCss : minifyMarkup;
      for (const [start, end] of literalRanges(node.template, source)) {
        const before = code.slice(start, end);
        const after = rewrite(before);
        if (after !== before) edits.push({ start, end, text: after });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!edits.length) return null;
  edits.sort((a, b) => a.start - b.start);
  return { code: applyEdits(code, edits), edits };
}

// ----------------------------------------------------------------------------- source maps

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(value) {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let s = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    s += B64[digit];
  } while (v > 0);
  return s;
}

/**
 * A source map from the minified file back to the original: every output line start and every
 * edit boundary maps to its original line and column (line-accurate everywhere, column-accurate
 * outside template text), which is what stack traces and debuggers need.
 */
function sourceMap(code, edits, fileName) {
  // Piecewise offset mapping: [outStart, inStart, kept] where kept = copied verbatim.
  const pieces = [];
  let inAt = 0;
  let outAt = 0;
  for (const e of edits) {
    if (e.start > inAt) pieces.push([outAt, inAt, e.start - inAt, true]);
    outAt += e.start - inAt;
    pieces.push([outAt, e.start, e.text.length, false]);
    outAt += e.text.length;
    inAt = e.end;
  }
  if (code.length > inAt) pieces.push([outAt, inAt, code.length - inAt, true]);
  const inLineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') inLineStarts.push(i + 1);
  const position = (offset) => {
    let lo = 0;
    let hi = inLineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (inLineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, offset - inLineStarts[lo]];
  };
  const out = applyEdits(code, edits);
  const lines = [[]];
  let outLine = 0;
  let outCol = 0;
  let p = 0;
  for (let o = 0; o <= out.length; o++) {
    while (p + 1 < pieces.length && pieces[p + 1][0] <= o) p++;
    const piece = pieces[p];
    const atBoundary = piece && piece[0] === o;
    if (piece && (atBoundary || outCol === 0)) {
      const inOffset = piece[3] ? piece[1] + (o - piece[0]) : piece[1];
      lines[outLine].push([outCol, ...position(inOffset)]);
    }
    if (out[o] === '\n') {
      outLine++;
      outCol = 0;
      lines.push([]);
    } else outCol++;
  }
  let prevLine = 0;
  let prevCol = 0;
  const mappings = lines
    .map((segs) => {
      let prevOutCol = 0;
      return segs
        .map(([col, line, srcCol]) => {
          const s = vlq(col - prevOutCol) + 'A' + vlq(line - prevLine) + vlq(srcCol - prevCol);
          prevOutCol = col;
          prevLine = line;
          prevCol = srcCol;
          return s;
        })
        .join(',');
    })
    .join(';');
  return { version: 3, sources: [fileName], sourcesContent: [code], names: [], mappings };
}

function applyEdits(code, edits) {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + code.slice(at);
}

// ----------------------------------------------------------------------------- plugins

/** esbuild plugin (scripts/size.mjs). */
export function minifyTemplatesEsbuild() {
  return {
    name: 'minify-lit-templates',
    setup(build) {
      build.onLoad({ filter: FILTER }, async (args) => {
        if (!applies(args.path)) return undefined;
        const code = await readFile(args.path, 'utf8');
        const result = minifyTemplates(code, args.path);
        return { contents: result ? result.code : code, loader: 'ts' };
      });
    },
  };
}

/** Vite / Rollup plugin (vite.config.ts); runs before Vite's own TypeScript transform. */
export function minifyTemplatesVite() {
  return {
    name: 'minify-lit-templates',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0];
      if (!applies(file)) return null;
      const result = minifyTemplates(code, file);
      if (!result) return null;
      return { code: result.code, map: sourceMap(code, result.edits, file) };
    },
  };
}
