import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { postEvents, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/cmdctr.mjs', import.meta.url));

function serve(
  dir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--data', dir, '--log-level', 'silent'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Listen for the exit from the start: it may well happen before anyone awaits it.
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // A killed child has no exit code, only the signal that ended it.
    child.on('exit', (code, signal) =>
      reject(new Error(`server exited (${String(code ?? signal)}) before listening: ${out}`)),
    );
  });
}

const batch = (b: number) =>
  Array.from({ length: 400 }, (_, i) => ({
    eventId: `crash-${b}-${i}`,
    source: 'crash-test',
    type: i % 2 ? 'item.completed' : 'item.started',
    time: new Date(Date.UTC(2025, 11, 1) + b * 1000 + i).toISOString(),
    workflow: 'p2p_invoice_matching',
    region: 'NA',
    correlationId: `crash-${b}-${i >> 1}`,
  }));

test('SIGKILL during ingest loses no acknowledged event', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = await tempDir();
  const first = await serve(dir);
  const acknowledged: number[] = [];
  let next = 0;
  let killed = false;
  // Four writers keep batches in flight until the kill, so it lands mid-ingest.
  const writer = async (): Promise<void> => {
    while (!killed) {
      const b = next++;
      try {
        const r = await postEvents(first.url, batch(b));
        if (r.status === 202) acknowledged.push(b);
      } catch {
        return; // connection reset by the kill: not acknowledged
      }
    }
  };
  const writers = [writer(), writer(), writer(), writer()];
  while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  first.child.kill('SIGKILL');
  await Promise.all(writers);
  await first.exited;
  assert.ok(next > acknowledged.length, 'some batches were in flight at the kill');

  const second = await serve(dir);
  try {
    for (const b of acknowledged) {
      const r = await postEvents(second.url, batch(b));
      assert.equal(r.status, 202);
      assert.deepEqual(
        [r.body.accepted, r.body.duplicates],
        [0, 400],
        `batch ${b} was acknowledged, so all of it must be stored`,
      );
    }
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
    await cleanup();
  }
});

test('SIGTERM shuts down gracefully with exit code 0', { timeout: 60_000 }, async () => {
  const { dir, cleanup } = await tempDir();
  const s = await serve(dir);
  const r = await fetch(`${s.url}/readyz`);
  assert.equal(r.status, 200);
  s.child.kill('SIGTERM');
  const code = await s.exited;
  assert.equal(code, 0);
  await cleanup();
});
