import { expect } from '@open-wc/testing';
import type { LedgerEntry, LedgerListResponse } from '@cmdctr/contract';
import { diffEntry, ledgerCsv, ledgerJson, normaliseList, shortHash } from './ledger-view.js';

/** A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and CRLF inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

async function entries(): Promise<LedgerEntry[]> {
  const res = await fetch('/v1/ledger');
  return ((await res.json()) as LedgerListResponse).items;
}

describe('ledger-view', () => {
  it('diffs before and after by key, marking changed, added, removed and unchanged', () => {
    const rows = diffEntry(
      { policyVersion: '1.4.1', threshold: 0.9, gone: 'x', same: { a: 1 } },
      { policyVersion: '1.4.2', threshold: 0.92, same: { a: 1 }, added: '1' },
    );
    expect(rows).to.deep.equal([
      { key: 'policyVersion', before: '"1.4.1"', after: '"1.4.2"', change: 'changed' },
      { key: 'threshold', before: '0.9', after: '0.92', change: 'changed' },
      { key: 'gone', before: '"x"', after: undefined, change: 'removed' },
      { key: 'same', before: '{"a":1}', after: '{"a":1}', change: 'unchanged' },
      { key: 'added', before: undefined, after: '"1"', change: 'added' },
    ]);
    // A null side is "nothing recorded": every key of the other side is added or removed.
    expect(diffEntry(null, { paged: 'IC' })).to.deep.equal([
      { key: 'paged', before: undefined, after: '"IC"', change: 'added' },
    ]);
    expect(diffEntry(null, null)).to.deep.equal([]);
    // An explicit null value is a value, not an absent key.
    expect(diffEntry({ owner: null }, {})[0]).to.include({ before: 'null', change: 'removed' });
  });

  it('normalises comma-separated filters', () => {
    expect(normaliseList(' decision, ,escalation,decision ')).to.equal('decision,escalation');
    expect(normaliseList(' , ')).to.equal(undefined);
    expect(normaliseList(undefined)).to.equal(undefined);
    expect(shortHash('9debe9e84519684aa2eb')).to.equal('9debe9e8…');
  });

  it('writes CSV with every field as received, quoted per RFC 4180 and formula-guarded', async () => {
    const items = await entries();
    const hostile: LedgerEntry = {
      ...items[0]!,
      actor: '=HYPERLINK("https://evil.example","click")',
      subject: '+SUM(A1)',
      reason: 'line one\r\nline two, with "quotes"',
      workflow: '@cmd',
    };
    const text = ledgerCsv([hostile, ...items]);
    expect(text.endsWith('\r\n')).to.equal(true);
    const rows = parseCsv(text);
    expect(rows[0]).to.deep.equal([
      'seq',
      'at',
      'actor',
      'action',
      'workflow',
      'subject',
      'reason',
      'policyVersion',
      'policyHash',
      'prevHash',
      'hash',
      'before',
      'after',
    ]);
    expect(rows).to.have.length(items.length + 2);
    const [, first, second] = rows;
    expect(first![2]).to.equal(`'=HYPERLINK("https://evil.example","click")`);
    expect(first![4]).to.equal("'@cmd");
    expect(first![5]).to.equal("'+SUM(A1)");
    // Kept exactly, line break included.
    expect(first![6]).to.equal('line one\r\nline two, with "quotes"');
    const item = items[0]!;
    expect(second).to.deep.equal([
      String(item.seq),
      item.at,
      item.actor,
      item.action,
      item.workflow ?? '',
      item.subject,
      item.reason ?? '',
      item.policyVersion,
      item.policyHash,
      item.prevHash,
      item.hash,
      '',
      JSON.stringify(item.after),
    ]);
  });

  it('writes JSON that reads back to the entries exactly', async () => {
    const items = await entries();
    const text = ledgerJson({ apiVersion: '1.0', filters: {}, truncated: false, count: 11, items });
    expect(JSON.parse(text).items).to.deep.equal(items);
  });
});
