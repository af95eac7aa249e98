/**
 * A small group-commit queue: callers enqueue batches and wait; one writer at a time takes
 * everything queued so far and commits it in one transaction. Under load many requests share a
 * commit (and its fsync); when idle a lone batch is committed at once, with no added delay.
 */
import { OverloadedError } from './types.js';

interface Pending<T, R> {
  items: T[];
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitQueue<T, R> {
  private queue: Pending<T, R>[] = [];
  private queuedItems = 0;
  private running: Promise<void> | null = null;

  constructor(
    /** Commits several batches together; returns one result per batch, in order. */
    private readonly commit: (batches: T[][]) => Promise<R[]>,
    private readonly options: { maxItemsPerCommit: number; maxQueuedItems: number },
  ) {}

  get depth(): number {
    return this.queuedItems;
  }

  enqueue(items: T[]): Promise<R> {
    if (this.queuedItems + items.length > this.options.maxQueuedItems && this.queuedItems > 0) {
      return Promise.reject(new OverloadedError(1));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queuedItems += items.length;
      // `running` is cleared synchronously by drain() right after it finds the queue empty, so
      // a batch enqueued at any moment either is seen by that loop or starts a new one.
      this.running ??= this.drain();
    });
  }

  /** Resolves when everything enqueued so far has been committed or failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let batches enqueued in the same tick join the first commit.
    await Promise.resolve();
    for (;;) {
      if (!this.queue.length) {
        this.running = null;
        return;
      }
      const group: Pending<T, R>[] = [];
      let size = 0;
      while (
        this.queue.length &&
        (group.length === 0 || size + this.queue[0]!.items.length <= this.options.maxItemsPerCommit)
      ) {
        const next = this.queue.shift()!;
        size += next.items.length;
        group.push(next);
      }
      try {
        const results = await this.commit(group.map((g) => g.items));
        group.forEach((g, i) => g.resolve(results[i]!));
      } catch (err) {
        for (const g of group) g.reject(err);
      } finally {
        this.queuedItems -= size;
      }
    }
  }
}
