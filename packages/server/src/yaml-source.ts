import { LineCounter, isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import { pointerSegments } from './json-pointer.js';

/** One problem in a YAML file, where a person can find it. */
export interface YamlProblem {
  line: number;
  column: number;
  /** JSON pointer of the value concerned ('' for the whole document). */
  path: string;
  reason: string;
}

export interface YamlLimits {
  /** What the text is, for messages ("policy", "mapping"). */
  what: string;
  maxBytes: number;
  /** Bounds alias expansion ("billion laughs"). */
  maxAliasCount: number;
}

export interface ParsedYaml {
  data: unknown;
  /** Line and column of the value at `pointer`, or of its key `key` when given. */
  locate: (pointer: string, key?: string) => { line: number; column: number };
}

function nodeAt(doc: Document, pointer: string): Node | null {
  const keys = pointerSegments(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const node = keys.length ? doc.getIn(keys, true) : doc.contents;
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : null;
}

/** The key node of `prop` in the map at `pointer`, so an unknown key points at the key itself. */
function keyNodeAt(doc: Document, pointer: string, prop: string): Node | null {
  const parent = nodeAt(doc, pointer);
  if (!isMap(parent)) return null;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === prop) return pair.key;
  }
  return null;
}

/**
 * Reads configuration YAML safely: a size limit, the core schema only, no custom tags (a tag is
 * how YAML smuggles in typed objects; the parser only warns about unknown ones, we refuse
 * them), unique keys, and bounded alias expansion. Every problem comes with line and column.
 */
export function parseSafeYaml(
  text: string,
  limits: YamlLimits,
): { problems: YamlProblem[] } | ({ problems: [] } & ParsedYaml) {
  if (Buffer.byteLength(text) > limits.maxBytes) {
    const reason = `${limits.what} is larger than ${limits.maxBytes / 1024} KiB`;
    return { problems: [{ line: 1, column: 1, path: '', reason }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
    schema: 'core',
    customTags: [],
  });
  const position = (offset: number | undefined) => {
    const lp = lineCounter.linePos(offset ?? 0);
    return { line: lp.line, column: lp.col };
  };
  const problems = [...doc.errors, ...doc.warnings].map((e) => ({
    ...position(e.pos[0]),
    path: '',
    reason: e.message.split('\n')[0] ?? e.code,
  }));
  if (problems.length) return { problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    return { problems: [{ line: 1, column: 1, path: '', reason: (err as Error).message }] };
  }
  return {
    problems: [],
    data,
    locate: (pointer, key) =>
      position((key ? keyNodeAt(doc, pointer, key) : nodeAt(doc, pointer))?.range?.[0]),
  };
}
