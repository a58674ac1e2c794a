import type { Context } from 'aws-lambda';
import type { BatchHandlerOptions } from '../decorators/options.js';
import { consoleLogger } from '../logging/consoleLogger.js';
import { planFor } from '../metadata/HandlerPlan.js';
import { AnySourceProcessor } from '../processing/AnySourceProcessor.js';
import { assertBatchEvent } from '../processing/batchEvent.js';
import { failureLogger } from '../processing/observers.js';
import type { SettleObserver } from '../processing/ProcessingRun.js';
import { isThenable } from '../processing/thenable.js';
import { sqsHandlerProcessor } from '../sqs/SqsHandlerProcessor.js';
import type { BatchLogger, BatchOutcome, ProcessOptions, RecordFailure, RecordSuccess } from '../types.js';
import { withOutcome } from './batchResponse.js';
import { inspectorOf } from './inspection.js';

/** The hooks a handler class may define. */
interface Hooks {
  onSuccess?: (success: RecordSuccess) => unknown;
  onFailure?: (failure: RecordFailure) => unknown;
}

/**
 * One invocation of a `@BatchHandler` method: check the event, run every record through the class's record handlers
 * on the engine, call the hooks, then the decorated method with the outcome.
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
  const logger = options.logger ?? consoleLogger;
  const processor = sqsHandlerProcessor(options) ?? options.processor ?? defaultProcessor(options, logger);
  const inspect = inspectorOf(context);
  const runOptions: ProcessOptions = { ...options, context, measureDurations: options.measureDurations ?? inspect !== undefined };
  const result = await processor.execute(
    event.Records,
    plan.invokerFor(instance),
    runOptions,
    hookObserver(instance as Hooks, logger),
  );
  inspect?.(result.outcome);
  const called = withOutcome(result.outcome, () => method.call(instance, event, context, result.outcome));
  const returned = isThenable(called) ? await called : called;
  processor.conclude(result, options);
  return returned === undefined ? result.outcome.response : returned;
}

/** One default processor per decorator options object (it keeps no invocation state: each call has its own run). */
const defaults = new WeakMap<BatchHandlerOptions, AnySourceProcessor>();

function defaultProcessor(options: BatchHandlerOptions, logger: BatchLogger): AnySourceProcessor {
  let processor = defaults.get(options);
  if (processor === undefined) {
    processor = new AnySourceProcessor(undefined, { logger });
    defaults.set(options, processor);
  }
  return processor;
}

/** Calls `onSuccess`/`onFailure` (looked up on the instance, so inherited and overridden hooks work); without `onFailure`, failures are logged. */
function hookObserver(instance: Hooks, logger: BatchLogger): SettleObserver {
  const logFailure = failureLogger(logger);
  return (settled) => {
    if ('error' in settled) return typeof instance.onFailure === 'function' ? instance.onFailure(settled) : logFailure(settled);
    return typeof instance.onSuccess === 'function' ? instance.onSuccess(settled) : undefined;
  };
}
