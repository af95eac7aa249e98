import { emptyHandlers, errorHandlers, slowHandlers } from '../../.storybook/fixture-handlers.js';

/**
 * The loading, empty and error stories every data element has, for one contract operation.
 * `handlerKey` names the MSW handler group the element's request falls in (e.g. `exceptions`),
 * so a story replaces only that group.
 */
export function stateStories(handlerKey: string, operationId: string) {
  const handlers = (group: unknown) => ({ msw: { handlers: { [handlerKey]: group } } });
  return {
    /** The response takes 6 s: the skeleton holds the element's size so the page does not jump. */
    loading: { parameters: handlers(slowHandlers(operationId, 6_000)) },
    /** Nothing in the selected range: the element says so in words, not with an empty chart. */
    empty: { parameters: handlers(emptyHandlers(operationId)) },
    /**
     * The API answers 503 with a problem+json body. After the client's retries the element shows
     * the problem's title and a retry button, and emits `cmdctr-error`.
     */
    error: {
      name: 'Error',
      parameters: handlers(
        errorHandlers(operationId, 503, {
          title: 'Metrics store unavailable',
          detail: 'The metrics warehouse did not answer within 5 seconds.',
        }),
      ),
    },
  };
}
