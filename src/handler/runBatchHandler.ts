import type { Context } from 'aws-lambda';
import type { BatchHandlerOptions } from '../decorators/options.js';
import { failuresOnly, type SettleObserver } from '../engine/observers.js';
import { isThenable } from '../engine/thenable.js';
import { hookFailure } from '../errors/HookError.js';
import { planFor } from '../metadata/HandlerPlan.js';
import { assertBatchEvent } from '../processors/batchEvent.js';
import { failureLogger } from '../processors/failureLogger.js';
import type { BatchLogger, BatchOutcome, ProcessOptions, RecordFailure, RecordSuccess } from '../types.js';
import { withResponse } from './batchResponse.js';
import { inspectorOf } from './inspection.js';
import { mergeResponse } from './mergeResponse.js';
import { processorFor } from './processorFor.js';
import { readsOutcome } from './readsOutcome.js';

/** The hooks a handler class may define. */
interface Hooks {
  onSuccess?: (success: RecordSuccess) => unknown;
  onFailure?: (failure: RecordFailure) => unknown;
}

/**
 * One invocation of a `@BatchHandler` method: check the event, run every record through the class's record handlers
 * on the engine, call the hooks, then the decorated method with (a copy of) the outcome. The response comes from the
 * run: what the body does to the outcome it was given changes nothing, and a partial batch response it returns gets
 * batchkit's own failures merged in.
 */
export async function runBatchHandler(
  instance: object,
  method: (event: unknown, context: Context | undefined, outcome: BatchOutcome) => unknown,
  options: BatchHandlerOptions,
  event: unknown,
  context: Context | undefined,
): Promise<unknown> {
  assertBatchEvent(event);
  const planned = planFor(instance.constructor);
  const plan = planned instanceof Promise ? await planned : planned;
  const processor = processorFor(options);
  const inspect = inspectorOf(context);
  const observer = hookObserver(instance as Hooks, processor.logger);
  const request = [
    event.Records,
    plan.invokerFor(instance),
    runOptions(options, context, inspect !== undefined),
    observer,
  ] as const;
  // Only the response is needed when neither the method nor the testing kit's inspector looks at the outcome.
  const onlyResponse = inspect === undefined && !readsOutcome(method);
  const result = await (onlyResponse ? processor.executeForResponse(...request) : processor.execute(...request));
  inspect?.(result.run.outcome());
  let returned: unknown;
  try {
    const called = withResponse(
      () => result.run.response(),
      () => method.call(instance, event, context, result.outcome),
    );
    returned = isThenable(called) ? await called : called;
  } catch (error) {
    throw hookFailure('batchHandler', error);
  }
  processor.conclude(result, options);
  return mergeResponse(returned, result.run);
}

/** The per-call options of one invocation, taken from the decorator's options. */
function runOptions(options: BatchHandlerOptions, context: Context | undefined, inspected: boolean): ProcessOptions {
  const { concurrency, ordering, onError, deadlineMarginMs, throwOnFullBatchFailure, skipGroupOnError, fifo } = options;
  return {
    concurrency,
    ordering,
    onError,
    deadlineMarginMs,
    throwOnFullBatchFailure,
    skipGroupOnError,
    fifo,
    context,
    measureDurations: options.measureDurations ?? inspected,
  };
}

/** Calls `onSuccess`/`onFailure` (looked up on the instance, so inherited and overridden hooks work); without `onFailure`, failures are logged. */
function hookObserver(instance: Hooks, logger: BatchLogger): SettleObserver {
  const logFailure = failureLogger(logger);
  if (typeof instance.onSuccess !== 'function' && typeof instance.onFailure !== 'function') return logFailure;
  const onFailure = (settled: RecordSuccess | RecordFailure) =>
    typeof instance.onFailure === 'function' ? instance.onFailure(settled as RecordFailure) : logFailure(settled);
  if (typeof instance.onSuccess !== 'function') return failuresOnly(onFailure);
  return (settled) => ('error' in settled ? onFailure(settled) : instance.onSuccess?.(settled));
}
