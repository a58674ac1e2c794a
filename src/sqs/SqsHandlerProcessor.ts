import type { SQSRecord } from 'aws-lambda';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { concludeLegacy } from '../legacy/concludeLegacy.js';
import { consoleLogger } from '../logging/consoleLogger.js';
import { AnySourceProcessor } from '../processing/AnySourceProcessor.js';
import type { BasePartialProcessor, RunResult } from '../processing/BasePartialProcessor.js';
import type { ProcessingRun } from '../processing/ProcessingRun.js';
import type { RunSettings } from '../processing/runSettings.js';
import type { BatchLogger, BatchRecord, ProcessOptions } from '../types.js';
import type { SqsHandlerOptions } from './options.js';
import { type SqsFeatures, sqsFeaturesFor } from './SqsFeatures.js';

/**
 * The processor `@BatchHandler` runs on when it has SQS options: the default any-source processor, plus the SQS
 * features for the SQS records and, with `deleteSuccessful`, the legacy verdict.
 */
class SqsHandlerProcessor extends AnySourceProcessor {
  constructor(
    private readonly features: SqsFeatures,
    private readonly suppressException: boolean,
    logger: BatchLogger,
  ) {
    super(undefined, { logger });
  }

  protected override runSettings(records: readonly BatchRecord[], options: ProcessOptions): RunSettings {
    return this.features.extendSettings(super.runSettings(records, options));
  }

  protected override async afterRecords(run: ProcessingRun): Promise<void> {
    await this.features.afterRecords(run);
  }

  override conclude(result: RunResult, options: ProcessOptions): void {
    const sqsBatch = result.run.records.some((record) => (record as SQSRecord).eventSource === 'aws:sqs');
    if (this.features.settings.deleteSuccessful && sqsBatch) concludeLegacy(result, this.suppressException, this.logger);
    else super.conclude(result, options);
  }
}

/** One processor per decorator options object: its SQS clients then live as long as the handler class. */
const processors = new WeakMap<object, BasePartialProcessor | null>();

/**
 * The processor for a `@BatchHandler` with SQS options, or `undefined` without them. Throws `InvalidOptionError`
 * for SQS options next to a custom `processor` (give that processor the options instead).
 */
export function sqsHandlerProcessor(
  options: SqsHandlerOptions & { logger?: BatchLogger; processor?: BasePartialProcessor },
): BasePartialProcessor | undefined {
  const known = processors.get(options);
  if (known !== undefined) return known ?? undefined;
  const { deleteSuccessful = false, suppressException, poisonMessages, dlqUrl, nonRetryableErrors, retryBackoff } = options;
  const logger = options.logger ?? consoleLogger;
  const sqsOptions = {
    poisonMessages,
    dlqUrl,
    nonRetryableErrors,
    retryBackoff,
    client: options.sqsClient,
    clientConfig: options.sqsClientConfig,
  };
  const features = sqsFeaturesFor('SQS', sqsOptions, deleteSuccessful, logger);
  if (features !== undefined && options.processor !== undefined) {
    throw new InvalidOptionError('processor', 'left out with SQS options (give your processor those options)', 'both');
  }
  const processor = features === undefined ? undefined : new SqsHandlerProcessor(features, suppressException === true, logger);
  processors.set(options, processor ?? null);
  return processor;
}
