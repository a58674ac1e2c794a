import type { BatchOutcome, BatchRecord, PartialBatchResponse, ProcessOptions, RecordFailure } from '../types.js';
import type { RunSettings } from './settings.js';

/** What a run's view shows of a failure an extension is asked about while the records run. */
export interface FailureCandidate {
  readonly error: Error;
  readonly retryable: boolean;
  readonly eventType: RecordFailure['eventType'];
}

/** Rules an extension adds to a run. */
export interface RunPolicy {
  /** Errors that count as non-retryable when a record handler threw them (never for records that did not run). */
  nonRetryable?: (error: Error) => boolean;
  /**
   * Failures the extension deals with after the records (a dead-letter queue, say): they stop neither the batch nor
   * their ordering group under `onError`.
   */
  setAside?: (failure: FailureCandidate) => boolean;
}

/** A read-only view of one run, for processors, hooks and extensions. Every call of `outcome()` returns copies. */
export interface RunView {
  readonly records: readonly BatchRecord[];
  readonly settings: Readonly<RunSettings>;
  /** Aborts at the time-budget deadline. */
  readonly signal: AbortSignal;
  /** The outcome so far, in input order: fresh copies, so changing them changes nothing. */
  outcome(): BatchOutcome;
  /** The partial batch response so far (a fresh object): every failure not marked handled, in input order. */
  response(): PartialBatchResponse;
}

/** What a failure can be annotated with. */
export type FailureAnnotation = Partial<Pick<RecordFailure, 'sentToDlq'>>;

/** The changes an extension may make after the records ran, before the hooks. */
export interface RunAmendments {
  /** The failure was dealt with (moved to a dead-letter queue, say): it stays a failure but is not reported. */
  markHandled(index: number, note?: FailureAnnotation): void;
  /** Annotates a failure without changing how it is reported. */
  note(index: number, note: FailureAnnotation): void;
  /**
   * Applies `onError` to failures found after the records ran: every later success the rule would have skipped (all
   * of them with `'stop'`, those of the same ordering group with `'skip-group'`) fails with `error(blocker)`.
   */
  failBehind(stuck: readonly RecordFailure[], error: (blocker: RecordFailure) => Error): void;
}

/** What the conclusion of a run sees. */
export interface Conclusion {
  readonly view: RunView;
  readonly options: ProcessOptions;
}

/**
 * The one seam of the engine: SQS features (dead-letter queue, backoff, FIFO requeue), legacy deletes and other
 * transports plug in here instead of overriding a processor. The engine calls, at fixed points of every run:
 * `settings` before the first record, `afterRecords` after the last one (before the hooks), and `conclude` when the
 * invocation's verdict is due (after a `@BatchHandler` body). Extensions keep per-run state keyed by the view.
 */
export interface RunExtension {
  /** Names the extension in errors. */
  readonly name: string;
  /** Set when the extension works asynchronously (it calls AWS): synchronous runs are then refused. */
  readonly asyncOnly?: boolean;
  /** Rules for this run, decided from its records and settings. */
  settings?(records: readonly BatchRecord[], settings: RunSettings): RunPolicy | undefined;
  /** Work on the whole batch that may still change outcomes (through `amend`). */
  afterRecords?(view: RunView, amend: RunAmendments): void | Promise<void>;
  /**
   * The verdict: throw to fail the invocation, or call `next()` for the verdict of the extensions after this one
   * (finally: `FullBatchFailureError` when every record failed and `throwOnFullBatchFailure` is on).
   */
  conclude?(conclusion: Conclusion, next: () => void): void;
}

/** The read-only view of a run as `prepare(run)` and `clean(run)` get it (its name in earlier versions). */
export type ProcessingRun = RunView;
