import type { RunView } from '../engine/extension.js';
import type { SqsEntryFailure } from '../errors/SqsBatchProcessingError.js';

/** What legacy mode did in one run (read by its verdict). */
export interface LegacyReport {
  /** Messages deleted. */
  deleted: number;
  /** Deletes that failed: those messages will be delivered again. */
  deleteFailures: SqsEntryFailure[];
}

/** Per-run data, keyed by the run's view: it lives and dies with the invocation, never on the processor. */
const reports = new WeakMap<RunView, LegacyReport>();

/** The run's report, created empty on first use. */
export function reportOf(view: RunView): LegacyReport {
  let report = reports.get(view);
  if (report === undefined) {
    report = { deleted: 0, deleteFailures: [] };
    reports.set(view, report);
  }
  return report;
}
