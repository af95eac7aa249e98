import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ExceptionMatrixResponse } from '@cmdctr/contract';
import '../packages/elements/src/heatmap/define.js';
import { fixture, generatedHandlers, staleHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import { largeExceptionMatrix } from './support/large-matrix.js';
import { matrixBySeverity } from './support/matrix-by-severity.js';

/** Story args: the element's attributes (names as in the manifest) plus the drill action. */
interface HeatmapArgs {
  measure?: 'count' | 'rate';
  rows?: 'type' | 'severity' | 'stage' | 'region' | 'workflow';
  sort?: 'total' | 'latest' | 'name';
  label?: string;
  workflow?: string;
  region?: string;
  from?: string;
  to?: string;
  range?: string;
  bucket?: 'hour' | 'day' | 'week';
  tz?: string;
  src?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  refresh?: number;
  live?: boolean;
  'canvas-threshold'?: number;
  onCmdctrDrill?: (event: Event) => void;
}

const OPERATION = 'getExceptionMatrix';

const meta = {
  title: 'Elements/Heatmap',
  component: 'cmdctr-heatmap',
  tags: ['autodocs'],
  render: (args) => html`
    <cmdctr-heatmap
      measure=${ifDefined(args.measure)}
      rows=${ifDefined(args.rows)}
      sort=${ifDefined(args.sort)}
      label=${ifDefined(args.label)}
      workflow=${ifDefined(args.workflow || undefined)}
      region=${ifDefined(args.region || undefined)}
      from=${ifDefined(args.from || undefined)}
      to=${ifDefined(args.to || undefined)}
      range=${ifDefined(args.range || undefined)}
      bucket=${ifDefined(args.bucket)}
      tz=${ifDefined(args.tz || undefined)}
      src=${ifDefined(args.src)}
      locale=${ifDefined(args.locale || undefined)}
      theme=${ifDefined(args.theme)}
      refresh=${ifDefined(args.refresh)}
      canvas-threshold=${ifDefined(args['canvas-threshold'])}
      ?live=${args.live}
      @cmdctr-drill=${args.onCmdctrDrill}
    ></cmdctr-heatmap>
  `,
  // The manifest names these types by alias (`HeatmapMeasure`), which Storybook cannot turn
  // into a select; the options are the unions the JSDoc documents.
  argTypes: {
    measure: { control: 'inline-radio', options: ['count', 'rate'] },
    rows: { control: 'select', options: ['type', 'severity', 'stage', 'region', 'workflow'] },
    sort: { control: 'inline-radio', options: ['total', 'latest', 'name'] },
    bucket: { control: 'inline-radio', options: ['hour', 'day', 'week'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    refresh: { control: { type: 'number', min: 0, step: 5 } },
    'canvas-threshold': { control: { type: 'number', min: 0, step: 500 } },
  },
  args: { measure: 'count', rows: 'type', sort: 'total', tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `Exceptions over time as a heatmap: one row per exception type (or severity,
stage, region, workflow), one column per time bucket. Colour shows the count or the rate;
cells past the policy's warn or critical rate threshold carry a hatch (and an outline when
critical), so the state reads without colour. Arrow keys move between cells, Enter or Space
drills down (\`cmdctr-drill\`, cancelable), and the **Table** button shows the same data as an
accessible table. Data: \`GET /v1/metrics/exceptions\` (\`getExceptionMatrix\`).`,
      },
    },
  },
} satisfies Meta<HeatmapArgs>;

export default meta;
type Story = StoryObj<HeatmapArgs>;

/** Seven days of hourly exception counts for both workflows, from the contract fixture. */
export const Default: Story = {};

/**
 * Rows by severity (`rows="severity"`): which severities drive the volume. The mock derives
 * the by-severity answer from the by-type fixture, as the server aggregates it.
 */
export const BySeverity: Story = {
  name: 'By severity',
  args: { rows: 'severity' },
  parameters: {
    msw: {
      handlers: {
        exceptions: generatedHandlers(OPERATION, () =>
          matrixBySeverity(fixture<ExceptionMatrixResponse>(OPERATION)),
        ),
      },
    },
  },
};

/**
 * Colour encodes the exception rate (exceptions ÷ items that entered the workflow). Buckets in
 * which no items entered show as "no data", never as a zero rate.
 */
export const RateMeasure: Story = {
  name: 'Rate measure',
  args: { measure: 'rate' },
};

const states = stateStories('exceptions', OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** Nothing in the selected range: the element says so in words, not with an empty chart. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * last good data on screen and marks it stale, with the time of the data and a retry button.
 */
export const Stale: Story = {
  args: { refresh: 5 },
  parameters: { msw: { handlers: { exceptions: staleHandlers(OPERATION) } } },
};

let large: ExceptionMatrixResponse | undefined;

/**
 * 50 rows × 720 hourly buckets (30 days, 36 000 cells), generated from the fixture's patterns.
 * Above `canvas-threshold` cells the element paints a canvas with one focusable grid surface
 * instead of thousands of DOM nodes.
 */
export const Large: Story = {
  name: 'Large (50 × 720)',
  args: { range: 'P30D' },
  parameters: {
    msw: {
      handlers: {
        exceptions: generatedHandlers(OPERATION, () => {
          large ??= largeExceptionMatrix(fixture<ExceptionMatrixResponse>(OPERATION), 50, 720);
          return large;
        }),
      },
    },
  },
};

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = {
  name: 'Dark theme',
  globals: { theme: 'dark' },
};

/**
 * 320 CSS pixels wide (a phone, or a narrow portal column): labels truncate, the plot scrolls
 * sideways inside the element, and the page itself never gets a horizontal scrollbar.
 */
export const Narrow: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  decorators: [
    (story) => html`
      <style>
        .cmdctr-story-narrow {
          inline-size: 320px;
        }
      </style>
      <div class="cmdctr-story-narrow">${story()}</div>
    `,
  ],
};
