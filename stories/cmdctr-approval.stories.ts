import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ApprovalListResponse, ApprovalResponse } from '@cmdctr/contract';
import '../packages/elements/src/approval/define.js';
import {
  errorHandlers,
  fixture,
  generatedHandlers,
  slowHandlers,
} from '../.storybook/fixture-handlers.js';
import {
  argAttributes,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest) plus the decision action. */
interface ApprovalArgs extends Pick<
  CommonArgs,
  'label' | 'src' | 'locale' | 'tz' | 'theme' | 'refresh' | 'live'
> {
  'approval-id'?: string;
  onCmdctrDecision?: (event: Event) => void;
}

const GET = 'getApproval';
const POST = 'decideApproval';

/** One approval of the list fixture, answered as `GET /v1/approvals/{id}` would. */
const fromList = (id: string) => () => {
  const list = fixture<ApprovalListResponse>('listApprovals');
  const approval = list.items.find((a) => a.id === id)!;
  return { ...fixture<ApprovalResponse>(GET), approval };
};

const meta = {
  title: 'Elements/Approval',
  component: 'cmdctr-approval',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-approval ${argAttributes(args)}></cmdctr-approval>`,
  argTypes: {
    ...commonArgTypes,
  },
  args: { 'approval-id': 'APR-7301', tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `One human-in-the-loop approval of an AI auto-resolve proposal: the exception,
the proposed action, model confidence against the threshold it had to clear, the redacted
evidence and an SLA countdown on the server's clock. **Approve** and **Reject** (a reason is
required) send \`POST /v1/approvals/{id}/decision\` with an \`Idempotency-Key\` and \`If-Match\`;
the card shows only what the server confirmed, with the ledger receipt, and emits
\`cmdctr-decision\`. Data: \`GET /v1/approvals/{id}\` (\`getApproval\`).`,
      },
    },
  },
} satisfies Meta<ApprovalArgs>;

export default meta;
type Story = StoryObj<ApprovalArgs>;

/** A pending approval the user may decide. Approving shows the recorded decision's receipt. */
export const Default: Story = {};

/** The user lacks the approver role: no buttons, and the server's reason is shown. */
export const NotAllowed: Story = {
  name: 'Not allowed',
  args: { 'approval-id': 'APR-7305' },
  parameters: {
    msw: { handlers: { approval: generatedHandlers(GET, fromList('APR-7305')) } },
  },
};

/** Already decided: the outcome, who, when, why, and the ledger entry's sequence and hash. */
export const Decided: Story = {
  parameters: {
    msw: { handlers: { approval: generatedHandlers(GET, () => fixture(POST)) } },
  },
};

/** Someone else decided first: the decision answers 409 and the card says so. */
export const AlreadyDecided: Story = {
  name: 'Answer: already decided (409)',
  parameters: {
    msw: {
      handlers: {
        decision: errorHandlers(POST, 409, {
          title: 'Already decided',
          detail: 'APR-7301 is approved; it can no longer be decided.',
        }),
      },
    },
  },
};

/** The server refuses the decision for the user's role (403). */
export const Forbidden: Story = {
  name: 'Answer: not allowed (403)',
  parameters: {
    msw: {
      handlers: {
        decision: errorHandlers(POST, 403, {
          title: 'Not allowed for your roles',
          detail: 'You proposed this action yourself (separation of duties).',
        }),
      },
    },
  },
};

/** The response takes 6 s: the skeleton holds the card's place. */
export const Loading: Story = {
  parameters: { msw: { handlers: { approval: slowHandlers(GET, 6_000) } } },
};

/** The approval does not exist (404): the problem's title and a retry button. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: {
    msw: {
      handlers: {
        approval: errorHandlers(GET, 404, {
          title: 'Approval not found',
          detail: 'No approval APR-7301.',
        }),
      },
    },
  },
};

const shared = sharedStories('approval', GET);

/** The dark theme, through the toolbar's theme global. */
export const DarkTheme: Story = shared.dark;

/** 320 CSS pixels wide: facts and evidence wrap, long values never widen the page. */
export const Narrow: Story = shared.narrow;
