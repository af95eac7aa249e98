/** A small hand-built event set whose figures the HTTP tests know exactly. */
export const NOW = Date.parse('2025-12-05T09:42:17Z');
const D1 = '2025-12-01';

let n = 0;
function ev(
  type: string,
  time: string,
  workflow: string,
  correlationId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  n += 1;
  return {
    eventId: `fx-${n}`,
    source: 'test',
    type,
    time,
    workflow,
    region: 'NA',
    correlationId,
    ...extra,
  };
}

export function fixtureEvents(): Record<string, unknown>[] {
  n = 0;
  const out: Record<string, unknown>[] = [];
  // p2p: 5 items in each of the hours 10..13 UTC, each completed 30 minutes later.
  for (const h of [10, 11, 12, 13]) {
    for (let i = 0; i < 5; i++) {
      const id = `p2p-${h}-${i}`;
      const hh = String(h).padStart(2, '0');
      out.push(
        ev('item.started', `${D1}T${hh}:0${i}:00Z`, 'p2p_invoice_matching', id, {
          stage: 'capture',
        }),
      );
      out.push(
        ev('item.completed', `${D1}T${hh}:3${i}:00Z`, 'p2p_invoice_matching', id, {
          stage: 'post',
        }),
      );
    }
  }
  // One p2p item that never completes: the backlog from 13:00 on.
  out.push(
    ev('item.started', `${D1}T13:50:00Z`, 'p2p_invoice_matching', 'p2p-open', { stage: 'capture' }),
  );
  // ofh: 4 items in hour 11.
  for (let i = 0; i < 4; i++) {
    out.push(
      ev('item.started', `${D1}T11:1${i}:00Z`, 'order_fulfillment_hold', `ofh-${i}`, {
        stage: 'hold_check',
      }),
    );
    out.push(
      ev('item.completed', `${D1}T11:4${i}:00Z`, 'order_fulfillment_hold', `ofh-${i}`, {
        stage: 'release',
      }),
    );
  }
  // Exceptions: two MISSING_PO in hour 10 (owned, resolved after 2 h and 4 h) …
  out.push(
    ev('exception.raised', `${D1}T10:10:00Z`, 'p2p_invoice_matching', 'p2p-10-0', {
      exceptionType: 'MISSING_PO',
      severity: 'high',
      stage: 'match',
      data: {
        ticketUrl: 'https://servicenow.example.com/INC1',
        erpDocumentUrl: 'javascript:alert(1)',
      },
    }),
  );
  out.push(
    ev('exception.assigned', `${D1}T10:15:00Z`, 'p2p_invoice_matching', 'p2p-10-0', {
      owner: 'AP – R. Singh',
    }),
  );
  out.push(ev('exception.resolved', `${D1}T12:10:00Z`, 'p2p_invoice_matching', 'p2p-10-0'));
  out.push(
    ev('exception.raised', `${D1}T10:20:00Z`, 'p2p_invoice_matching', 'p2p-10-1', {
      exceptionType: 'MISSING_PO',
      severity: 'high',
      stage: 'match',
    }),
  );
  out.push(
    ev('exception.assigned', `${D1}T10:25:00Z`, 'p2p_invoice_matching', 'p2p-10-1', {
      owner: 'AP – T. Novak',
    }),
  );
  out.push(ev('exception.resolved', `${D1}T14:20:00Z`, 'p2p_invoice_matching', 'p2p-10-1'));
  // … one DATA_MISMATCH in hour 12, never owned, never resolved (stale by NOW) …
  out.push(
    ev('exception.raised', `${D1}T12:05:00Z`, 'p2p_invoice_matching', 'p2p-12-0', {
      exceptionType: 'DATA_MISMATCH',
      stage: 'match',
    }),
  );
  // … and one ADDRESS_VALIDATION_FAIL in hour 11, owned, resolved after 1 h.
  out.push(
    ev('exception.raised', `${D1}T11:15:00Z`, 'order_fulfillment_hold', 'ofh-0', {
      exceptionType: 'ADDRESS_VALIDATION_FAIL',
      stage: 'address_validation',
    }),
  );
  out.push(
    ev('exception.assigned', `${D1}T11:20:00Z`, 'order_fulfillment_hold', 'ofh-0', {
      owner: 'Fulfillment Ops – M. Reyes',
    }),
  );
  out.push(ev('exception.resolved', `${D1}T12:15:00Z`, 'order_fulfillment_hold', 'ofh-0'));
  return out;
}
