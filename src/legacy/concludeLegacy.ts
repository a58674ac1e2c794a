import type { RunView } from '../engine/extension.js';
import { SqsBatchProcessingError } from '../errors/SqsBatchProcessingError.js';
import type { BatchLogger } from '../types.js';
import { reportOf } from './legacyReport.js';

/**
 * The legacy-mode verdict. Nothing to return: done (Lambda deletes the batch). Otherwise the processed messages were
 * deleted already, and the invocation must fail so that Lambda returns the rest: throw `SqsBatchProcessingError`
 * (also when every record failed), unless `suppressException`, which only warns and lets the response name them.
 */
export function concludeLegacy(view: RunView, suppressException: boolean, logger: BatchLogger): void {
  const outcome = view.outcome();
  const failed = outcome.response.batchItemFailures;
  if (failed.length === 0) return;
  const report = reportOf(view);
  const error = new SqsBatchProcessingError({
    recordErrors: outcome.failures.filter((f) => f.handled !== true).map((f) => f.error),
    response: { batchItemFailures: failed.map((f) => ({ ...f })) },
    deleteFailures: [...report.deleteFailures],
    deleted: report.deleted,
    fullBatch: failed.length === outcome.successes.length + outcome.failures.length,
  });
  if (!suppressException) throw error;
  logger.warn(
    'suppressException: not throwing although records failed. Without ReportBatchItemFailures on the event source ' +
      'mapping, Lambda now deletes the failed messages too; with it, the response returns them to the queue.',
    {
      failed: failed.length,
      itemIdentifiers: failed.map((f) => f.itemIdentifier),
      deleted: report.deleted,
      errorCode: error.code,
    },
  );
}
