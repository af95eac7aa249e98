import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../packages/elements/src/command-center/define.js';
import { argAttributes, commonArgTypes, type CommonArgs } from './support/element-story.js';

/** Story args: the command center's attributes (names as in the manifest). */
type CommandCenterArgs = CommonArgs & { onCmdctrFilterChange?: (event: Event) => void };

const meta = {
  title: 'Pages/Command center',
  component: 'cmdctr-command-center',
  tags: ['autodocs'],
  render: (args) => html`<cmdctr-command-center ${argAttributes(args)}></cmdctr-command-center>`,
  argTypes: commonArgTypes,
  args: { tz: 'Europe/Berlin' },
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component: `The single pane: KPI tiles, throughput, the exception heatmap, MTTR, the
Pareto of exception hours, ownership, stale exceptions, auto-resolve quality and the approvals
inbox, for one workflow or all of them, with a workflow and range picker. A drill-through from
the heatmap, ownership or Pareto panel filters the stale-exceptions list; a KPI tile brings its
panel into view; a zoom on the throughput chart narrows every panel until reset. Every panel
reads the contract fixtures here; \`npm start\` shows it against the reference server.`,
      },
    },
  },
} satisfies Meta<CommandCenterArgs>;

export default meta;
type Story = StoryObj<CommandCenterArgs>;

/** Both workflows over the fixtures' seven days. */
export const Default: Story = {};

/** One workflow picked by attribute, as a portal page would preset it. */
export const OneWorkflow: Story = { args: { workflow: 'p2p_invoice_matching' } };

/** The dark theme, set once on the command center for every panel. */
export const DarkTheme: Story = { args: { theme: 'dark' } };
