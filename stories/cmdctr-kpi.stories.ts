import { html, type TemplateResult } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { components } from '@cmdctr/contract';
import '../packages/elements/src/kpi/define.js';
import { fixture, generatedHandlers } from '../.storybook/fixture-handlers.js';
import { stateStories } from './support/state-stories.js';
import {
  argAttributes,
  bucketArgType,
  type CommonArgs,
  commonArgTypes,
  sharedStories,
} from './support/element-story.js';

type KpiResponse = components['schemas']['KpiResponse'];
type KpiId = components['schemas']['KpiId'];

/** Story args: the element's attributes (names as in the manifest) plus the drill action. */
interface KpiArgs extends CommonArgs {
  kpi?: KpiId;
  onCmdctrDrill?: (event: Event) => void;
}

const OPERATION = 'getKpis';
const KPIS: KpiId[] = [
  'exceptionRate',
  'autoResolveSuccess',
  'ownershipCoverage',
  'throughputVsSlo',
  'mttr',
];

const tile = (args: KpiArgs, kpi = args.kpi) =>
  html`<cmdctr-kpi ${argAttributes({ ...args, kpi })}></cmdctr-kpi>`;

/** A fixed width around the story, as a command center's row cell gives a tile. */
const width =
  (px: number) =>
  (story: () => unknown): TemplateResult => html`
    <style>
      .cmdctr-story-w${px} {
        inline-size: ${px}px;
      }
    </style>
    <div class="cmdctr-story-w${px}">${story()}</div>
  `;

const meta = {
  title: 'Elements/KPI',
  component: 'cmdctr-kpi',
  tags: ['autodocs'],
  render: (args) => tile(args),
  decorators: [width(240)],
  argTypes: {
    ...commonArgTypes,
    bucket: bucketArgType,
    kpi: { control: 'select', options: KPIS },
  },
  args: { kpi: 'exceptionRate', tz: 'Europe/Berlin' },
  parameters: {
    docs: {
      description: {
        component: `A compact tile for one headline figure: value (percent or a humane duration),
status against the policy as a word, a shape and a colour, the change against the previous
period (read as better or worse from the figure's own \`better\` direction), the thresholds or
target in small text and a sparkline. Tiles of one page with the same filters share one
request. Click or Enter/Space emits \`cmdctr-drill\` (cancelable) with the figure's id, the
workflow and the range. Data: \`GET /v1/metrics/kpis\` (\`getKpis\`).`,
      },
    },
  },
} satisfies Meta<KpiArgs>;

export default meta;
type Story = StoryObj<KpiArgs>;

/** The exception rate against its warn (5 %) and critical (8 %) thresholds. */
export const Default: Story = {};

/**
 * The five figures in a row across the top of a command center, as a responsive grid of
 * 160–320 px cells. One request serves every tile.
 */
export const Row: Story = {
  decorators: [
    (story) => html`
      <style>
        .cmdctr-story-row {
          display: grid;
          grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
          gap: 0.75rem;
          max-inline-size: 1600px;
        }
      </style>
      <div class="cmdctr-story-row">${story()}</div>
    `,
  ],
  render: (args) => html`${KPIS.map((kpi) => tile(args, kpi))}`,
};

/** Mean time to resolve: hours as a duration, against the MTTR SLO; lower is better. */
export const Duration: Story = { args: { kpi: 'mttr' } };

/** Auto-resolve success has no threshold in the policy: no status is shown, only the figure. */
export const NoStatus: Story = { name: 'No status', args: { kpi: 'autoResolveSuccess' } };

/** Ownership coverage against its 95 % target; higher is better, so a rise reads "better". */
export const Target: Story = { args: { kpi: 'ownershipCoverage' } };

/** The narrowest supported tile: the sparkline moves below the value. */
export const Narrow: Story = { decorators: [width(160)] };

/** The widest tile: the sparkline sits beside the value. */
export const Wide: Story = { decorators: [width(320)] };

/**
 * Buckets without data are gaps in the sparkline, never drops to zero; a lone value between
 * gaps is a dot.
 */
export const Gaps: Story = {
  parameters: {
    msw: {
      handlers: {
        kpis: generatedHandlers(OPERATION, () => {
          const body = fixture<KpiResponse>(OPERATION);
          for (const k of body.kpis)
            k.sparkline = k.sparkline.map((v, i) => (i % 3 === 1 ? null : v));
          return body;
        }),
      },
    },
  },
};

const states = stateStories('kpis', OPERATION);
const shared = sharedStories('kpis', OPERATION);

/** The response takes 6 s: the skeleton holds the tile's size so the row does not jump. */
export const Loading: Story = states.loading;

/** Nothing in the selected range: the tile says so in words. */
export const Empty: Story = states.empty;

/** The API answers 503 with a problem+json body: the problem's title and a retry button. */
export const ErrorState: Story = states.error;

/**
 * The first load succeeds; every refresh (every 5 s here) fails with 503. The tile keeps the
 * last good figure on screen, marked stale, with a retry button.
 */
export const Stale: Story = shared.stale;

/** The dark theme, through the toolbar's theme global (`<cmdctr-config theme="dark">`). */
export const DarkTheme: Story = shared.dark;
