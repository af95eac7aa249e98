// Compiled by `tsc -p examples/angular` only (nothing imports it). Angular checks custom-element
// templates against CUSTOM_ELEMENTS_SCHEMA, not TypeScript, so the typed surface is the code:
// element refs (HTMLElementTagNameMap) and event details. Each @ts-expect-error fails the
// typecheck if the line below it stops being an error.
import type { CmdctrCustomEvent, CmdctrTagName } from '@cmdctr/elements/types/angular';

export function typeChecks(heatmap: HTMLElementTagNameMap['cmdctr-heatmap'], tag: CmdctrTagName) {
  heatmap.measure = 'rate';
  // @ts-expect-error `measure` is 'count' | 'rate', not a number
  heatmap.measure = 42;
  const config = document.createElement('cmdctr-config');
  // @ts-expect-error `headers` is a record of strings (or a function returning one)
  config.headers = { 'X-Count': 1 };
  heatmap.addEventListener('cmdctr-drill', (e) => e.detail.rowKey);
  const listener = (e: CmdctrCustomEvent<'cmdctr-drill'>) =>
    // @ts-expect-error the drill detail has no `bogus` field
    e.detail.bogus;
  // @ts-expect-error not a cmdctr tag
  const wrong: CmdctrTagName = 'cmdctr-nope';
  return [tag, listener, wrong];
}
