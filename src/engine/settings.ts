import type { Context } from 'aws-lambda';
import type { EventType } from '../constants.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import type { BatchRecord, FifoMode, OnErrorPolicy, OrderingMode, ProcessOptions, SchedulingOptions } from '../types.js';
import { batchSourceOf, isFifoBatch } from './batchSource.js';
import type { FailureCandidate, RunExtension } from './extension.js';
import { checkMargin, deadlineOf } from './timeBudget.js';

/** The options a run was started with, resolved and checked. */
export interface RunSettings {
  /** The processor's source, or `undefined` when it accepts every source. */
  eventType: EventType | undefined;
  /** The source of the whole batch (the processor's, or the one its records name). */
  batchType: EventType | undefined;
  lambdaContext: Context | undefined;
  fifo: boolean;
  concurrency: number;
  ordering: OrderingMode;
  onError: OnErrorPolicy;
  /** Epoch milliseconds after which no record starts; `undefined` without a Lambda context or with the budget off. */
  deadline: number | undefined;
  /** Record each record's duration in its outcome (`durationMs`). */
  measureDurations: boolean;
  /** From the extensions: errors that count as non-retryable when a record handler threw them. */
  nonRetryable: ((error: Error) => boolean) | undefined;
  /** From the extensions: failures dealt with after the records, which do not stop order. */
  setAside: ((failure: FailureCandidate) => boolean) | undefined;
}

/** The processor's defaults a call's options are resolved over. */
export type RunDefaults = SchedulingOptions & { fifo: FifoMode };

const POLICIES: readonly OnErrorPolicy[] = ['continue', 'skip-group', 'stop'];
const ORDERINGS: readonly OrderingMode[] = ['group', 'none'];

/** Resolves one call's options over the processor's defaults and the extensions' rules; throws `InvalidOptionError`. */
export function resolveRunSettings(
  records: readonly BatchRecord[],
  eventType: EventType | undefined,
  options: ProcessOptions,
  defaults: RunDefaults,
  extensions: readonly RunExtension[] = [],
): RunSettings {
  const fifo = isFifoBatch(records, options.fifo ?? defaults.fifo);
  const batchType = batchSourceOf(records, eventType);
  const policy = options.onError ?? (options.skipGroupOnError ? 'skip-group' : defaults.onError);
  const settings: RunSettings = {
    eventType,
    batchType,
    lambdaContext: options.context,
    fifo,
    concurrency: checkConcurrency(options.concurrency ?? defaults.concurrency ?? 1),
    ordering: checkOrdering(options.ordering ?? defaults.ordering ?? 'group'),
    onError: checkOnError(policy ?? defaultPolicy(batchType, fifo)),
    deadline: deadlineOf(options.context, options.deadlineMarginMs ?? defaults.deadlineMarginMs),
    measureDurations: options.measureDurations === true,
    nonRetryable: undefined,
    setAside: undefined,
  };
  for (const extension of extensions) {
    const rules = extension.settings?.(records, settings);
    if (rules === undefined) continue;
    settings.nonRetryable = either(settings.nonRetryable, rules.nonRetryable);
    settings.setAside = either(settings.setAside, rules.setAside);
  }
  return settings;
}

function either<T>(a: ((value: T) => boolean) | undefined, b: ((value: T) => boolean) | undefined) {
  if (a === undefined || b === undefined) return a ?? b;
  return (value: T) => a(value) || b(value);
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
