import { html, type TemplateResult } from 'lit';
import type { Decorator } from '@storybook/web-components-vite';
import { fixture, generatedHandlers, staleHandlers } from '../../.storybook/fixture-handlers.js';

export { argAttributes } from './arg-attributes.js';

/** The page-level attributes every data element shares (names as in the manifest). */
export interface CommonArgs {
  label?: string;
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

/** Controls for the shared attributes every element has that are not free text. */
export const commonArgTypes = {
  theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  refresh: { control: { type: 'number', min: 0, step: 5 } },
} as const;

/**
 * Controls for attributes some elements share. Not in `commonArgTypes`: an element without the
 * attribute (the Pareto has no `bucket`) would get a control that changes nothing.
 */
export const bucketArgType = { control: 'inline-radio', options: ['hour', 'day', 'week'] } as const;
export const chartHeightArgType = { control: { type: 'number', min: 120, step: 20 } } as const;
export const canvasThresholdArgType = { control: { type: 'number', min: 0, step: 500 } } as const;

/**
 * A story whose response is the operation's contract fixture, changed by `edit` (which gets a
 * deep copy and the request). `handlerKey` names the MSW handler group the request falls in.
 */
export function fixtureStory<T>(
  handlerKey: string,
  operationId: string,
  edit: (body: T, request: Request) => T | void,
) {
  return {
    msw: {
      handlers: {
        [handlerKey]: generatedHandlers(operationId, (request: Request) => {
          const body = structuredClone(fixture<T>(operationId));
          return edit(body, request) ?? body;
        }),
      },
    },
  };
}

/**
 * The stale, dark and narrow stories the data elements share. Stale: the first load succeeds and
 * every refresh (every 5 s) fails with 503, so the element keeps the last good data, marked
 * stale with its time and a retry button. Dark: the toolbar's theme global
 * (`<cmdctr-config theme="dark">`). Narrow: 320 CSS pixels, a phone or a narrow portal column.
 */
export function sharedStories(handlerKey: string, operationId: string) {
  return {
    stale: {
      args: { refresh: 5 },
      parameters: { msw: { handlers: { [handlerKey]: staleHandlers(operationId) } } },
    },
    dark: { name: 'Dark theme', globals: { theme: 'dark' } },
    narrow: {
      globals: { viewport: { value: 'mobile1', isRotated: false } },
      decorators: [narrow],
    },
  };
}

/** Renders the story in a 320 px wide column. */
export const narrow: Decorator = (story): TemplateResult =>
  html`<style>
      .cmdctr-story-narrow {
        inline-size: 320px;
      }
    </style>
    <div class="cmdctr-story-narrow">${story()}</div>`;
