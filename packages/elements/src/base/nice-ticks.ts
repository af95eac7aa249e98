// d3-array's `ticks` (same algorithm, same output), on its own: d3-array ships as one module whose
// top-level code (bisectors, blur, shuffle) no bundler can drop, so importing `ticks` from it
// costs ~3 kB minified. Elements that already pull d3-array through d3-scale may keep using it.
const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** About `count` round values spanning [start, stop], as d3's `ticks(start, stop, count)`. */
export function niceTicks(start: number, stop: number, count: number): number[] {
  if (!(count > 0)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? tickSpec(stop, start, count) : tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const ticks: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = reverse ? i2 - i : i1 + i;
    // A negative increment means 1/inc is the exact integer: dividing avoids 0.30000000000000004.
    ticks.push(inc < 0 ? k / -inc : k * inc);
  }
  return ticks;
}
