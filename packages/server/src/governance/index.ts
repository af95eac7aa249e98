/**
 * Wires time-driven governance into a running server: the sweep (escalation, the auto-action
 * switch, retention) and, when the policy came from a file, the hot reload of that file.
 */
import type { App } from '../http/app.js';
import { METRIC_TOPICS } from '../http/stream.js';
import type { LoadedPolicy } from '../policy/policy.js';
import type { Store } from '../store/types.js';
import { PolicyWatcher, type PolicyCheckOutcome } from './policy-watch.js';
import { Sweeper, type SweepLog } from './sweeper.js';
import { WebhookSender } from './webhook.js';

export { Sweeper, DEFAULT_SWEEP_INTERVAL_MS, type SweepReport } from './sweeper.js';
export { PolicyWatcher } from './policy-watch.js';
export { WebhookSender, checkWebhookUrl } from './webhook.js';

export interface GovernanceOptions {
  store: Store;
  app: Pick<App, 'hub' | 'setPolicy'>;
  policy: LoadedPolicy;
  log: SweepLog;
  now?: () => number;
  sweepIntervalMs?: number;
  escalationWebhook?: string;
  /** The policy file to watch; nothing is watched without it. */
  policyFile?: string;
  policyDebounceMs?: number;
  onPolicyChecked?: (outcome: PolicyCheckOutcome) => void;
}

export interface Governance {
  sweeper: Sweeper;
  watcher: PolicyWatcher | null;
  /** The policy in force (changes on hot reload). */
  policy(): LoadedPolicy;
  stop(): Promise<void>;
}

export function startGovernance(options: GovernanceOptions): Governance {
  const { store, app, log } = options;
  let current = options.policy;
  const sweeper = new Sweeper({
    store,
    policy: () => current,
    hub: app.hub,
    log,
    now: options.now,
    intervalMs: options.sweepIntervalMs,
    webhook: options.escalationWebhook
      ? new WebhookSender({ url: options.escalationWebhook, log })
      : undefined,
  });
  const watcher = options.policyFile
    ? new PolicyWatcher({
        file: options.policyFile,
        currentHash: current.hash,
        log,
        debounceMs: options.policyDebounceMs,
        onChecked: options.onPolicyChecked,
        apply: async (loaded) => {
          // The store's approval rules and stale timers first, so no request sees the new
          // policy's version with the old rules; the ledger entry last, once it is in force.
          await store.syncPolicy(loaded.policy);
          current = loaded;
          app.setPolicy(loaded);
          await store.recordPolicy(loaded, 'system');
          app.hub.publish('metrics-changed', { metrics: [...METRIC_TOPICS], workflow: null }, null);
        },
      })
    : null;
  watcher?.start();
  sweeper.start();
  return {
    sweeper,
    watcher,
    policy: () => current,
    stop: async () => {
      watcher?.stop();
      await sweeper.stop();
    },
  };
}
