import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../packages/elements/src/throughput/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  bucketArgType,
  canvasThresholdArgType,
  chartHeightArgType,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest) plus the range action. */
interface ThroughputArgs extends CommonArgs {
  mode?: 'area' | 'line';
  'group-by'?: 'stage' | 'region' | 'workflow';
  compare?: boolean;
  'canvas-threshold'?: number;
  'chart-height'?: number;
  onCmdctrRangeChange?: (event: Event) => void;
}

const OPERATION = 'getThroughput';
const KEY = 'throughput';

const meta = {
  title: 'Elements/Throughput',
  component: 'cmdctr-throughput',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-throughput ${argAttributes(args)}></cmdctr-throughput>`,
  // The manifest names these types by alias (`ThroughputMode`), which Storybook cannot turn
  // into a select; the options are the unions the JSDoc documents.
  argTypes: {
    mode: { control: 'inline-radio', options: ['area', 'line'] },
    'group-by': { control: 'inline-radio', options: ['stage', 'region', 'workflow'] },
    bucket: bucketArgType,
    ...commonArgTypes,
    'canvas-threshold': canvasThresholdArgType,
    'chart-height': chartHeightArgType,
  },
  args: { mode: 'area', 'group-by': 'workflow', tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `Completed items per time bucket, split by stage, region or workflow, as
stacked areas or lines, against the throughput SLO target, with the open backlog on a second
axis and, with \`compare\`, the previous period as a dashed line. The legend switches series on
and off; hovering shows every series at that time; dragging across the plot (or \`+\`, \`−\`,
the arrow keys and Escape on the focused plot) zooms the time axis and emits
\`cmdctr-range-change\`. The **Table** button shows the same data as an accessible table and
**Export** downloads it as CSV, or the chart as SVG or PNG with the theme's colours.
Data: \`GET /v1/metrics/throughput\` (\`getThroughput\`).`,
      },
    },
  },
} satisfies Meta<ThroughputArgs>;

export default meta;
type Story = StoryObj<ThroughputArgs>;

/** Seven days of completed items per day for both workflows, stacked, from the contract fixture. */
export const Default: Story = {};

/** One line per series (`mode="line"`), each with its own dash pattern so it reads without colour. */
export const Lines: Story = {
  args: { mode: 'line' },
};

/**
 * `compare` asks the server for the previous period of the same length; its total is drawn as
 * a dashed line and listed in the tooltip and the table.
 */
export const ComparePrevious: Story = {
  name: 'Compare with previous period',
  args: { compare: true, mode: 'line' },
};

/**
 * Hourly buckets over two days for one workflow, by region (the contract's `hourly` fixture):
 * hour labels in the element's time zone, with the day marked where it changes.
 */
export const Hourly: Story = {
  args: { bucket: 'hour', 'group-by': 'region', workflow: 'p2p_invoice_matching' },
  parameters: {
    msw: {
      handlers: { [KEY]: generatedHandlers(OPERATION, () => fixture(OPERATION, 'hourly')) },
    },
  },
};

const states = stateStories(KEY, OPERATION);
const shared = sharedStories(KEY, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** Nothing in the selected range: the element says so in words, not with an empty chart. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const Dark: Story = { globals: shared.dark.globals };

/**
 * 320 CSS pixels wide (a phone, or a narrow portal column): fewer axis labels, the legend and
 * buttons wrap, and the page itself never gets a horizontal scrollbar.
 */
export const Narrow: Story = { ...shared.narrow, name: 'Narrow (320 px)' };
