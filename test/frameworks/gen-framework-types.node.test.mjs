// scripts/gen-framework-types.mjs reads the right things out of the manifest: what a page may
// set, what it must not (Lit's internal state, read-only getters), and the event names each
// framework spells its listeners with. The typings themselves are compiled against the
// examples by frameworks.node.test.mjs; this catches a manifest-reading slip with a clear name.
//   node --test test/frameworks/gen-framework-types.node.test.mjs   (needs custom-elements.json)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  angularTypes,
  reactTypes,
  readElements,
  vueTypes,
} from '../../scripts/gen-framework-types.mjs';
import { ROOT } from '../hosts/server.mjs';

const TAGS = [
  'cmdctr-approval',
  'cmdctr-approvals',
  'cmdctr-automation',
  'cmdctr-command-center',
  'cmdctr-config',
  'cmdctr-heatmap',
  'cmdctr-kpi',
  'cmdctr-ledger',
  'cmdctr-mttr',
  'cmdctr-ownership',
  'cmdctr-pareto',
  'cmdctr-stale-exceptions',
  'cmdctr-throughput',
];

const manifest = JSON.parse(
  readFileSync(join(ROOT, 'packages/elements/custom-elements.json'), 'utf8'),
);
const elements = readElements(manifest);
const byTag = new Map(elements.map((e) => [e.tag, e]));
const names = (/** @type {string} */ tag) => byTag.get(tag)?.props.map((p) => p.name) ?? [];

describe('gen-framework-types: reading the manifest', () => {
  it('finds every tag, each with its class and define module', () => {
    assert.deepEqual(
      elements.map((e) => e.tag),
      TAGS,
    );
    const heatmap = byTag.get('cmdctr-heatmap');
    assert.equal(heatmap?.className, 'CmdctrHeatmap');
    assert.equal(heatmap?.module, 'dist/heatmap/cmdctr-heatmap.js');
    assert.equal(heatmap?.define, 'dist/heatmap/define.js');
  });

  it('lists attributes by property and dashed name, and JS-only properties', () => {
    const heatmap = names('cmdctr-heatmap');
    for (const n of ['measure', 'workflow', 'canvasThreshold', 'canvas-threshold'])
      assert.ok(heatmap.includes(n), `cmdctr-heatmap lacks ${n}`);
    const config = names('cmdctr-config');
    for (const n of ['src', 'headers', 'tokenProvider'])
      assert.ok(config.includes(n), `cmdctr-config lacks ${n}`);
    assert.ok(names('cmdctr-approval').includes('approval-id'));
  });

  it('leaves out internal state, read-only getters and context wiring', () => {
    for (const e of elements)
      for (const n of ['tableOpen', 'announcement', 'zoom', 'off', 'config', 'client', 'fmt'])
        assert.ok(!names(e.tag).includes(n), `<${e.tag}> exposes internal ${n}`);
    assert.ok(!names('cmdctr-heatmap').includes('inheritedConfig'));
    assert.ok(!names('cmdctr-config').includes('provided'));
  });

  it('spells listeners the way each framework wires them', () => {
    assert.ok(byTag.get('cmdctr-heatmap')?.events.some((e) => e.name === 'cmdctr-drill'));
    assert.ok(byTag.get('cmdctr-approvals')?.events.some((e) => e.name === 'cmdctr-decision'));
    // Checked as substrings with short messages: a failing match would print the whole file.
    const has = (/** @type {string} */ text, /** @type {string} */ part, yes = true) =>
      assert.equal(text.includes(part), yes, `${yes ? 'missing' : 'unexpected'}: ${part}`);
    const react = reactTypes(elements);
    // React 19 listens for the exact name after `on`.
    has(react, `"oncmdctr-drill"?: (event: CmdctrCustomEvent<"cmdctr-drill">) => void;`);
    has(react, 'onCmdctrDrill?:', false);
    has(react, `"cmdctr-heatmap": CmdctrHeatmapProps;`);
    const vue = vueTypes(elements);
    // Vue's compiler turns `@cmdctr-drill` into the `onCmdctrDrill` prop.
    has(vue, `onCmdctrDrill?: (event: CmdctrCustomEvent<"cmdctr-drill">) => void;`);
    has(vue, `"cmdctr-heatmap": DefineComponent<CmdctrHeatmapProps>;`);
    const angular = angularTypes(elements);
    has(
      angular,
      `"cmdctr-approvals": "cmdctr-decision" | "cmdctr-error" | "cmdctr-auth-required";`,
    );
  });
});
