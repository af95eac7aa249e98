import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { components } from '@cmdctr/contract';
import '../packages/elements/src/pareto/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

type ParetoResponse = components['schemas']['ParetoResponse'];

/** Story args: the element's attributes (names as in the manifest) plus the drill action. */
interface ParetoArgs extends Omit<CommonArgs, 'bucket'> {
  limit?: number;
  'chart-height'?: number;
  onCmdctrDrill?: (event: Event) => void;
}

const OPERATION = 'getPareto';

const meta = {
  title: 'Elements/Pareto',
  component: 'cmdctr-pareto',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-pareto ${argAttributes(args)}></cmdctr-pareto>`,
  argTypes: {
    ...commonArgTypes,
    limit: { control: { type: 'number', min: 0, step: 1 } },
    'chart-height': { control: { type: 'number', min: 160, step: 20 } },
  },
  args: { limit: 10, tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `"Which exceptions matter": exception types ranked by the hours they consume
(count × time to resolve, computed by the server), in the server's order, with the cumulative
share of all hours on the right axis and the cutoff (80 %) line. The "vital few" types that make
up the first 80 % of the hours carry a hatch and a heavy outline, and the legend says so in
words. Tab reaches the bars, arrow keys move between them, hover or focus shows the figures and
Enter or a click drills through (\`cmdctr-drill\`, cancelable; then the type's runbook opens).
Below 480 px the bars turn horizontal. Data: \`GET /v1/metrics/pareto\` (\`getPareto\`).`,
      },
    },
  },
} satisfies Meta<ParetoArgs>;

export default meta;
type Story = StoryObj<ParetoArgs>;

/** A week of exceptions of both workflows, from the contract fixture. */
export const Default: Story = {};

/**
 * `limit="3"` draws the three types that consume the most hours; the note under the chart says
 * how many more there are, and the data table lists every type.
 */
export const TopThree: Story = {
  name: 'Top 3 (limit)',
  args: { limit: 3 },
};

/**
 * Long and hostile type names from the server: cut short with an ellipsis on the chart, whole
 * (and inert) in the tooltip and the table; a `javascript:` runbook stays plain text.
 */
export const HostileLabels: Story = {
  name: 'Long and hostile labels',
  parameters: {
    msw: {
      handlers: {
        pareto: generatedHandlers(OPERATION, () => {
          const body = fixture<ParetoResponse>(OPERATION);
          const [first, second, third] = body.items;
          if (first) first.label = `Vendor master data mismatch ${'(re-keyed) '.repeat(40)}`;
          if (second) second.label = '\u202eOP gnissiM <script>alert(1)</script>';
          if (third) third.runbookUrl = 'javascript:alert(1)';
          return body;
        }),
      },
    },
  },
};

const states = stateStories('pareto', OPERATION);
const shared = sharedStories('pareto', OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** No exceptions in the selected range: the element says so in words, not with an empty chart. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * last good bars on screen and marks them stale, with the time of the data and a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = shared.dark;

/** 320 CSS pixels wide: the bars turn horizontal, labels take a column of their own. */
export const Narrow: Story = shared.narrow;
