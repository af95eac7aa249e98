// Custom Elements Manifest for @cmdctr/elements, generated from the JSDoc on each class
// (@summary, @slot, @csspart, @cssproperty, @event and property descriptions). Storybook
// controls, the docs and IDE completions read it. Run: `cem analyze --litelement`.
const SRC = 'packages/elements/src/';

/**
 * The analyzer records module paths relative to the repo root (packages/elements/src/x.ts).
 * A consumer of the published package resolves them against the package root, where the code
 * is dist/x.js, so rewrite them (and every reference to them) once everything is linked.
 */
function packagePaths() {
  // Superclass references come out as `/packages/elements/src/x.js`, declarations as `…/x.ts`.
  const toDist = (path) => {
    if (typeof path !== 'string') return path;
    const bare = path.replace(/^\.?\//, '');
    return bare.startsWith(SRC)
      ? `dist/${bare.slice(SRC.length).replace(/\.[jt]s$/, '')}.js`
      : path;
  };
  const fixRefs = (value) => {
    if (Array.isArray(value)) return value.forEach(fixRefs);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'module' || key === 'path') value[key] = toDist(child);
      else fixRefs(child);
    }
  };
  return {
    name: 'cmdctr-package-paths',
    packageLinkPhase({ customElementsManifest }) {
      fixRefs(customElementsManifest.modules);
    },
  };
}

/**
 * define.ts registers through `defineElement(tag, Class)` (base/define-element.ts, which
 * tolerates a second copy of the library) instead of `customElements.define`, which is all the
 * analyzer recognises. Record those calls as the `custom-element-definition` exports the
 * analyzer would have written for `customElements.define`.
 */
function defineElementCalls() {
  return {
    name: 'cmdctr-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      if (!ts.isIdentifier(callee) || callee.text !== 'defineElement') return;
      const [tagArg, classArg] = node.arguments;
      if (!tagArg || !ts.isStringLiteralLike(tagArg) || !classArg || !ts.isIdentifier(classArg))
        return;
      const className = classArg.text;
      // Find the module the class is imported from, relative to this define module.
      let module = moduleDoc.path;
      for (const stmt of node.getSourceFile().statements) {
        if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
        const named = stmt.importClause?.namedBindings;
        if (
          named &&
          ts.isNamedImports(named) &&
          named.elements.some((el) => el.name.text === className)
        ) {
          const dir = moduleDoc.path.split('/').slice(0, -1).join('/');
          module = `${dir}/${stmt.moduleSpecifier.text.replace(/^\.\//, '')}`.replace(
            /\.js$/,
            '.ts',
          );
        }
      }
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tagArg.text,
        declaration: { name: className, module },
      });
    },
  };
}

/**
 * Our classes register nothing; `define.ts` beside each does. The analyzer records those calls
 * as `custom-element-definition` exports but only sets `tagName` for same-module defines, so
 * copy the tag onto the class declaration (tools look tags up there).
 */
function tagNamesFromDefines() {
  return {
    name: 'cmdctr-tag-names',
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules ?? [];
      // References use `/x.js` or `x.ts` spellings of the same module.
      const norm = (p) =>
        String(p)
          .replace(/^\.?\//, '')
          .replace(/\.[jt]s$/, '');
      for (const mod of modules) {
        // `customElements.define(tag, constructor)` inside defineElement() itself is not a
        // definition of anything: drop definitions whose class is not declared anywhere.
        mod.exports = (mod.exports ?? []).filter((exp) => {
          if (exp.kind !== 'custom-element-definition' || !exp.declaration) return true;
          const target = modules.find(
            (m) => norm(m.path) === norm(exp.declaration.module ?? mod.path),
          );
          const decl = target?.declarations?.find(
            (d) => d.kind === 'class' && d.name === exp.declaration.name,
          );
          if (!decl) return false;
          if (!decl.tagName) {
            decl.tagName = exp.name;
            decl.customElement = true;
          }
          return true;
        });
      }
    },
  };
}

export default {
  globs: [`${SRC}**/*.ts`],
  exclude: [
    `${SRC}**/*.test.ts`,
    `${SRC}**/*.spec.ts`,
    `${SRC}**/*.stories.ts`,
    // index.ts and all.ts only re-export; listing them would duplicate every declaration.
    `${SRC}index.ts`,
    `${SRC}all.ts`,
  ],
  outdir: 'packages/elements',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [defineElementCalls(), tagNamesFromDefines(), packagePaths()],
};
