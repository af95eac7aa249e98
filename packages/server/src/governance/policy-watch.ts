/**
 * `serve --policy FILE` without restarts: the file's folder is watched (editors often replace a
 * file by renaming a new one over it, which a watch on the file itself misses), changes are
 * debounced, and the bytes' SHA-256 decides whether anything changed at all. A valid new policy
 * is handed to `apply`; an invalid one is refused with every problem logged and the policy in
 * force stays.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { parsePolicy, type LoadedPolicy, type PolicyProblem } from '../policy/policy.js';

export interface PolicyWatchLog {
  info(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface PolicyWatchOptions {
  file: string;
  /** Hash of the policy in force when watching starts. */
  currentHash: string;
  /** Takes a validated policy into force (sync the store, swap it in, write the ledger). */
  apply: (loaded: LoadedPolicy) => Promise<void>;
  log: PolicyWatchLog;
  debounceMs?: number;
  /** Called after each settled check, for tests. */
  onChecked?: (outcome: PolicyCheckOutcome) => void;
}

export type PolicyCheckOutcome =
  | { kind: 'unchanged' }
  | { kind: 'applied'; loaded: LoadedPolicy }
  | { kind: 'refused'; problems: PolicyProblem[] }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'failed'; reason: string };

export class PolicyWatcher {
  private readonly file: string;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Hash of the policy in force, or of a refused file (so it is reported once, not per event). */
  private seenHash: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PolicyWatchOptions) {
    this.file = resolve(options.file);
    this.seenHash = options.currentHash;
  }

  start(): void {
    if (this.watcher) return;
    const name = basename(this.file);
    this.watcher = watch(dirname(this.file), { persistent: false }, (_event, changed) => {
      // Some platforms omit the name; then any change in the folder triggers a (cheap) check.
      if (changed !== null && changed !== name) return;
      this.schedule();
    });
    this.watcher.on('error', (err) =>
      this.options.log.error({ err, file: this.file }, 'policy watch failed'),
    );
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Checks run one after another so two quick edits cannot apply out of order.
      this.chain = this.chain
        .then(() => this.check())
        .then(
          (o) => this.options.onChecked?.(o),
          () => undefined,
        );
    }, this.options.debounceMs ?? 250);
    this.timer.unref();
  }

  /** Reads the file and applies it when its content changed and is valid. */
  async check(): Promise<PolicyCheckOutcome> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      // A replace-by-rename leaves a moment without the file; the next event brings it back.
      this.options.log.error(
        { file: this.file, reason },
        'policy file unreadable; keeping the policy in force',
      );
      return { kind: 'unreadable', reason };
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash === this.seenHash) return { kind: 'unchanged' };
    this.seenHash = hash;
    const result = parsePolicy(bytes.toString('utf8'));
    if (!result.policy) {
      for (const p of result.problems)
        this.options.log.error(
          { file: this.file, line: p.line, column: p.column, path: p.path, reason: p.reason },
          `policy refused: ${this.file}:${p.line}:${p.column}: ${p.reason}`,
        );
      this.options.log.error(
        { file: this.file, problems: result.problems.length },
        'policy change refused; the previous policy stays in force',
      );
      return { kind: 'refused', problems: result.problems };
    }
    const loaded: LoadedPolicy = { policy: result.policy, hash, source: this.file };
    try {
      await this.options.apply(loaded);
    } catch (err) {
      // Let the same bytes be tried again on the next change event.
      this.seenHash = '';
      this.options.log.error({ err, file: this.file }, 'policy change could not be applied');
      return { kind: 'failed', reason: (err as Error).message };
    }
    this.options.log.info(
      { file: this.file, policyVersion: loaded.policy.policy_version, policyHash: hash },
      'policy change applied',
    );
    return { kind: 'applied', loaded };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }
}
