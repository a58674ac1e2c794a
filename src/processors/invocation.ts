import { AsyncLocalStorage } from 'node:async_hooks';
import type { Run } from '../engine/Run.js';
import type { RecordContextImpl } from '../engine/recordContext.js';
import { isThenable } from '../engine/thenable.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import type { BatchRecord, RecordContext } from '../types.js';

/** An entry of a processor's inspection lists: a record (what the default hooks put there), or a user's own entry. */
export type InspectionEntry = BatchRecord | Record<string, unknown>;

/** Runs one record: returns its result or a promise of it; throws or rejects on failure. */
export type RecordInvoker = (record: BatchRecord, context: RecordContext) => unknown;

/** The Powertools-style fields of one invocation: plain arrays its hooks may assign, clear or push to. */
export interface InspectionFields {
  successMessages: InspectionEntry[];
  failureMessages: InspectionEntry[];
  errors: Error[];
}

/**
 * One invocation of a processor, as its extension points see it through `this`: the fields, the records and the
 * record handler of this invocation, also when invocations overlap on one processor. The engine's outcome never
 * comes from here: what user code does to these fields changes no response.
 */
export class Invocation {
  private own: InspectionFields | undefined;
  /** The run whose outcomes fill the fields, when the default hooks are not called (the engine calls the handler). */
  private mirrored: Run | undefined;
  /** The record handler of this invocation, as `this.handler(record)` calls it from a custom `processRecord`. */
  readonly handler: (record: BatchRecord, ...rest: unknown[]) => unknown;
  private readonly contexts = new Map<BatchRecord, RecordContextImpl>();
  private readonly given = new Map<BatchRecord, Error>();
  private readonly invoked = new Set<BatchRecord>();
  /** Input positions of the entries the default hooks inserted, per list (while no one else touched it). */
  private readonly positions = new WeakMap<unknown[], number[]>();

  constructor(
    readonly records: readonly BatchRecord[],
    readonly invoke: RecordInvoker,
  ) {
    this.handler = (record) => {
      const context = this.contexts.get(record);
      if (context === undefined) {
        throw new BatchProcessingError('this.handler(record) was called with a record that is not in this invocation.');
      }
      this.invoked.add(record);
      return invoke(record, context);
    };
  }

  /**
   * The fields: made on first read. When the invocation mirrors a run, they are filled from its outcomes then, and
   * follow its later outcomes as the default hooks would have filled them.
   */
  get fields(): InspectionFields {
    if (this.own !== undefined) return this.own;
    this.own = { successMessages: [], failureMessages: [], errors: [] };
    if (this.mirrored !== undefined) this.followRun(this.mirrored);
    return this.own;
  }

  /** Fills the fields from the run's outcomes instead of the default hooks (which then are not called). */
  mirror(run: Run): void {
    this.mirrored = run;
    if (this.own !== undefined) this.followRun(run);
  }

  /** Takes in the run's outcomes so far, then each one as it comes. */
  private followRun(run: Run): void {
    for (let index = 0; index < this.records.length; index++) {
      if (run.hasOutcome(index)) this.follow(run, index, false);
    }
    run.listener = (index, _ok, replaced) => this.follow(run, index, replaced);
  }

  private follow(run: Run, index: number, replaced: boolean): void {
    const record = this.records[index] as BatchRecord;
    if (replaced) this.retractSuccess(record);
    if (run.succeeded(index)) this.insert(this.fields.successMessages, record, index);
    else this.addFailureAt(record, run.valueOf(index) as Error, index);
  }

  /** Remembers which context a record has, for `this.handler(record)` and hooks called without a context. */
  track(record: BatchRecord, context: RecordContextImpl): void {
    this.contexts.set(record, context);
  }

  /** True when the record's handler was called through `this.handler`. */
  ran(record: BatchRecord): boolean {
    return this.invoked.has(record);
  }

  /** The error a `failureHandler` was given for the record, if any. */
  errorOf(record: BatchRecord): Error | undefined {
    return this.given.get(record);
  }

  /** The default `successHandler`: the record joins `successMessages`, in input order. */
  addSuccess(record: BatchRecord, context: RecordContext | undefined): void {
    this.insert(this.fields.successMessages, record, this.indexOf(record, context));
  }

  /** The default `failureHandler`: the record joins `failureMessages` and its error `errors`, in input order. */
  addFailure(record: BatchRecord, error: Error, context: RecordContext | undefined): void {
    this.given.set(record, error);
    this.addFailureAt(record, error, this.indexOf(record, context));
  }

  private addFailureAt(record: BatchRecord, error: Error, index: number | undefined): void {
    const { fields } = this;
    this.insert(fields.failureMessages, record, index);
    this.insert(fields.errors, error, index);
  }

  /** A success that turned into a failure leaves `successMessages`, if the default hook put it there. */
  retractSuccess(record: BatchRecord): void {
    const list = this.fields.successMessages;
    const positions = this.positions.get(list);
    if (positions === undefined || positions.length !== list.length) return;
    const at = list.lastIndexOf(record);
    if (at < 0) return;
    list.splice(at, 1);
    positions.splice(at, 1);
  }

  private indexOf(record: BatchRecord, context: RecordContext | undefined): number | undefined {
    return context?.index ?? this.contexts.get(record)?.index;
  }

  /**
   * Inserts at the entry's input position while the list holds only what the default hooks put there (records may
   * settle out of order with `concurrency`); appends once user code changed it, or for an unknown position. A list
   * that user code emptied is tracked again from then on.
   */
  private insert<T>(list: T[], entry: T, index: number | undefined): void {
    let positions = this.positions.get(list);
    if (positions === undefined || list.length === 0) {
      positions = [];
      this.positions.set(list, positions);
    }
    if (index === undefined || positions === undefined || positions.length !== list.length) {
      list.push(entry);
      return;
    }
    let at = positions.length;
    while (at > 0 && (positions[at - 1] as number) > index) at--;
    positions.splice(at, 0, index);
    list.splice(at, 0, entry);
  }
}

interface Current {
  processor: object;
  invocation: Invocation;
}

let storage: AsyncLocalStorage<Current> | undefined;

/** Runs one invocation of a processor with its state in reach of the processor's `this` fields. */
export function withInvocation<T>(processor: object, invocation: Invocation, body: () => T): T {
  storage ??= new AsyncLocalStorage<Current>();
  return storage.run({ processor, invocation }, body);
}

/** The invocation of this processor whose code is running, if any. */
export function currentInvocation(processor: object): Invocation | undefined {
  const current = storage?.getStore();
  return current?.processor === processor ? current.invocation : undefined;
}

/** Silences a promise that will not be awaited (its rejection is reported another way, never lost as unhandled). */
export function silence(value: unknown): void {
  if (isThenable(value)) Promise.resolve(value).then(undefined, () => {});
}
