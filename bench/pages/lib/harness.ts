/**
 * The in-page half of the benchmark: each page registers named cases, and the runner (Node)
 * drives them one at a time through `window.__bench`. A case's `run` starts the work and
 * returns a promise that settles when the library says it has drawn (for synchronous drawing,
 * an already-settled promise); the harness then waits two animation frames, after which the
 * result is on screen. Main-thread busy time is read by the runner around `run` through CDP.
 */
export interface BenchCase {
  /** Untimed: containers, data, and for update cases the first render. */
  prepare?(): void | Promise<void>;
  /** Timed: the render or update. Settles when drawing is complete. */
  run(): void | Promise<void>;
  /** Untimed: dispose and remove, so the next run starts from the same state. */
  cleanup?(): void | Promise<void>;
  /** Optional facts to check after the runs (e.g. that the append path was taken). */
  facts?(): Record<string, unknown>;
}

export interface RunTimes {
  /** Duration of the synchronous part of `run` (until it returned). */
  sync: number;
  /** Until the case reported its drawing complete (ECharts `finished`, an element's update). */
  done: number;
  /** Until two animation frames later: the frame with the result has been produced. */
  painted: number;
}

declare global {
  interface Window {
    __bench: {
      cases: string[];
      prepare(name: string): Promise<void>;
      run(name: string): Promise<RunTimes>;
      cleanup(name: string): Promise<void>;
      facts(name: string): Record<string, unknown>;
    };
    gc?: () => void;
  }
}

export const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** Two frames: the first callback runs before the frame that contains our drawing is produced. */
export const painted = async () => {
  await frame();
  await frame();
};

/** A fixed-size box in the document that a case draws into. */
export function box(width: number, height: number): HTMLDivElement {
  const div = document.createElement('div');
  div.style.width = `${width}px`;
  div.style.height = `${height}px`;
  div.style.position = 'relative';
  document.body.append(div);
  return div;
}

export function register(own: Record<string, BenchCase>): void {
  // An empty case: what the measuring itself costs (one evaluate, two frames, the CDP reads).
  const cases: Record<string, BenchCase> = { 'calibration/noop': { run() {} }, ...own };
  const get = (name: string) => {
    const found = cases[name];
    if (!found) throw new Error(`No case ${name} on this page`);
    return found;
  };
  window.__bench = {
    cases: Object.keys(cases),
    async prepare(name) {
      await get(name).prepare?.();
      // Garbage from earlier runs is collected now, not inside the timed window.
      window.gc?.();
      await painted();
    },
    async run(name) {
      const c = get(name);
      const t0 = performance.now();
      const pending = c.run();
      const sync = performance.now() - t0;
      await pending;
      const done = performance.now() - t0;
      await painted();
      return { sync, done, painted: performance.now() - t0 };
    },
    async cleanup(name) {
      await get(name).cleanup?.();
      document.body.replaceChildren();
      window.gc?.();
    },
    facts: (name) => get(name).facts?.() ?? {},
  };
}
