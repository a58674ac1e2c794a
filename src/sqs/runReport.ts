import type { SqsEntryFailure } from '../errors/SqsBatchProcessingError.js';
import type { ProcessingRun } from '../processing/ProcessingRun.js';

/** What the SQS features did in one run (read by the legacy verdict). */
export interface SqsRunReport {
  /** Messages deleted in legacy mode. */
  deleted: number;
  /** Legacy deletes that failed: those messages will be delivered again. */
  deleteFailures: SqsEntryFailure[];
}

/** Per-run data, keyed by the run: it lives and dies with the invocation, never on the processor. */
const reports = new WeakMap<ProcessingRun, SqsRunReport>();

/** The run's report, created empty on first use. */
export function reportOf(run: ProcessingRun): SqsRunReport {
  let report = reports.get(run);
  if (report === undefined) {
    report = { deleted: 0, deleteFailures: [] };
    reports.set(run, report);
  }
  return report;
}
