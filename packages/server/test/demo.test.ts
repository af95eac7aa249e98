import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_SOURCE,
  decideDemoApprovals,
  defaultDemoOptions,
  generateSlice,
  writeDemoHistory,
} from '../src/demo/generate.js';
import { assertSchema, findBy, getJson, startServer } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test(
  'demo history: volumes near the SLOs, rates around the thresholds, one spike, owner gaps, proposals',
  { timeout: 180_000 },
  async () => {
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const s = await startServer({ demoPolicy: true, now: () => now });
    try {
      const options = defaultDemoOptions(now, 7);
      const days = 7;
      const r = await writeDemoHistory(s.store, now - days * DAY, now, options);
      assert.ok(r.accepted > 10_000, `${r.accepted} events`);
      assert.equal((await s.store.lastEventTime(DEMO_SOURCE)) !== null, true);

      // Same seed, same slices: the same event ids, all duplicates.
      const again = await writeDemoHistory(s.store, now - DAY, now, options);
      assert.equal(again.accepted, 0);
      assert.ok(again.duplicates > 1000);

      const window = `from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now - DAY).toISOString()}&bucket=day`;
      const tp = await getJson(`${s.url}/v1/metrics/throughput?${window}`);
      assertSchema('ThroughputResponse', tp.body);
      const { series } = tp.body;
      for (const [id, slo] of [
        ['p2p_invoice_matching', 1200],
        ['order_fulfillment_hold', 800],
      ] as const) {
        const { values } = findBy(series, 'key', id);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        assert.ok(
          mean > slo * 0.75 && mean < slo * 1.25,
          `${id} completes ${mean}/day against an SLO of ${slo}`,
        );
      }

      const m = await getJson(
        `${s.url}/v1/metrics/exceptions?from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}&bucket=hour&rows=workflow`,
      );
      assertSchema('ExceptionMatrixResponse', m.body);
      const p2p = findBy(m.body.rows, 'key', 'p2p_invoice_matching');
      assert.ok(
        p2p.rate !== null && p2p.rate > 0.04 && p2p.rate < 0.09,
        `p2p rate ${String(p2p.rate)} around its 0.06 warn threshold`,
      );
      const spikeIndex = m.body.buckets.findIndex(
        (b) => Date.parse(b) === options.spikeStart + 2 * HOUR,
      );
      const spikeRates = p2p.rates.slice(spikeIndex - 2, spikeIndex + 6).filter((x) => x !== null);
      const spikeMean = spikeRates.reduce((a, b) => a + b, 0) / spikeRates.length;
      assert.ok(spikeMean > 0.1, `the spike (${spikeMean}) passes the 0.10 critical threshold`);

      const own = await getJson(`${s.url}/v1/metrics/ownership?range=P7D`);
      assertSchema('OwnershipResponse', own.body);
      const { coverage } = own.body.overall;
      assert.ok(
        coverage !== null && coverage > 0.85 && coverage < 0.99,
        `coverage ${String(coverage)} has a few gaps`,
      );

      const proposals = generateSlice(now - 5 * DAY, now - DAY, now, options)
        .events.filter((e) => e.type === 'autoresolve.proposed')
        .map((e) => e.confidence!);
      assert.ok(
        Math.min(...proposals) < 0.8 && Math.max(...proposals) > 0.95,
        'proposals span the confidence range around the 0.90/0.92 gates',
      );

      // Decided like the CLI does: most approvals decided, some recent ones still waiting, and
      // of those some already past their SLA, so the inbox and its overdue state have data.
      const d = await decideDemoApprovals(s.store, now - 2 * HOUR, {
        policyVersion: 'demo-test',
        policyHash: 'demo-test',
      });
      assert.ok(d.decided > 10 && d.waiting > 0, JSON.stringify(d));
      assert.ok(d.late > 0 && d.unseen > 0, JSON.stringify(d));
      const inbox = await getJson(`${s.url}/v1/approvals?status=pending,overdue&range=P7D`);
      assertSchema('ApprovalListResponse', inbox.body);
      const statuses = (inbox.body.items as { status: string }[]).map((a) => a.status);
      assert.ok(statuses.includes('overdue'), `inbox statuses: ${statuses.join(', ')}`);

      const list = await getJson(`${s.url}/v1/exceptions?range=P7D&limit=5`);
      assertSchema('ExceptionListResponse', list.body);
      assert.equal(list.body.items.length, 5);
    } finally {
      await s.close();
    }
  },
);
