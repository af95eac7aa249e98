import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { MttrResponse } from '@cmdctr/contract';
import '../packages/elements/src/mttr/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  bucketArgType,
  chartHeightArgType,
  type CommonArgs,
  commonArgTypes,
  fixtureStory,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest). */
interface MttrArgs extends CommonArgs {
  type?: string;
  'chart-height'?: number;
}

const OPERATION = 'getMttr';
const KEY = 'mttr';

const meta = {
  title: 'Elements/MTTR',
  component: 'cmdctr-mttr',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-mttr ${argAttributes(args)}></cmdctr-mttr>`,
  argTypes: {
    ...commonArgTypes,
    bucket: bucketArgType,
    'chart-height': chartHeightArgType,
  },
  args: { tz: 'Europe/Berlin', workflow: 'p2p_invoice_matching' },
  parameters: {
    docs: {
      description: {
        component: `Mean time to resolve exceptions per bucket: the mean as a line over the
p50–p90 band, the MTTR SLO as a dashed line, and a point per bucket — a filled circle where the
mean meets the target, a hollow diamond where it misses. Buckets without resolved exceptions are
gaps, not zeros. The headline states the server's change against the preceding window of the
same length. Hover, or focus the plot and use the arrow keys, to read a bucket's mean, median,
90th percentile, count and target state; **Table** shows the same data and **Export** downloads
CSV, SVG or PNG. Data: \`GET /v1/metrics/mttr\` (\`getMttr\`).`,
      },
    },
  },
} satisfies Meta<MttrArgs>;

export default meta;
type Story = StoryObj<MttrArgs>;

/** Fourteen days of daily MTTR for invoice matching, all under the 8 h target, down 20 %. */
export const Default: Story = {};

/**
 * Hourly buckets over a day for order-fulfilment holds (the contract's `sparse` fixture): hours
 * without resolved exceptions break the line and band, and the hours over the 6 h target show
 * as hollow diamonds.
 */
export const SparseHourly: Story = {
  name: 'Sparse hourly, with misses',
  args: { bucket: 'hour', workflow: 'order_fulfillment_hold' },
  parameters: {
    msw: {
      handlers: { [KEY]: generatedHandlers(OPERATION, () => fixture(OPERATION, 'sparse')) },
    },
  },
};

/** `type` restricts the figures to some exception types (sent as the contract's `type` query). */
export const ByExceptionType: Story = {
  name: 'By exception type',
  args: { type: 'MISSING_PO,DATA_MISMATCH', label: 'MTTR – missing PO and data mismatch' },
};

const states = stateStories(KEY, OPERATION);
const shared = sharedStories(KEY, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/**
 * No exception was resolved in the range: the element says so in words, not with an empty
 * chart. (The contract has no empty MTTR fixture; this one zeroes the default's buckets.)
 */
export const Empty: Story = {
  parameters: fixtureStory<MttrResponse>(KEY, OPERATION, (body) => {
    body.count = body.count.map(() => 0);
    body.mean = body.p50 = body.p90 = body.count.map(() => null);
    body.change = { previousMean: body.change.previousMean, ratio: null };
  }),
};

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * last good chart on screen and marks it stale, with the time of the data and a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const Dark: Story = shared.dark;

/**
 * 320 CSS pixels wide (a phone, or a narrow portal column): fewer axis labels, the headline,
 * key and buttons wrap, and the page itself never gets a horizontal scrollbar.
 */
export const Narrow: Story = { ...shared.narrow, name: 'Narrow (320 px)' };
