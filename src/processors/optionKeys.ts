import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { checkMaxDepth } from '../sources/limits.js';

/** The scheduling options, taken by processors (as defaults), per call and by `@BatchHandler`. */
export const SCHEDULING_KEYS = ['concurrency', 'ordering', 'onError', 'deadlineMarginMs'] as const;
/** What every processor's constructor takes. */
export const BASE_PROCESSOR_KEYS = [...SCHEDULING_KEYS, 'logger', 'extensions'] as const;
/** The DTO options, of `@RecordHandler` and DTO processors. */
export const DTO_KEYS = ['from', 'envelope', 'validator', 'transformer', 'maxDepth'] as const;
/** The SQS feature options of SQS processors. */
export const SQS_PROCESSOR_KEYS = [
  'poisonMessages',
  'dlqUrl',
  'nonRetryableErrors',
  'retryBackoff',
  'client',
  'clientConfig',
] as const;
/** The options of one call (`register`, `processPartialResponse`, `execute`). */
export const CALL_KEYS = [
  ...SCHEDULING_KEYS,
  'context',
  'throwOnFullBatchFailure',
  'skipGroupOnError',
  'fifo',
  'measureDurations',
] as const;
/** The options of `@BatchHandler`. */
export const BATCH_HANDLER_KEYS = [
  ...SCHEDULING_KEYS,
  'throwOnFullBatchFailure',
  'skipGroupOnError',
  'fifo',
  'logger',
  'measureDurations',
  'processor',
  'deleteSuccessful',
  'suppressException',
  'poisonMessages',
  'dlqUrl',
  'nonRetryableErrors',
  'retryBackoff',
  'sqsClient',
  'sqsClientConfig',
] as const;
/** The options of `@RecordHandler`. */
export const RECORD_HANDLER_KEYS = ['dto', 'match', ...DTO_KEYS] as const;

/** Where an option that is not taken here belongs. */
const BELONGS: Readonly<Record<string, string>> = {
  processInParallel:
    'no batchkit option: records run one at a time unless you set `concurrency` (see docs/migrating.md, "Sequential by default")',
  throwOnFullBatchFailure: 'the options of each call (processPartialResponse, register) or @BatchHandler',
  skipGroupOnError: 'the options of each call (processPartialResponse, register) or @BatchHandler',
  fifo: 'the options of each call (processPartialResponse, register) or @BatchHandler',
  measureDurations: 'the options of each call (processPartialResponse, register) or @BatchHandler',
  context: 'the options of each call (processPartialResponse, register)',
  logger: "the processor's constructor or @BatchHandler",
  extensions: "the processor's constructor",
  dto: '@RecordHandler, or the constructor of BatchProcessor / BatchProcessorSync',
  match: '@RecordHandler',
  processor: '@BatchHandler',
  deleteSuccessful: 'PartialSqsProcessor (legacy mode), or @BatchHandler',
  suppressException: 'PartialSqsProcessor, or @BatchHandler with deleteSuccessful',
  sqsClient: '@BatchHandler (processors take `client`)',
  sqsClientConfig: '@BatchHandler (processors take `clientConfig`)',
  client: 'the constructor of an SQS processor (@BatchHandler takes `sqsClient`)',
  clientConfig: 'the constructor of an SQS processor (@BatchHandler takes `sqsClientConfig`)',
  poisonMessages: 'the constructor of an SQS processor, or @BatchHandler',
  dlqUrl: 'the constructor of an SQS processor, or @BatchHandler',
  nonRetryableErrors: 'the constructor of an SQS processor, or @BatchHandler',
  retryBackoff: 'the constructor of an SQS processor, or @BatchHandler',
};
for (const key of DTO_KEYS)
  (BELONGS as Record<string, string>)[key] = '@RecordHandler, or a DTO processor (BatchProcessor with `dto`)';

/**
 * Rejects keys an options object does not take, where it enters (a constructor, a decorator, a call), with an
 * `InvalidOptionError` that names the key and where it belongs: an option in the wrong place is never ignored.
 * `undefined` values count too (a typo is a typo). Not an object at all: also an `InvalidOptionError` (every caller
 * defaults missing options to `{}`, so `undefined` never arrives).
 */
export function checkOptionKeys(options: unknown, accepted: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(where, 'an options object', options);
  }
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue;
    const home = BELONGS[key];
    throw new InvalidOptionError(
      key,
      `left out of ${where}: it is not an option there${home === undefined ? '' : `; it belongs in ${home}`}`,
      (options as Record<string, unknown>)[key],
    );
  }
}

const BOOLEANS = ['throwOnFullBatchFailure', 'skipGroupOnError', 'measureDurations', 'deleteSuccessful', 'suppressException'];
const CHOICES: Readonly<Record<string, readonly unknown[]>> = {
  fifo: ['auto', true, false],
  from: ['payload', 'record'],
  envelope: ['sns', 'eventbridge'],
};

/** Checks the flags and choices an options object gives (the rest is checked by the part that uses it). */
export function checkOptionValues(options: object): void {
  const given = options as Record<string, unknown>;
  checkMaxDepth(given.maxDepth);
  for (const key of BOOLEANS) {
    const value = given[key];
    if (value !== undefined && typeof value !== 'boolean') throw new InvalidOptionError(key, 'true or false', value);
  }
  for (const [key, choices] of Object.entries(CHOICES)) {
    const value = given[key];
    if (value !== undefined && !choices.includes(value)) {
      throw new InvalidOptionError(key, choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', '), value);
    }
  }
}
