import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../packages/elements/src/approvals/define.js';
import { streamHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest) plus the decision action. */
interface ApprovalsArgs extends Omit<CommonArgs, 'region' | 'bucket'> {
  status?: string;
  onCmdctrDecision?: (event: Event) => void;
}

const OPERATION = 'listApprovals';

const meta = {
  title: 'Elements/Approvals inbox',
  component: 'cmdctr-approvals',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-approvals ${argAttributes(args)}></cmdctr-approvals>`,
  argTypes: {
    ...commonArgTypes,
  },
  args: { tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `The approvals inbox: pending approvals, overdue first and soonest due first
(the server's order), with type, workflow, confidence and an SLA countdown on the server's
clock. Arrow keys move in the list; choosing an approval opens \`<cmdctr-approval>\` beside it,
or in a modal dialog when the inbox is narrower than 640 px. A decision made there removes the item. With \`live\`, new
approvals arrive from the stream and decided ones leave. Data: \`GET /v1/approvals\`
(\`listApprovals\`).`,
      },
    },
  },
} satisfies Meta<ApprovalsArgs>;

export default meta;
type Story = StoryObj<ApprovalsArgs>;

/** Pending and overdue approvals of both workflows, from the contract fixture. */
export const Default: Story = {};

/**
 * `live`: the stream replays fixtures/stream.json every 3 s; `approval-decided` removes
 * APR-7301 and `approval-created` refetches the list.
 */
export const Live: Story = {
  args: { live: true },
  parameters: { msw: { handlers: { stream: streamHandlers(3_000) } } },
};

const states = stateStories('approvals', OPERATION);
const shared = sharedStories('approvals', OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** Nothing waits for a decision: the inbox says so in words. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/** The dark theme, through the toolbar's theme global. */
export const DarkTheme: Story = shared.dark;

/** 320 CSS pixels wide: choosing an approval opens the card in a modal dialog. */
export const Narrow: Story = shared.narrow;
