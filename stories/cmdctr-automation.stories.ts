import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { components } from '@cmdctr/contract';
import '../packages/elements/src/automation/define.js';
import { fixture, generatedHandlers, staleHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';

type AutomationResponse = components['schemas']['AutomationResponse'];

/** Story args: the element's attributes (names as in the manifest). */
interface AutomationArgs {
  label?: string;
  'attention-share'?: number;
  'chart-height'?: number;
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
}

const OPERATION = 'getAutomation';

const meta = {
  title: 'Elements/Automation',
  component: 'cmdctr-automation',
  tags: ['autodocs'],
  render: (args) => html`
    <cmdctr-automation
      label=${ifDefined(args.label || undefined)}
      attention-share=${ifDefined(args['attention-share'])}
      chart-height=${ifDefined(args['chart-height'])}
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
      ?live=${args.live}
    ></cmdctr-automation>
  `,
  argTypes: {
    'attention-share': { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    'chart-height': { control: { type: 'number', min: 120, step: 20 } },
    bucket: { control: 'inline-radio', options: ['hour', 'day', 'week'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    refresh: { control: { type: 'number', min: 0, step: 5 } },
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
  parameters: {
    msw: {
      handlers: {
        automation: generatedHandlers(OPERATION, () => {
          const data = structuredClone(fixture<AutomationResponse>(OPERATION));
          const [a, b] = data.calibration;
          const types: AutomationResponse['calibration'] = [
            'PRICE_VARIANCE',
            'DUPLICATE_INVOICE',
            'QTY_MISMATCH',
            'TAX_CODE',
          ].map((type, i) => ({ ...(i % 2 ? b! : a!), type, threshold: 0.8 + i / 50 }));
          data.calibration = [...types, a!, { ...b!, threshold: null }];
          return data;
        }),
      },
    },
  },
};

const states = stateStories('automation', OPERATION);

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
export const Stale: Story = {
  args: { refresh: 5 },
  parameters: { msw: { handlers: { automation: staleHandlers(OPERATION) } } },
};

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = {
  name: 'Dark theme',
  globals: { theme: 'dark' },
};

/** 320 CSS pixels wide: the parts stack, tables scroll inside their own region. */
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
