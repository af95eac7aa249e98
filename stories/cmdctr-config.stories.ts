import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../packages/elements/src/config/define.js';
import '../packages/elements/src/heatmap/define.js';
import { bearerHandlers } from '../.storybook/fixture-handlers.js';

/** Story args: `<cmdctr-config>`'s attributes and its `tokenProvider` property. */
interface ConfigArgs {
  src?: string;
  auth?: 'none' | 'cookie' | 'bearer' | 'servicenow';
  locale?: string;
  tz?: string;
  theme?: 'light' | 'dark' | 'auto';
  refresh?: number;
  live?: boolean;
  workflow?: string;
  region?: string;
  range?: string;
  bucket?: 'hour' | 'day' | 'week';
  timeout?: number;
  tokenProvider?: () => string | null;
}

const DEMO_TOKEN = 'storybook-demo-token';

const renderConfig = (args: ConfigArgs, content: unknown) => html`
  <cmdctr-config
    src=${ifDefined(args.src)}
    auth=${ifDefined(args.auth)}
    locale=${ifDefined(args.locale || undefined)}
    tz=${ifDefined(args.tz || undefined)}
    theme=${ifDefined(args.theme)}
    refresh=${ifDefined(args.refresh)}
    workflow=${ifDefined(args.workflow || undefined)}
    region=${ifDefined(args.region || undefined)}
    range=${ifDefined(args.range || undefined)}
    bucket=${ifDefined(args.bucket)}
    timeout=${ifDefined(args.timeout)}
    ?live=${args.live}
    .tokenProvider=${args.tokenProvider}
    >${content}</cmdctr-config
  >
`;

const meta = {
  title: 'Elements/Config',
  component: 'cmdctr-config',
  tags: ['autodocs'],
  render: (args) => renderConfig(args, html`<cmdctr-heatmap></cmdctr-heatmap>`),
  argTypes: {
    auth: { control: 'inline-radio', options: ['none', 'cookie', 'bearer', 'servicenow'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    bucket: { control: 'inline-radio', options: ['hour', 'day', 'week'] },
    refresh: { control: { type: 'number', min: 0, step: 5 } },
    timeout: { control: { type: 'number', min: 0, step: 1000 } },
    tokenProvider: { control: false },
  },
  args: { src: '', auth: 'none', tz: 'Europe/Berlin', theme: 'light' },
  parameters: {
    // These stories render their own <cmdctr-config>; the global decorator must not add one.
    cmdctrConfig: false,
    docs: {
      description: {
        component: `\`<cmdctr-config>\` shares the API base URL, authentication, locale, time
zone, theme, refresh interval and default filters with every cmdctr element inside it, so a
portal admin sets them once. It renders nothing itself (\`display: contents\`); an element's own
attribute always wins over the config's value.`,
      },
    },
  },
} satisfies Meta<ConfigArgs>;

export default meta;
type Story = StoryObj<ConfigArgs>;

/** One heatmap inside a config that sets the time zone and theme. */
export const Default: Story = {};

/**
 * Two elements share one config: German number and date formats, New York time, the dark
 * theme and daily buckets. The second heatmap overrides only its measure.
 */
export const SharedSettings: Story = {
  name: 'Shared settings',
  args: { locale: 'de-DE', tz: 'America/New_York', theme: 'dark', bucket: 'day' },
  render: (args) =>
    renderConfig(
      args,
      html`<cmdctr-heatmap></cmdctr-heatmap> <cmdctr-heatmap measure="rate"></cmdctr-heatmap>`,
    ),
};

/** The config says dark, the element says light: the element's own attribute wins. */
export const ElementAttributeWins: Story = {
  name: 'Element attribute wins',
  args: { theme: 'dark' },
  render: (args) => renderConfig(args, html`<cmdctr-heatmap theme="light"></cmdctr-heatmap>`),
};

/**
 * `auth="bearer"` calls `tokenProvider` before every request and sends the token as
 * `Authorization: Bearer …`. The mocked API here answers 401 without the right token.
 */
export const BearerToken: Story = {
  name: 'Bearer token',
  args: { auth: 'bearer', tokenProvider: () => DEMO_TOKEN },
  parameters: {
    msw: { handlers: { exceptions: bearerHandlers('getExceptionMatrix', DEMO_TOKEN) } },
  },
};

/**
 * The token provider has no token (signed out): the API answers 401, the element shows that
 * sign-in is needed and emits `cmdctr-auth-required` so the host can renew the session.
 */
export const MissingToken: Story = {
  name: 'Missing token (401)',
  args: { auth: 'bearer', tokenProvider: () => null },
  parameters: {
    msw: { handlers: { exceptions: bearerHandlers('getExceptionMatrix', DEMO_TOKEN) } },
  },
};

/**
 * The API on another origin (`src="https://metrics.example.com"`); the mock answers it like the
 * page's own origin. The real server must allow the page's origin (CORS).
 */
export const OtherOrigin: Story = {
  name: 'API on another origin',
  args: { src: 'https://metrics.example.com' },
};

/** Arabic with `dir="rtl"` on the page: labels, axis and keyboard order mirror. */
export const RightToLeft: Story = {
  name: 'Right to left (ar)',
  args: { locale: 'ar' },
  globals: { locale: 'ar' },
};
