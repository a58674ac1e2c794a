import type { RunAmendments, RunExtension, RunPolicy, RunView } from '../engine/extension.js';
import type { SqsEntryFailure } from '../errors/SqsBatchProcessingError.js';
import { errorFields } from '../logging/errorFields.js';
import type { BatchLogger, RecordFailure } from '../types.js';
import type { SqsClientPool } from './client/SqsClientPool.js';
import { requeueBehind } from './deadLetter/fifoRequeue.js';
import { sendToDeadLetterQueue } from './deadLetter/sendToDeadLetterQueue.js';
import type { RetryBackoff, SqsFeatureSettings } from './options.js';
import { isSqs } from './perQueue.js';
import { isPoisonError, isPoisonFailure, needsBackoff, nonRetryableClassifier } from './poison.js';
import { applyRetryBackoff } from './retryBackoff.js';

/**
 * The SQS features as a run extension: `nonRetryableErrors`, poison messages to the DLQ (they then stop neither the
 * batch nor their FIFO group), and visibility backoff of the failed messages, after the records and before the
 * hooks. Only SQS records are touched. Every SQS call that fails leaves its record as it would be without the
 * feature: nothing is ever lost, at worst delivered again.
 */
export class SqsExtension implements RunExtension {
  readonly name = 'poisonMessages, dlqUrl, retryBackoff, nonRetryableErrors';
  readonly asyncOnly = true;
  private readonly policy: RunPolicy;

  constructor(
    private readonly features: SqsFeatureSettings,
    private readonly pool: SqsClientPool,
    private readonly logger: BatchLogger,
  ) {
    this.policy = {
      nonRetryable: nonRetryableClassifier(features.nonRetryableErrors),
      setAside:
        features.poisonMessages === 'dlq'
          ? (failure) => failure.eventType === 'SQS' && isPoisonError(failure.error, failure.retryable)
          : undefined,
    };
  }

  settings(): RunPolicy {
    return this.policy;
  }

  async afterRecords(view: RunView, amend: RunAmendments): Promise<void> {
    const { poisonMessages, retryBackoff } = this.features;
    if (poisonMessages === 'dlq') await this.movePoisonMessages(view, amend);
    if (retryBackoff !== undefined) await this.backOff(view, retryBackoff);
  }

  private async movePoisonMessages(view: RunView, amend: RunAmendments): Promise<void> {
    const failures = view.outcome().failures.filter(isSqs);
    for (const failure of failures) if (failure.handled !== true) amend.note(failure.index, { sentToDlq: false });
    const poison = failures.filter(isPoisonFailure);
    if (poison.length === 0) return;
    const { succeeded, failed } = await sendToDeadLetterQueue(this.pool, poison, this.features.dlqUrl, this.logger);
    for (const index of succeeded) {
      amend.markHandled(index, { sentToDlq: true });
      const failure = poison.find((p) => p.index === index) as RecordFailure;
      this.logger.warn('Poison message moved to the dead-letter queue', {
        itemIdentifier: failure.itemIdentifier,
        errorCode: errorCodeOf(failure.error),
      });
    }
    logEntryFailures(
      this.logger,
      'Could not move a poison message to the dead-letter queue; it stays a failure and will be retried',
      failed,
    );
    const stuck = new Set(failed.map((f) => f.index));
    requeueBehind(
      view,
      amend,
      poison.filter((p) => stuck.has(p.index)),
    );
  }

  private async backOff(view: RunView, backoff: RetryBackoff): Promise<void> {
    const failures = view.outcome().failures.filter(isSqs).filter(needsBackoff);
    if (failures.length === 0) return;
    const { failed } = await applyRetryBackoff(this.pool, failures, backoff);
    logEntryFailures(
      this.logger,
      "Could not delay a failed message; it returns at the queue's visibility timeout",
      failed,
      'warn',
    );
  }
}

/** Logs each SQS entry that failed, with the SQS error: never the body. */
export function logEntryFailures(
  logger: BatchLogger,
  message: string,
  failures: readonly SqsEntryFailure[],
  level: 'error' | 'warn' = 'error',
): void {
  for (const failure of failures) {
    logger[level](message, {
      itemIdentifier: failure.itemIdentifier,
      index: failure.index,
      sqsErrorCode: failure.code,
      sqsErrorMessage: failure.message,
      senderFault: failure.senderFault,
    });
  }
}

/** The error's code, else its name: read so that nothing can throw. */
function errorCodeOf(error: unknown): string | number | boolean {
  const fields = errorFields(error);
  return fields.errorCode ?? fields.errorName;
}
