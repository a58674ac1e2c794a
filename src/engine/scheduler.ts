import { IndexHeap } from './indexHeap.js';
import { runInOrder } from './inOrder.js';
import type { Verdict } from './Run.js';
import type { RecordContextImpl } from './recordContext.js';
import { begin, expire, type RecordRunner, settle } from './recordStep.js';
import { atDeadline, pastDeadline } from './timeBudget.js';

/**
 * Runs the records of a run: at most `concurrency` in flight, one at a time per ordering group in input order,
 * none started after the deadline. Records that end synchronously never wait for a promise. Ends when every record
 * has an outcome, or at the deadline (records still running are then failed). Synchronous runs, and runs with a
 * concurrency of 1, take the one in-order loop.
 */
export function scheduleRecords(runner: RecordRunner, sync: boolean): void | Promise<void> {
  if (sync || runner.run.settings.concurrency === 1) return runInOrder(runner);
  return new Scheduler({ ...runner, contexts: runner.contexts ?? runner.run.contexts() }).start();
}

class Scheduler {
  private readonly heap = new IndexHeap();
  private readonly groups = new Map<string, { waiting: number[]; next: number }>();
  private readonly started: Uint8Array;
  private inFlight = 0;
  private done = false;
  private cancelTimer: (() => void) | undefined;
  private resolve: () => void = () => {};

  constructor(private readonly runner: RecordRunner & { contexts: readonly RecordContextImpl[] }) {
    const { contexts, run } = runner;
    this.started = new Uint8Array(contexts.length);
    const grouped = run.settings.ordering === 'group';
    for (const context of contexts) {
      const key = grouped ? context.orderingKey : undefined;
      const group = key === undefined ? undefined : this.groups.get(key);
      if (group !== undefined) group.waiting.push(context.index);
      else {
        if (key !== undefined) this.groups.set(key, { waiting: [], next: 0 });
        this.heap.push(context.index);
      }
    }
  }

  start(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.pump();
    });
  }

  /** Starts eligible records, earliest first, until the concurrency bound is reached. */
  private pump(): void {
    const { concurrency, deadline } = this.runner.run.settings;
    while (!this.done && this.inFlight < concurrency && this.heap.size > 0) {
      if (pastDeadline(deadline)) {
        this.expire();
        return;
      }
      const context = this.runner.contexts[this.heap.pop()] as RecordContextImpl;
      this.started[context.index] = 1;
      const pending = begin(this.runner, context);
      if (pending === undefined) {
        this.release(context);
        continue;
      }
      this.inFlight++;
      this.armDeadline(); // only a record that waits can still be running at the deadline
      pending.then(
        (verdict) => this.finish(context, verdict, undefined),
        (error: unknown) => this.finish(context, undefined, error ?? new Error('the record step rejected')),
      );
    }
    if (!this.done && this.inFlight === 0 && this.heap.size === 0) this.end();
  }

  private finish(context: RecordContextImpl, verdict: Verdict | undefined, error: unknown): void {
    if (this.done) return; // settled after the deadline: dropped, no hooks, no rejection
    this.inFlight--;
    try {
      settle(this.runner, context, verdict, error);
    } finally {
      this.release(context);
      this.pump();
    }
  }

  /** The next record of a finished record's group becomes eligible. */
  private release(context: RecordContextImpl): void {
    const key = context.orderingKey;
    const group = key === undefined ? undefined : this.groups.get(key);
    if (group !== undefined && group.next < group.waiting.length) this.heap.push(group.waiting[group.next++] as number);
  }

  private armDeadline(): void {
    const { deadline } = this.runner.run.settings;
    if (deadline === undefined || this.cancelTimer !== undefined) return;
    this.cancelTimer = atDeadline(deadline, () => this.expire());
  }

  private expire(): void {
    if (this.done) return;
    expire(this.runner, (index) => this.started[index] === 1);
    this.end();
  }

  private end(): void {
    this.done = true;
    this.cancelTimer?.();
    this.resolve();
  }
}
