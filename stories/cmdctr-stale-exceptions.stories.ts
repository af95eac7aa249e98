import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ExceptionListResponse } from '@cmdctr/contract';
import '../packages/elements/src/stale-exceptions/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

/** Story args: the element's attributes (names as in the manifest) plus the select action. */
interface StaleExceptionsArgs extends Omit<CommonArgs, 'bucket'> {
  type?: string;
  owner?: string;
  limit?: number;
  selected?: string;
  onCmdctrSelect?: (event: Event) => void;
}

const OPERATION = 'listExceptions';
const HANDLERS = 'exceptionsList';

/** The list fixture with `change` applied, answered for every request of the operation. */
const rewritten = (change: (body: ExceptionListResponse) => void) => ({
  msw: {
    handlers: {
      [HANDLERS]: generatedHandlers(OPERATION, () => {
        const body = fixture<ExceptionListResponse>(OPERATION);
        change(body);
        return body;
      }),
    },
  },
});

const meta = {
  title: 'Elements/Stale exceptions',
  component: 'cmdctr-stale-exceptions',
  tags: ['autodocs'],
  render: (args) =>
    html`<cmdctr-stale-exceptions ${argAttributes(args)}></cmdctr-stale-exceptions>`,
  argTypes: {
    ...commonArgTypes,
    limit: { control: { type: 'number', min: 1, max: 200, step: 5 } },
  },
  args: { tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `The open exceptions past their workflow's stale-exception timer, most urgent
first as the server orders them: live age (on the server's clock), type, severity (word and
shape), owner or "unowned", who the escalation pages, and links to the ticket, ERP document and
runbook (only http/https links become links). **Previous**/**Next** follow the contract's
cursor; the **Age** and **Severity** headers re-order the current page only. Activating an
exception's id emits \`cmdctr-select\` (cancelable) with \`{ id, correlationId, workflow }\`.
Data: \`GET /v1/exceptions?stale=true&status=open\` (\`listExceptions\`).`,
      },
    },
  },
} satisfies Meta<StaleExceptionsArgs>;

export default meta;
type Story = StoryObj<StaleExceptionsArgs>;

/** The first page of stale open exceptions from the contract fixture, 25 a page. */
export const Default: Story = {};

/**
 * Drill-through from the ownership tile: `owner=""` asks the server for exceptions without an
 * owner. Their escalation goes to the workflow's incident commander.
 */
export const Unowned: Story = {
  args: { owner: '' },
  parameters: rewritten((body) => {
    body.items = body.items.filter((item) => item.owner === null);
    body.nextCursor = null;
  }),
};

/** Drill-through from the heatmap: one exception type (`type="MISSING_PO"`). */
export const OneType: Story = {
  name: 'One type',
  args: { type: 'MISSING_PO' },
  parameters: rewritten((body) => {
    body.items = body.items.filter((item) => item.type === 'MISSING_PO');
    body.nextCursor = null;
  }),
};

/** The last page: the server sends no `nextCursor`, so **Next** is unavailable. */
export const LastPage: Story = {
  name: 'Last page',
  parameters: rewritten((body) => {
    body.nextCursor = null;
  }),
};

/** A row already selected (`selected`), as after a `cmdctr-select` that was not cancelled. */
export const Selected: Story = {
  args: { selected: 'EXC-P2P-007182' },
};

/**
 * Hostile data: a 10,000-character owner, a right-to-left override in a type, markup in the
 * escalation target, and `javascript:`/`data:` links. Text stays inert and bounded; only the
 * https runbook is a link.
 */
export const HostileData: Story = {
  name: 'Hostile data',
  parameters: rewritten((body) => {
    const [a, b, c] = body.items;
    if (!a || !b || !c) return;
    a.owner = 'W'.repeat(10_000);
    a.links = {
      ticket: 'javascript:alert(1)',
      erpDocument: 'data:text/html;base64,PHNjcmlwdD4=',
      runbook: 'https://wiki.company/runbooks/p2p/missing-po',
    };
    b.type = '\u202eLOP_GNISSIM';
    c.escalationTarget = '<img src=x onerror="alert(1)">';
  }),
};

const states = stateStories(HANDLERS, OPERATION);
const shared = sharedStories(HANDLERS, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** Nothing is stale: the element says so in words. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The element keeps the
 * page on screen and marks it stale, with the time of the data and a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = shared.dark;

/** 320 CSS pixels wide: the table scrolls sideways inside its own focusable region. */
export const Narrow: Story = shared.narrow;
