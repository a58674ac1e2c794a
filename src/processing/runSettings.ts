import type { Context } from 'aws-lambda';
import type { EventType } from '../constants.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { sourceOfRecord } from '../sources/registry.js';
import type { BatchRecord, FifoMode, OnErrorPolicy, OrderingMode, ProcessOptions, SchedulingOptions } from '../types.js';
import { isFifoBatch } from './fifo.js';

/** The options a run was started with, resolved and checked. */
export interface RunSettings {
  /** The processor's source, or `undefined` when it accepts every source. */
  eventType: EventType | undefined;
  lambdaContext: Context | undefined;
  fifo: boolean;
  concurrency: number;
  ordering: OrderingMode;
  onError: OnErrorPolicy;
  /** Epoch milliseconds after which no record starts; `undefined` without a Lambda context or with the budget off. */
  deadline: number | undefined;
  /** SQS `nonRetryableErrors`: errors that count as non-retryable besides those whose `retryable` is false. */
  nonRetryable?: (error: Error) => boolean;
  /** SQS `poisonMessages: 'dlq'`: failures that go to the DLQ, so they stop neither the batch nor their FIFO group. */
  goesToDlq?: (error: Error) => boolean;
  /** Record each record's duration in its outcome (`durationMs`). */
  measureDurations: boolean;
}

const DEFAULT_MARGIN_MS = 500;
const POLICIES: readonly OnErrorPolicy[] = ['continue', 'skip-group', 'stop'];
const ORDERINGS: readonly OrderingMode[] = ['group', 'none'];

/** Resolves one call's options over the processor's defaults; throws `InvalidOptionError` for unusable values. */
export function resolveRunSettings(
  records: readonly BatchRecord[],
  eventType: EventType | undefined,
  options: ProcessOptions,
  defaults: SchedulingOptions & { fifo: FifoMode },
): RunSettings {
  const fifo = isFifoBatch(records, options.fifo ?? defaults.fifo);
  const batchType = eventType ?? (records.length > 0 ? sourceOfRecord(records[0] as BatchRecord)?.eventType : undefined);
  const concurrency = checkConcurrency(options.concurrency ?? defaults.concurrency ?? 1);
  const ordering = checkOrdering(options.ordering ?? defaults.ordering ?? 'group');
  const onError = checkOnError(
    options.onError ?? (options.skipGroupOnError ? 'skip-group' : (defaults.onError ?? defaultPolicy(batchType, fifo))),
  );
  const lambdaContext = options.context;
  return {
    eventType,
    lambdaContext,
    fifo,
    concurrency,
    ordering,
    onError,
    deadline: deadlineOf(lambdaContext, options.deadlineMarginMs ?? defaults.deadlineMarginMs),
    measureDurations: options.measureDurations === true,
  };
}

/** Standard SQS goes on after a failure; FIFO queues and streams stop, to keep each group's order. */
function defaultPolicy(eventType: EventType | undefined, fifo: boolean): OnErrorPolicy {
  if (eventType === 'SQS') return fifo ? 'stop' : 'continue';
  return eventType === undefined ? 'continue' : 'stop';
}

/**
 * Checks the scheduling options that are given, where they are declared (a processor's constructor, `@BatchHandler`),
 * so a bad value fails at cold start rather than at the first batch.
 */
export function checkSchedulingOptions(options: SchedulingOptions): void {
  if (options.concurrency !== undefined) checkConcurrency(options.concurrency);
  if (options.ordering !== undefined) checkOrdering(options.ordering);
  if (options.onError !== undefined) checkOnError(options.onError);
  if (options.deadlineMarginMs !== undefined) checkMargin(options.deadlineMarginMs);
}

function checkConcurrency(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidOptionError('concurrency', 'a whole number of at least 1', value);
  return value;
}

function checkOrdering(value: OrderingMode): OrderingMode {
  if (!ORDERINGS.includes(value)) throw new InvalidOptionError('ordering', "'group' or 'none'", value);
  return value;
}

function checkOnError(value: OnErrorPolicy): OnErrorPolicy {
  if (!POLICIES.includes(value)) throw new InvalidOptionError('onError', "'continue', 'skip-group' or 'stop'", value);
  return value;
}

function checkMargin(value: number | false): number | false {
  if (value !== false && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new InvalidOptionError('deadlineMarginMs', 'a number of milliseconds >= 0, or false', value);
  }
  return value;
}

/** The deadline, or `undefined`; the margin is checked even without a context, so a bad value fails in every test. */
function deadlineOf(context: Context | undefined, margin: number | false | undefined): number | undefined {
  const ms = checkMargin(margin ?? DEFAULT_MARGIN_MS);
  if (ms === false) return undefined;
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  const remaining = context.getRemainingTimeInMillis();
  return Number.isFinite(remaining) ? Date.now() + remaining - ms : undefined;
}
