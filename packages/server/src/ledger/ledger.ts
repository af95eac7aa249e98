/**
 * The decision ledger's rules, independent of any store: canonical JSON, the entry hash, chain
 * verification, Ed25519 checkpoints and the export bundle. `cmdctr ledger verify --file` runs
 * this same code offline, so an auditor needs only the bundle and the public key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Policy } from '../policy/policy.js';

export const GENESIS_HASH = '0'.repeat(64);
export const EXPORT_FORMAT = 'cmdctr-ledger-export/1';

export type LedgerAction =
  'decision' | 'escalation' | 'policy_change' | 'auto_actions_switch' | 'retention';

export interface LedgerEntry {
  seq: number;
  at: string;
  actor: string;
  action: LedgerAction;
  workflow: string | null;
  subject: string;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  policyVersion: string;
  policyHash: string;
  prevHash: string;
  hash: string;
}

/**
 * An entry as read back from storage: `corrupt` says why it could not even be decoded;
 * `prunedAt` (ISO time) marks an entry whose payload retention removed.
 */
export type StoredLedgerEntry = LedgerEntry & { corrupt?: string; prunedAt?: string };

/** What a listing shows as the actor and subject of an entry whose payload retention removed. */
export const PRUNED_MARK = '[removed by retention]';

const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * The highest seq whose payload a hash-intact `retention` entry says it removed: a payload-less
 * entry above it was not pruned by retention but stripped by someone else.
 */
function prunedCoverage(entries: readonly StoredLedgerEntry[]): number {
  let cover = 0;
  for (const e of entries) {
    if (e.action !== 'retention' || e.prunedAt !== undefined || e.corrupt) continue;
    if (entryHash(e) !== e.hash) continue;
    const through = e.after?.prunedThroughSeq;
    if (typeof through === 'number' && through > cover) cover = through;
  }
  return cover;
}

export interface LedgerCheckpoint {
  seq: number;
  hash: string;
  at: string;
  signature: string;
  publicKey: string;
}

/** JSON with keys sorted at every level and no whitespace: the form the hash is taken over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    // undefined and functions have no JSON form; in an entry they can only be a bug.
    if (s === undefined) throw new TypeError('value has no JSON representation');
    return s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const { seq, at, actor, action, workflow, subject, reason, before, after } = entry;
  const { policyVersion, policyHash, prevHash } = entry;
  const body = {
    seq,
    at,
    actor,
    action,
    workflow,
    subject,
    reason,
    before,
    after,
    policyVersion,
    policyHash,
    prevHash,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export interface ChainResult {
  ok: boolean;
  entriesChecked: number;
  headSeq: number | null;
  headHash: string | null;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Recomputes the chain from genesis. `entries` must be in ascending seq order; a gap, a wrong
 * link, a hash that does not match the contents or an undecodable entry stops the walk there.
 *
 * An entry whose payload retention removed (`prunedAt`) cannot have its hash recomputed, so for
 * it exactly this is verified: its seq is in place, its `prevHash` equals the previous entry's
 * hash, its stored hash is well-formed, a hash-intact `retention` entry covers its seq, and the
 * next entry's `prevHash` equals its stored hash (so altering that hash names the successor).
 * Not verified for such an entry: that its hash was ever the hash of a real payload, and its
 * kept columns (`at`, `action`, `workflow`, `policyVersion`, `policyHash`), which no remaining
 * hash covers. A run of pruned entries is bound to the chain only through the first intact
 * entry after it (and any signed checkpoint at its seq).
 */
export function verifyChain(entries: readonly StoredLedgerEntry[]): ChainResult {
  let prev = GENESIS_HASH;
  let checked = 0;
  const last = entries[entries.length - 1];
  const head = { headSeq: last?.seq ?? null, headHash: last?.hash ?? null };
  const broken = (seq: number, reason: string): ChainResult => ({
    ok: false,
    entriesChecked: checked,
    ...head,
    firstBrokenSeq: seq,
    reason,
  });
  const cover = entries.some((e) => e.prunedAt !== undefined) ? prunedCoverage(entries) : 0;
  for (const [i, e] of entries.entries()) {
    const expected = i + 1;
    checked += 1;
    if (e.corrupt) return broken(expected, `Entry ${expected} cannot be decoded (${e.corrupt})`);
    if (e.seq !== expected)
      return broken(expected, `Entry ${expected} is missing (found seq ${e.seq} in its place)`);
    if (e.prevHash !== prev)
      return broken(expected, `Entry ${expected} does not link to the hash of entry ${i}`);
    if (e.prunedAt !== undefined) {
      if (!HASH_RE.test(e.hash))
        return broken(
          expected,
          `Entry ${expected} (payload removed by retention) has no valid hash`,
        );
      if (e.seq > cover)
        return broken(
          expected,
          `Entry ${expected} has no payload, but no retention entry records removing it`,
        );
      prev = e.hash;
      continue;
    }
    if (entryHash(e) !== e.hash)
      return broken(expected, `Entry ${expected} hash does not match its contents`);
    prev = e.hash;
  }
  return { ok: true, entriesChecked: checked, ...head, firstBrokenSeq: null, reason: null };
}

// ---------------------------------------------------------------- keys and checkpoints

export interface LedgerKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the raw 32-byte Ed25519 public key, as the contract publishes it. */
  publicKeyBase64: string;
}

export const PRIVATE_KEY_FILE = 'ledger-ed25519.key';
export const PUBLIC_KEY_FILE = 'ledger-ed25519.pub';

/** The raw key is the last 32 bytes of the SPKI DER encoding of an Ed25519 public key. */
function rawPublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
}

/** Parses a public key given as base64 raw bytes or as PEM. */
export function publicKeyFrom(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return createPublicKey(t);
  const raw = Buffer.from(t, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes (base64) or PEM');
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
}

/** Loads the data folder's key pair, generating it (private key mode 0600) on first start. */
export async function loadOrCreateKeys(dataDir: string): Promise<LedgerKeys> {
  await mkdir(dataDir, { recursive: true });
  const privPath = join(dataDir, PRIVATE_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(privPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const pair = generateKeyPairSync('ed25519');
    pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // 'wx' refuses to overwrite a key another process wrote in the meantime.
    await writeFile(privPath, pem, { mode: 0o600, flag: 'wx' });
    await chmod(privPath, 0o600);
    await writeFile(
      join(dataDir, PUBLIC_KEY_FILE),
      `${rawPublicKey(createPublicKey(pair.privateKey))}\n`,
    );
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyBase64: rawPublicKey(publicKey) };
}

const checkpointMessage = (seq: number, hash: string, at: string): Buffer =>
  Buffer.from(`${seq}:${hash}:${at}`, 'utf8');

export function signCheckpoint(
  keys: LedgerKeys,
  seq: number,
  hash: string,
  at: string,
): LedgerCheckpoint {
  const signature = sign(null, checkpointMessage(seq, hash, at), keys.privateKey).toString(
    'base64',
  );
  return { seq, hash, at, signature, publicKey: keys.publicKeyBase64 };
}

export function checkpointSignatureValid(cp: LedgerCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      checkpointMessage(cp.seq, cp.hash, cp.at),
      publicKey,
      Buffer.from(cp.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- export bundle

export interface LedgerExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  publicKey: string;
  entries: LedgerEntry[];
  checkpoints: LedgerCheckpoint[];
}

export interface BundleResult extends ChainResult {
  checkpointsChecked: number;
}

/**
 * Verifies an export offline: the chain, then every checkpoint's signature against the given
 * public key (not the one inside the bundle, which an attacker could replace) and its hash
 * against the entry at its seq.
 */
export function verifyBundle(bundle: unknown, publicKey: KeyObject): BundleResult {
  const b = bundle as Partial<LedgerExport>;
  if (
    !b ||
    b.format !== EXPORT_FORMAT ||
    !Array.isArray(b.entries) ||
    !Array.isArray(b.checkpoints)
  )
    throw new Error(`not a ${EXPORT_FORMAT} bundle`);
  const chain = verifyChain(b.entries);
  const bySeq = new Map(b.entries.map((e) => [e.seq, e]));
  let checked = 0;
  for (const cp of b.checkpoints) {
    checked += 1;
    const fail = (reason: string): BundleResult => ({
      ...chain,
      ok: false,
      firstBrokenSeq:
        chain.firstBrokenSeq === null ? cp.seq : Math.min(chain.firstBrokenSeq, cp.seq),
      reason: chain.reason ?? reason,
      checkpointsChecked: checked,
    });
    if (!checkpointSignatureValid(cp, publicKey))
      return fail(`Checkpoint at entry ${cp.seq} is not signed by this public key`);
    if (bySeq.get(cp.seq)?.hash !== cp.hash)
      return fail(`Checkpoint at entry ${cp.seq} does not match that entry's hash`);
  }
  return { ...chain, checkpointsChecked: checked };
}

// ---------------------------------------------------------------- policy changes

/**
 * The settings whose history the seed asks for (SLOs, thresholds, auto-resolve gates, approver
 * roles and SLAs, escalation), flattened to `workflow.path` keys so a change is a short diff.
 */
export function policySummary(policy: Policy): Record<string, unknown> {
  const out: Record<string, unknown> = {
    audit_retention_days: policy.owners.audit_retention_days,
  };
  for (const w of policy.workflows) {
    const p = (k: string, v: unknown): void => {
      if (v !== undefined) out[`${w.id}.${k}`] = v;
    };
    p('slo.throughput_per_day', w.slo.throughput_per_day);
    p('slo.mttr_hours', w.slo.mttr_hours);
    p('thresholds.warn_exception_rate', w.thresholds.warn_exception_rate);
    p('thresholds.critical_exception_rate', w.thresholds.critical_exception_rate);
    p('escalation.critical_page', w.escalation.critical_page);
    p('escalation.stale_exception_timer_minutes', w.escalation.stale_exception_timer_minutes);
    p(
      'controls.disable_auto_actions_when',
      w.controls?.disable_auto_actions_when?.day_over_day_exception_rate_increase,
    );
    for (const t of w.exception_types) {
      const a = t.auto_resolve;
      p(`${t.code}.severity`, t.severity);
      p(`${t.code}.owner`, t.owner);
      p(`${t.code}.auto_resolve.enabled`, a.enabled);
      p(`${t.code}.auto_resolve.model_confidence_threshold`, a.model_confidence_threshold);
      p(`${t.code}.auto_resolve.human_approver_roles`, a.human_approver_roles);
      p(`${t.code}.auto_resolve.approver_sla_minutes`, a.approver_sla_minutes);
    }
  }
  return out;
}

/** The keys that differ between two summaries, each side holding its value (null: absent). */
export function diffSummary(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (canonicalJson(before[k] ?? null) === canonicalJson(after[k] ?? null)) continue;
    b[k] = before[k] ?? null;
    a[k] = after[k] ?? null;
  }
  return { before: b, after: a };
}
