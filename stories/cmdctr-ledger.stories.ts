import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LedgerListResponse } from '@cmdctr/contract';
import '../packages/elements/src/ledger/define.js';
import { fixture, generatedHandlers, staleHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';

/** Story args: the element's attributes (names as in the manifest) plus the error action. */
interface LedgerArgs {
  action?: string;
  type?: string;
  limit?: number;
  label?: string;
  workflow?: string;
  from?: string;
  to?: string;
  range?: string;
  tz?: string;
  src?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  refresh?: number;
  live?: boolean;
  onCmdctrError?: (event: Event) => void;
}

const OPERATION = 'listLedger';
const HANDLERS = 'ledger';

/** The ledger fixture with `change` applied, answered for every list request. */
const rewritten = (change: (body: LedgerListResponse) => void) => ({
  msw: {
    handlers: {
      [HANDLERS]: generatedHandlers(OPERATION, () => {
        const body = fixture<LedgerListResponse>(OPERATION);
        change(body);
        return body;
      }),
    },
  },
});

const meta = {
  title: 'Elements/Ledger',
  component: 'cmdctr-ledger',
  tags: ['autodocs'],
  render: (args) => html`
    <cmdctr-ledger
      action=${ifDefined(args.action || undefined)}
      type=${ifDefined(args.type || undefined)}
      limit=${ifDefined(args.limit)}
      label=${ifDefined(args.label || undefined)}
      workflow=${ifDefined(args.workflow || undefined)}
      from=${ifDefined(args.from || undefined)}
      to=${ifDefined(args.to || undefined)}
      range=${ifDefined(args.range || undefined)}
      tz=${ifDefined(args.tz || undefined)}
      src=${ifDefined(args.src)}
      locale=${ifDefined(args.locale || undefined)}
      theme=${ifDefined(args.theme)}
      refresh=${ifDefined(args.refresh)}
      ?live=${args.live}
      @cmdctr-error=${args.onCmdctrError}
    ></cmdctr-ledger>
  `,
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    limit: { control: { type: 'number', min: 1, max: 200, step: 10 } },
    refresh: { control: { type: 'number', min: 0, step: 5 } },
  },
  args: { tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `The auditor's view of the hash-chained decision ledger, newest first: seq,
time, actor, action, workflow, subject, reason, policy version and hash (copyable). Each row opens
to a before/after diff of keys (changed keys marked in words) with the full hashes. The filter bar
sets \`action\` and \`type\`; workflow and time come from the common attributes. **Verify chain**
asks \`GET /v1/ledger/verify\` and names the first broken entry; **Export CSV**/**Export JSON**
download every entry the filters match (at most 10,000), the JSON exactly as received.
Data: \`GET /v1/ledger\` (\`listLedger\`).`,
      },
    },
  },
} satisfies Meta<LedgerArgs>;

export default meta;
type Story = StoryObj<LedgerArgs>;

/** Every entry of the contract fixture; press **Verify chain** for the intact result. */
export const Default: Story = {};

/** Policy changes only (`action="policy_change"`): open a row to see the threshold change. */
export const PolicyChanges: Story = {
  name: 'Policy changes',
  args: { action: 'policy_change' },
  parameters: rewritten((body) => {
    body.items = body.items.filter((item) => item.action === 'policy_change');
  }),
};

/**
 * The server finds entry #3 altered: **Verify chain** alerts "Broken at entry #3", highlights
 * the row and offers **Show entry #3**.
 */
export const BrokenChain: Story = {
  name: 'Broken chain',
  parameters: {
    msw: {
      handlers: {
        ledgerVerify: generatedHandlers('verifyLedger', () => fixture('verifyLedger', 'broken')),
      },
    },
  },
};

/** Four entries a page: **Previous** and **Next** follow the contract's cursor. */
export const Paged: Story = {
  args: { limit: 4 },
  parameters: rewritten((body) => {
    body.items = body.items.slice(0, 4);
    body.nextCursor = 'page-2';
  }),
};

/**
 * Hostile data: a 10,000-character actor, a right-to-left override and markup in a reason, and
 * markup in a before/after value. Text stays inert and bounded.
 */
export const HostileData: Story = {
  name: 'Hostile data',
  parameters: rewritten((body) => {
    const [a, b] = body.items;
    if (!a || !b) return;
    a.actor = 'W'.repeat(10_000);
    b.reason = '\u202eLOP_GNISSIM<script>alert(1)</script>';
    b.after = { ...b.after, note: '<img src=x onerror="alert(1)">' };
  }),
};

const states = stateStories(HANDLERS, OPERATION);

/** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
export const Loading: Story = states.loading;

/** No entry matches the filters: the element says so, and the filter bar stays in reach. */
export const Empty: Story = {
  args: { type: 'NO_SUCH_TYPE' },
  parameters: rewritten((body) => {
    body.items = [];
  }),
};

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The entries stay on
 * screen, marked stale, with the time of the data and a retry button.
 */
export const Stale: Story = {
  args: { refresh: 5 },
  parameters: { msw: { handlers: { [HANDLERS]: staleHandlers(OPERATION) } } },
};

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = {
  name: 'Dark theme',
  globals: { theme: 'dark' },
};

/** 320 CSS pixels wide: the filter bar wraps and the table scrolls inside its own region. */
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
