// Compiled by `tsc -p examples/react` only (nothing imports it): the generated JSX types must
// reject what the elements would not accept. Each @ts-expect-error fails the typecheck if the
// line below it stops being an error.
import type {} from '@cmdctr/elements/types/react';
import { useRef } from 'react';
import type { CmdctrHeatmap } from '@cmdctr/elements/cmdctr-heatmap.js';

export function TypeChecks() {
  const ref = useRef<CmdctrHeatmap>(null);
  return (
    <>
      {/* A ref is the element class, with its typed properties. */}
      <cmdctr-heatmap ref={ref} className="chart" class="chart" canvasThreshold={500} />
      {/* @ts-expect-error `measure` is 'count' | 'rate', not a number */}
      <cmdctr-heatmap measure={42} />
      {/* @ts-expect-error `headers` is a record of strings (or a function returning one) */}
      <cmdctr-config headers={{ 'X-Count': 1 }} />
      {/* @ts-expect-error the drill detail has no `bogus` field */}
      <cmdctr-heatmap oncmdctr-drill={(e) => e.detail.bogus} />
    </>
  );
}
