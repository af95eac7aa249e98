/**
 * Keyboard movement in a one-dimensional set of items (a list of rows, a row of bars): the arrow
 * keys step (either axis, since a chart may turn from columns to rows), Home and End jump, and
 * the ends hold. Returns the index to move to, or null when the key is not a move.
 */
const STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function moveIndex(index: number, key: string, n: number): number | null {
  const next = key === 'Home' ? 0 : key === 'End' ? n - 1 : index + (STEPS[key] ?? NaN);
  return next === next ? Math.min(n - 1, Math.max(0, next)) : null;
}

/**
 * Handles a keydown among `items`: moves focus to the item `moveIndex` picks and returns it, or
 * null (leaving the event alone) when the key is not a move or the target is not one of them.
 * With `roving`, only the focused item keeps `tabindex="0"`, so the set is a single Tab stop.
 */
export function focusMove(
  event: KeyboardEvent,
  items: HTMLElement[],
  roving = false,
): HTMLElement | null {
  const at = items.indexOf(event.target as HTMLElement);
  const target = at < 0 ? undefined : items[moveIndex(at, event.key, items.length) ?? -1];
  if (!target) return null;
  event.preventDefault();
  if (roving) for (const item of items) item.tabIndex = item === target ? 0 : -1;
  target.focus();
  return target;
}
