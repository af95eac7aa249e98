import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { OwnershipResponse } from '@cmdctr/contract';
import '../packages/elements/src/ownership/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  type CommonArgs,
  commonArgTypes,
  fixtureStory,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest) plus the drill action. */
interface OwnershipArgs extends Omit<CommonArgs, 'bucket'> {
  target?: number;
  onCmdctrDrill?: (event: Event) => void;
}

const OPERATION = 'getOwnership';
const HANDLERS = 'ownership';

const meta = {
  title: 'Elements/Ownership',
  component: 'cmdctr-ownership',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-ownership ${argAttributes(args)}></cmdctr-ownership>`,
  argTypes: {
    ...commonArgTypes,
    target: { control: { type: 'number', min: 0, max: 1, step: 0.01 } },
  },
  args: { tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `Ownership coverage: the share of exception volume that has a named owner,
overall and per workflow and exception type, against the coverage target (95 % unless
\`target\` says otherwise; the server judges and echoes it). Rows are listed worst first with
their figures in text and a bar with a target marker; exception types whose policy names no
owner carry a **No policy owner** badge. Activating a row (click, Enter or Space; arrow keys,
Home and End move between rows) emits a cancelable \`cmdctr-drill\` asking the host to list that
row's unowned open exceptions (\`owner: ''\`, \`status: 'open'\`). Data:
\`GET /v1/metrics/ownership\` (\`getOwnership\`).`,
      },
    },
  },
} satisfies Meta<OwnershipArgs>;

export default meta;
type Story = StoryObj<OwnershipArgs>;

/** Seven days of both workflows from the contract fixture: below the 95 % target. */
export const Default: Story = {};

/**
 * A 90 % target (`target="0.9"`). The mock echoes the requested target as the server does, so
 * the overall figure and most rows read as on target.
 */
export const CustomTarget: Story = {
  name: 'Custom target (90 %)',
  args: { target: 0.9 },
  parameters: fixtureStory<OwnershipResponse>(HANDLERS, OPERATION, (body, request) => {
    const target = Number(new URL(request.url).searchParams.get('target') ?? body.target);
    body.target = target;
    body.meta.filters.target = target;
  }),
};

/** Every exception has an owner and none is stale: the gap reads as such, not as "0 exceptions". */
export const FullyOwned: Story = {
  name: 'Fully owned',
  parameters: fixtureStory<OwnershipResponse>(HANDLERS, OPERATION, (body) => {
    for (const row of [body.overall, ...body.byWorkflow, ...body.byType]) {
      row.owned = row.total;
      row.coverage = 1;
    }
    for (const row of body.byType) row.owner ??= 'Exceptions desk';
    body.staleCount = 0;
    body.oldestStaleAgeMinutes = null;
  }),
};

const states = stateStories(HANDLERS, OPERATION);
const shared = sharedStories(HANDLERS, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** No exception was raised in the range: the element says so in words. */
export const Empty: Story = {
  parameters: {
    msw: {
      handlers: {
        [HANDLERS]: generatedHandlers(OPERATION, () => ({
          ...fixture<OwnershipResponse>(OPERATION),
          overall: { owned: 0, total: 0, coverage: null },
          byWorkflow: [],
          byType: [],
          staleCount: 0,
          oldestStaleAgeMinutes: null,
        })),
      },
    },
  },
};

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * last good data on screen and marks it stale, with the time of the data and a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = shared.dark;

/** 320 CSS pixels wide: names truncate, figures wrap under them, nothing scrolls sideways. */
export const Narrow: Story = shared.narrow;
