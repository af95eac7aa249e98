import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { components } from '@cmdctr/contract';
import '../packages/elements/src/automation/define.js';
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

type AutomationResponse = components['schemas']['AutomationResponse'];

/** Story args: the element's attributes (names as in the manifest). */
interface AutomationArgs extends CommonArgs {
  'attention-share'?: number;
  'chart-height'?: number;
}

const OPERATION = 'getAutomation';
const KEY = 'automation';

const meta = {
  title: 'Elements/Automation',
  component: 'cmdctr-automation',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-automation ${argAttributes(args)}></cmdctr-automation>`,
  argTypes: {
    'attention-share': { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    'chart-height': chartHeightArgType,
    bucket: bucketArgType,
    ...commonArgTypes,
  },
  args: { tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `Auto-resolve quality in three parts. **Outcomes over time**: per bucket, the
proposals that were auto-applied, approved, rejected or are pending as stacked columns, the
reverted ones hatched, and the server's success rate as a line on the right-hand percent axis
(gaps where nothing was proposed). **Calibration**: per exception type, the share approved in
each confidence band next to the type's threshold; bands nobody decided say "no decisions".
**Approver quality**: per approver role, decisions, median time to decide, the share approved
without opening the evidence and the share decided after the SLA; shares above
\`attention-share\` (a presentational marker, default 20%) are marked "high". Columns and bands
are focusable (arrow keys, Home, End); **Table** shows the data tables; **Export** downloads the
outcomes chart. Data: \`GET /v1/metrics/automation\` (\`getAutomation\`).`,
      },
    },
  },
} satisfies Meta<AutomationArgs>;

export default meta;
type Story = StoryObj<AutomationArgs>;

/** A week of daily outcomes for both workflows, from the contract fixture. */
export const Default: Story = {};

/**
 * `attention-share="0.1"`: the attention marker is presentational, so a stricter team can lower
 * it; every share above 10% is then marked "high".
 */
export const StricterAttention: Story = {
  name: 'Attention share 10%',
  args: { 'attention-share': 0.1 },
};

/**
 * Six exception types: above four, the calibration shows one type at a time with a list to pick
 * it; the last type has auto-resolve switched off (no threshold rule).
 */
export const ManyTypes: Story = {
  name: 'Many exception types',
  parameters: fixtureStory<AutomationResponse>(KEY, OPERATION, (data) => {
    const [a, b] = data.calibration;
    const types: AutomationResponse['calibration'] = [
      'PRICE_VARIANCE',
      'DUPLICATE_INVOICE',
      'QTY_MISMATCH',
      'TAX_CODE',
    ].map((type, i) => ({ ...(i % 2 ? b! : a!), type, threshold: 0.8 + i / 50 }));
    data.calibration = [...types, a!, { ...b!, threshold: null }];
  }),
};

const states = stateStories(KEY, OPERATION);
const shared = sharedStories(KEY, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** Nothing proposed or decided in the range: the element says so in words. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * last good data on screen and marks it stale, with the time of the data and a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = { ...shared.dark, name: 'Dark theme' };

/** 320 CSS pixels wide: the parts stack, tables scroll inside their own region. */
export const Narrow: Story = shared.narrow;
