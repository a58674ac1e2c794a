import type { BatchHandlerOptions } from '../decorators/options.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { consoleLogger } from '../logging/consoleLogger.js';
import { guardLogger } from '../logging/guardLogger.js';
import { AnySourceProcessor } from '../processors/AnySourceProcessor.js';
import type { BasePartialProcessor } from '../processors/BasePartialProcessor.js';
import { sqsExtensions } from '../processors/sqsExtensions.js';

/**
 * The one processor of a `@BatchHandler` options object, made when the decorator is applied (so bad options fail at
 * cold start) and shared by its invocations, which each get their own run: the user's `processor`, or the default
 * any-source processor with the SQS extensions its options ask for (they apply to SQS records only). Throws
 * `InvalidOptionError` for SQS options next to a custom `processor` (give that processor the options instead).
 */
export function processorFor(options: BatchHandlerOptions): BasePartialProcessor {
  let processor = processors.get(options);
  if (processor !== undefined) return processor;
  const { deleteSuccessful = false, suppressException, poisonMessages, dlqUrl, nonRetryableErrors, retryBackoff } = options;
  const logger = options.logger === undefined ? consoleLogger : guardLogger(options.logger);
  const sqsOptions = {
    poisonMessages,
    dlqUrl,
    nonRetryableErrors,
    retryBackoff,
    client: options.sqsClient,
    clientConfig: options.sqsClientConfig,
  };
  const legacy = deleteSuccessful ? { suppressException: suppressException === true } : undefined;
  const extensions = sqsExtensions('SQS', sqsOptions, legacy, logger);
  if (extensions.length > 0 && options.processor !== undefined) {
    throw new InvalidOptionError('processor', 'left out with SQS options (give your processor those options)', 'both');
  }
  processor = options.processor ?? new AnySourceProcessor(undefined, { logger, extensions });
  processors.set(options, processor);
  return processor;
}

const processors = new WeakMap<BatchHandlerOptions, BasePartialProcessor>();
