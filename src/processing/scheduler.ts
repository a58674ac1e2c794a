import { toError } from '../errors/NonErrorThrownError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import type { BatchRecord, ProcessResult } from '../types.js';
import type { ProcessingRun, RecordContextImpl } from './ProcessingRun.js';
import { isThenable } from './thenable.js';

/** Starts one record: its result tuple, or a promise of it. */
export type StartRecord = (context: RecordContextImpl) => ProcessResult | Promise<ProcessResult>;

/** Reports a record that will not finish (the deadline passed): the processor's `failureHandler`. */
export type SkipRecord = (context: RecordContextImpl, error: Error) => unknown;

/**
 * Runs the records of a run: at most `concurrency` in flight, one at a time per ordering group in input order,
 * none started after the deadline. Records whose handler returns synchronously never wait for a promise.
 * Resolves when every record has an outcome, or at the deadline (records still running are then failed).
 */
export function scheduleRecords(
  run: ProcessingRun,
  contexts: readonly RecordContextImpl[],
  start: StartRecord,
  skip?: SkipRecord,
): Promise<void> {
  if (run.settings.concurrency === 1) return runInOrder(run, contexts, start, skip);
  return new Scheduler(run, contexts, start, skip).start();
}

const DEADLINE = Symbol('deadline');

/**
 * The plain path: one record after another, in input order. With a deadline, no record starts after it, and a
 * record still waiting at it is failed without being awaited (one timer per run, armed by the first wait).
 */
async function runInOrder(
  run: ProcessingRun,
  contexts: readonly RecordContextImpl[],
  start: StartRecord,
  skip?: SkipRecord,
): Promise<void> {
  const { deadline } = run.settings;
  let timer: NodeJS.Timeout | undefined;
  let reached: Promise<typeof DEADLINE> | undefined;
  try {
    for (const context of contexts) {
      if (deadline !== undefined && Date.now() >= deadline) return expire(run, contexts, skip, (index) => index < context.index);
      const record = run.records[context.index] as BatchRecord;
      try {
        run.markStarted(context.index);
        let result = start(context);
        if (isThenable(result)) {
          if (deadline === undefined) result = await result;
          else {
            reached ??= new Promise((resolve) => {
              timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), DEADLINE);
            });
            const first = await Promise.race([result, reached]);
            if (first === DEADLINE) return expire(run, contexts, skip, (index) => index <= context.index);
            result = first;
          }
        }
        run.settle(context, record, result);
      } catch (error) {
        run.fail(context, record, toError(error));
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * At the deadline: every record without an outcome fails with `TimeBudgetExceededError` (through the processor's
 * `failureHandler`), then the run closes, so whatever settles later is dropped.
 */
function expire(
  run: ProcessingRun,
  contexts: readonly RecordContextImpl[],
  skip: SkipRecord | undefined,
  started: (index: number) => boolean,
): void {
  for (const context of contexts) {
    if (run.hasOutcome(context.index)) continue;
    const error = new TimeBudgetExceededError(context.itemIdentifier, started(context.index));
    try {
      skip?.(context, error);
    } catch {
      // a failureHandler that throws changes nothing: the record fails below
    }
    if (!run.hasOutcome(context.index)) run.fail(context, run.records[context.index] as BatchRecord, error);
  }
  run.close(new TimeBudgetExceededError(undefined, false));
}

class Scheduler {
  private readonly heap = new IndexHeap();
  private readonly groups = new Map<string, { waiting: number[]; next: number }>();
  private readonly started: Uint8Array;
  private inFlight = 0;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private resolve: () => void = () => {};

  constructor(
    private readonly run: ProcessingRun,
    private readonly contexts: readonly RecordContextImpl[],
    private readonly startRecord: StartRecord,
    private readonly skip: SkipRecord | undefined,
  ) {
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
    const { concurrency, deadline } = this.run.settings;
    while (!this.done && this.inFlight < concurrency && this.heap.size > 0) {
      if (deadline !== undefined && Date.now() >= deadline) {
        this.expire();
        return;
      }
      const context = this.contexts[this.heap.pop()] as RecordContextImpl;
      this.started[context.index] = 1;
      this.run.markStarted(context.index);
      let result: ProcessResult | Promise<ProcessResult>;
      try {
        result = this.startRecord(context);
      } catch (error) {
        this.settle(context, undefined, error);
        continue;
      }
      if (isThenable(result)) {
        this.inFlight++;
        this.armDeadline(); // only a record that waits can still be running at the deadline
        result.then(
          (value) => this.finishAsync(context, value, undefined),
          (error: unknown) => this.finishAsync(context, undefined, error ?? new Error('processRecord rejected')),
        );
      } else {
        this.settle(context, result, undefined);
      }
    }
    if (!this.done && this.inFlight === 0 && this.heap.size === 0) this.finish();
  }

  private finishAsync(context: RecordContextImpl, result: ProcessResult | undefined, error: unknown): void {
    if (this.done) return; // settled after the deadline: dropped, no hooks, no rejection
    this.inFlight--;
    try {
      this.settle(context, result, error);
    } catch (thrown) {
      // recording the outcome itself failed: the record fails, and the run goes on (never a hang or a stray rejection)
      if (!this.run.hasOutcome(context.index))
        this.run.fail(context, this.run.records[context.index] as BatchRecord, toError(thrown));
    } finally {
      this.pump();
    }
  }

  private settle(context: RecordContextImpl, result: ProcessResult | undefined, error: unknown): void {
    const record = this.run.records[context.index] as BatchRecord;
    if (error !== undefined) this.run.fail(context, record, toError(error));
    else this.run.settle(context, record, result);
    this.release(context);
  }

  /** The next record of a finished record's group becomes eligible. */
  private release(context: RecordContextImpl): void {
    const key = context.orderingKey;
    const group = key === undefined ? undefined : this.groups.get(key);
    if (group !== undefined && group.next < group.waiting.length) this.heap.push(group.waiting[group.next++] as number);
  }

  private armDeadline(): void {
    const { deadline } = this.run.settings;
    if (deadline === undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.expire(), Math.max(0, deadline - Date.now()));
  }

  private expire(): void {
    if (this.done) return;
    expire(this.run, this.contexts, this.skip, (index) => this.started[index] === 1);
    this.finish();
  }

  private finish(): void {
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.resolve();
  }
}

/** A binary min-heap of record indexes: the earliest eligible record starts first. */
class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
        if ((items[child] as number) >= last) break;
        items[i] = items[child] as number;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
