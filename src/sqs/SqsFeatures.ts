import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import type { SqsEntryFailure } from '../errors/SqsBatchProcessingError.js';
import type { ProcessingRun } from '../processing/ProcessingRun.js';
import type { RunSettings } from '../processing/runSettings.js';
import type { BatchLogger, RecordFailure } from '../types.js';
import type { SqsClientConfigLike, SqsClientLike } from './clientTypes.js';
import { deleteMessages } from './deleteMessages.js';
import { requeueBehind } from './fifoRequeue.js';
import {
  hasSqsOptions,
  type RetryBackoff,
  resolveSqsSettings,
  type SqsFeatureSettings,
  type SqsProcessingOptions,
} from './options.js';
import { isSqs } from './perQueue.js';
import { isPoisonError, isPoisonFailure, needsBackoff, nonRetryableClassifier } from './poison.js';
import { applyRetryBackoff } from './retryBackoff.js';
import { reportOf } from './runReport.js';
import { SqsClientPool } from './SqsClientPool.js';
import { sendToDeadLetterQueue } from './sendToDeadLetterQueue.js';

/**
 * The SQS work a processor does after the records of a run have settled, before the hooks: poison messages to the
 * DLQ, then (legacy mode) deletes of the messages that will not return, then visibility backoff of the failed ones.
 * Only SQS records are touched. Every SQS call that fails leaves its record as it would be without the feature:
 * nothing is ever lost, at worst delivered again.
 */
export class SqsFeatures {
  private readonly pool: SqsClientPool;
  private readonly nonRetryable: ((error: Error) => boolean) | undefined;

  constructor(
    readonly settings: SqsFeatureSettings,
    client: SqsClientLike | undefined,
    clientConfig: SqsClientConfigLike | undefined,
    private readonly logger: BatchLogger,
  ) {
    this.pool = new SqsClientPool(client, clientConfig);
    this.nonRetryable = nonRetryableClassifier(settings.nonRetryableErrors);
  }

  /** A run's settings, with what these features need: `nonRetryableErrors`, and poison records not stopping FIFO order. */
  extendSettings(settings: RunSettings): RunSettings {
    const toDlq = this.settings.poisonMessages === 'dlq';
    if (this.nonRetryable === undefined && !toDlq) return settings;
    return {
      ...settings,
      nonRetryable: this.nonRetryable,
      goesToDlq: toDlq ? (error: Error) => isPoisonError(error, false) : undefined,
    };
  }

  async afterRecords(run: ProcessingRun): Promise<void> {
    const { poisonMessages, deleteSuccessful, retryBackoff } = this.settings;
    if (poisonMessages === 'dlq') await this.movePoisonMessages(run);
    if (deleteSuccessful) await this.deleteProcessed(run);
    if (retryBackoff !== undefined) await this.backOff(run, retryBackoff);
  }

  private async movePoisonMessages(run: ProcessingRun): Promise<void> {
    const failures = run.outcome().failures.filter(isSqs);
    for (const failure of failures) if (failure.handled !== true) run.noteFailure(failure.index, { sentToDlq: false });
    const poison = failures.filter(isPoisonFailure);
    if (poison.length === 0) return;
    const { succeeded, failed } = await sendToDeadLetterQueue(this.pool, poison, this.settings.dlqUrl, this.logger);
    for (const index of succeeded) {
      run.markHandled(index, { sentToDlq: true });
      const failure = poison.find((p) => p.index === index) as RecordFailure;
      this.logger.warn('Poison message moved to the dead-letter queue', {
        itemIdentifier: failure.itemIdentifier,
        errorCode: (failure.error as { code?: unknown }).code ?? failure.error.name,
      });
    }
    this.logEntryFailures(
      'Could not move a poison message to the dead-letter queue; it stays a failure and will be retried',
      failed,
    );
    const stuck = new Set(failed.map((f) => f.index));
    requeueBehind(
      run,
      poison.filter((p) => stuck.has(p.index)),
    );
  }

  private async deleteProcessed(run: ProcessingRun): Promise<void> {
    const report = reportOf(run);
    const outcome = run.outcome();
    // Nothing returns to the queue: Lambda deletes the whole batch itself.
    if (outcome.response.batchItemFailures.length === 0) return;
    const done = [...outcome.successes, ...outcome.failures.filter((f) => f.handled === true)]
      .filter(isSqs)
      .sort((a, b) => a.index - b.index);
    if (done.length === 0) return;
    const { succeeded, failed } = await deleteMessages(this.pool, done);
    report.deleted += succeeded.length;
    report.deleteFailures.push(...failed);
    this.logEntryFailures('Could not delete a processed message; it will be delivered again', failed);
  }

  private async backOff(run: ProcessingRun, backoff: RetryBackoff): Promise<void> {
    const failures = run.outcome().failures.filter(isSqs).filter(needsBackoff);
    if (failures.length === 0) return;
    const { failed } = await applyRetryBackoff(this.pool, failures, backoff);
    this.logEntryFailures("Could not delay a failed message; it returns at the queue's visibility timeout", failed, 'warn');
  }

  private logEntryFailures(message: string, failures: readonly SqsEntryFailure[], level: 'error' | 'warn' = 'error'): void {
    for (const failure of failures) {
      this.logger[level](message, {
        itemIdentifier: failure.itemIdentifier,
        index: failure.index,
        sqsErrorCode: failure.code,
        sqsErrorMessage: failure.message,
        senderFault: failure.senderFault,
      });
    }
  }
}

/**
 * The SQS features of a processor for this event type and these options: `undefined` when none is asked for.
 * Throws `InvalidOptionError` for SQS options on another event type, or for unusable values.
 */
export function sqsFeaturesFor(
  eventType: string | undefined,
  options: SqsProcessingOptions,
  deleteSuccessful: boolean,
  logger: BatchLogger,
): SqsFeatures | undefined {
  if (!hasSqsOptions(options) && !deleteSuccessful) return undefined;
  if (eventType !== 'SQS') {
    throw new InvalidOptionError(
      'poisonMessages, dlqUrl, retryBackoff, nonRetryableErrors, client',
      'used on SQS processors only',
      eventType,
    );
  }
  return new SqsFeatures(resolveSqsSettings(options, deleteSuccessful), options.client, options.clientConfig, logger);
}
