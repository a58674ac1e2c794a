import type { Conclusion, RunExtension, RunView } from '../engine/extension.js';
import type { SqsClientPool } from '../sqs/client/SqsClientPool.js';
import { deleteMessages } from '../sqs/deleteMessages.js';
import { isSqs } from '../sqs/perQueue.js';
import { logEntryFailures } from '../sqs/sqsExtension.js';
import type { BatchLogger } from '../types.js';
import { concludeLegacy } from './concludeLegacy.js';
import { reportOf } from './legacyReport.js';

/**
 * Legacy mode as a run extension, for event source mappings without `ReportBatchItemFailures`: after the records,
 * when some will return, the processed SQS messages are deleted; the verdict then throws `SqsBatchProcessingError`
 * so that Lambda returns only the failed ones (or, with `suppressException`, warns). Batches of other sources get
 * the ordinary verdict.
 */
export class LegacyExtension implements RunExtension {
  readonly name = 'deleteSuccessful';
  readonly asyncOnly = true;

  constructor(
    private readonly pool: SqsClientPool,
    private readonly suppressException: boolean,
    private readonly logger: BatchLogger,
  ) {}

  async afterRecords(view: RunView): Promise<void> {
    const outcome = view.outcome();
    // Nothing returns to the queue: Lambda deletes the whole batch itself.
    if (outcome.response.batchItemFailures.length === 0) return;
    const done = [...outcome.successes, ...outcome.failures.filter((f) => f.handled === true)]
      .filter(isSqs)
      .sort((a, b) => a.index - b.index);
    if (done.length === 0) return;
    const report = reportOf(view);
    const { succeeded, failed } = await deleteMessages(this.pool, done);
    report.deleted += succeeded.length;
    report.deleteFailures.push(...failed);
    logEntryFailures(this.logger, 'Could not delete a processed message; it will be delivered again', failed);
  }

  conclude({ view }: Conclusion, next: () => void): void {
    if (view.settings.batchType !== 'SQS') {
      next();
      return;
    }
    concludeLegacy(view, this.suppressException, this.logger);
  }
}
