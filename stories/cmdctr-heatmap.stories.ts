import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ExceptionMatrixResponse } from '@cmdctr/contract';
import '../packages/elements/src/heatmap/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  bucketArgType,
  canvasThresholdArgType,
  type CommonArgs,
  commonArgTypes,
  fixtureStory,
  sharedStories,
} from './support/element-story.js';
import { largeExceptionMatrix } from './support/large-matrix.js';
import { matrixBySeverity } from './support/matrix-by-severity.js';

/** Story args: the element's attributes (names as in the manifest) plus the drill action. */
interface HeatmapArgs extends CommonArgs {
  measure?: 'count' | 'rate';
  rows?: 'type' | 'severity' | 'stage' | 'region' | 'workflow';
  sort?: 'total' | 'latest' | 'name';
  'canvas-threshold'?: number;
  onCmdctrDrill?: (event: Event) => void;
}

const OPERATION = 'getExceptionMatrix';
const KEY = 'exceptions';

const meta = {
  title: 'Elements/Heatmap',
  component: 'cmdctr-heatmap',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-heatmap ${argAttributes(args)}></cmdctr-heatmap>`,
  // The manifest names these types by alias (`HeatmapMeasure`), which Storybook cannot turn
  // into a select; the options are the unions the JSDoc documents.
  argTypes: {
    measure: { control: 'inline-radio', options: ['count', 'rate'] },
    rows: { control: 'select', options: ['type', 'severity', 'stage', 'region', 'workflow'] },
    sort: { control: 'inline-radio', options: ['total', 'latest', 'name'] },
    bucket: bucketArgType,
    ...commonArgTypes,
    'canvas-threshold': canvasThresholdArgType,
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
  parameters: fixtureStory<ExceptionMatrixResponse>(KEY, OPERATION, matrixBySeverity),
};

/**
 * Colour encodes the exception rate (exceptions ÷ items that entered the workflow). Buckets in
 * which no items entered show as "no data", never as a zero rate.
 */
export const RateMeasure: Story = {
  name: 'Rate measure',
  args: { measure: 'rate' },
};

const states = stateStories(KEY, OPERATION);
const shared = sharedStories(KEY, OPERATION);

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
export const Stale: Story = shared.stale;

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
        [KEY]: generatedHandlers(OPERATION, () => {
          large ??= largeExceptionMatrix(fixture<ExceptionMatrixResponse>(OPERATION), 50, 720);
          return large;
        }),
      },
    },
  },
};

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = { ...shared.dark, name: 'Dark theme' };

/**
 * 320 CSS pixels wide (a phone, or a narrow portal column): labels truncate, the plot scrolls
 * sideways inside the element, and the page itself never gets a horizontal scrollbar.
 */
export const Narrow: Story = shared.narrow;
