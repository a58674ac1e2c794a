import type { EventType } from '../constants.js';
import type { RunExtension } from '../engine/extension.js';
import { checkSchedulingOptions } from '../engine/settings.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { isEventType } from '../sources/registry.js';
import type { BatchLogger, SchedulingOptions } from '../types.js';
import { checkOptionKeys, checkOptionValues } from './optionKeys.js';

/** Options of every processor; the scheduling ones are defaults that each call may override. */
export interface BaseProcessorOptions extends SchedulingOptions {
  /** Where failures and hook errors are logged (default: JSON lines on the console). */
  logger?: BatchLogger;
  /**
   * What plugs into every run of the processor, at the engine's fixed points (settings, after the records, the
   * verdict): the built-in processors add their SQS features and legacy mode here. See docs/procedural-api.md.
   */
  extensions?: readonly RunExtension[];
}

/** A procedural record handler, as given to `register` or `processPartialResponse`. */
// biome-ignore lint/suspicious/noExplicitAny: handlers are typed by the caller
export type ProceduralHandler = (...args: any[]) => unknown;

/**
 * Checks what a processor's constructor is given, before anything is kept: the event type, then the option keys
 * it takes (`accepted`), their flags and choices, and the scheduling defaults. Returns those defaults.
 */
export function checkProcessorOptions(
  eventType: unknown,
  options: BaseProcessorOptions,
  accepted: readonly string[],
  where: string,
): SchedulingOptions {
  if (eventType !== undefined && !isEventType(eventType as EventType)) {
    throw new InvalidOptionError(
      'eventType',
      'an EventType (SQS, KinesisDataStreams or DynamoDBStreams), or undefined',
      eventType,
    );
  }
  checkOptionKeys(options, accepted, where);
  checkOptionValues(options);
  const { concurrency, ordering, onError, deadlineMarginMs } = options;
  const scheduling = { concurrency, ordering, onError, deadlineMarginMs };
  checkSchedulingOptions(scheduling);
  return scheduling;
}
