/**
 * Sequential colour ramps for charts, without d3-color's parser and named-colour table
 * (d3-interpolate pulls in ~16 kB of it). The browser parses colours for us: a canvas context
 * normalises any CSS colour (names, hsl(), system colours under forced-colors) to #rrggbb or
 * rgba(). The ramp is a uniform B-spline through the stops, like d3's `interpolateRgbBasis`.
 */
export type Rgb = readonly [r: number, g: number, b: number];

let probe: CanvasRenderingContext2D | null | undefined;

/** Parses any CSS colour the browser knows into RGB; unknown text gives black. */
export function parseColor(value: string): Rgb {
  const text = value.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  if (probe === undefined) probe = document.createElement('canvas').getContext('2d');
  if (!probe) return [0, 0, 0];
  probe.fillStyle = '#000';
  probe.fillStyle = text;
  const normalised = String(probe.fillStyle);
  return normalised === text ? [0, 0, 0] : parseColor(normalised);
}

function basis(t1: number, v0: number, v1: number, v2: number, v3: number): number {
  const t2 = t1 * t1;
  const t3 = t2 * t1;
  return (
    ((1 - 3 * t1 + 3 * t2 - t3) * v0 +
      (4 - 6 * t2 + 3 * t3) * v1 +
      (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 +
      t3 * v3) /
    6
  );
}

/** Uniform B-spline through `values` at t in [0, 1] (d3-interpolate's `basis`, clamped). */
function spline(values: readonly number[], t: number): number {
  const n = values.length - 1;
  const i = t <= 0 ? 0 : t >= 1 ? n - 1 : Math.floor(t * n);
  const v1 = values[i]!;
  const v2 = values[i + 1]!;
  const v0 = i > 0 ? values[i - 1]! : 2 * v1 - v2;
  const v3 = i < n - 1 ? values[i + 2]! : 2 * v2 - v1;
  return basis((Math.min(Math.max(t, 0), 1) - i / n) * n, v0, v1, v2, v3);
}

/**
 * A lookup table of `size` RGBA colours along the ramp through `stops` (any CSS colours):
 * drawing 36,000 cells then costs one array read per cell instead of a colour interpolation.
 */
export function colorRamp(stops: readonly string[], size = 256): Uint8ClampedArray {
  const rgb = stops.map(parseColor);
  const table = new Uint8ClampedArray(size * 4);
  if (rgb.length === 0) return table;
  const channels = [0, 1, 2].map((c) => rgb.map((color) => color[c]!));
  for (let i = 0; i < size; i++) {
    const t = size === 1 ? 0 : i / (size - 1);
    for (let c = 0; c < 3; c++) {
      const values = channels[c]!;
      table[i * 4 + c] = values.length === 1 ? values[0]! : Math.round(spline(values, t));
    }
    table[i * 4 + 3] = 255;
  }
  return table;
}

/** The ramp colour at t in [0, 1] as a CSS colour string, for SVG fills and legends. */
export function rampColor(table: Uint8ClampedArray, t: number): string {
  const size = table.length / 4;
  const i = Math.round(Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (size - 1)) * 4;
  return `rgb(${table[i] ?? 0}, ${table[i + 1] ?? 0}, ${table[i + 2] ?? 0})`;
}
