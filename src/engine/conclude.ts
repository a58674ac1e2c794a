import type { ProcessOptions } from '../types.js';
import type { RunExtension, RunView } from './extension.js';
import { throwIfFullBatchFailed } from './fullBatch.js';
import { runBehind } from './Run.js';

/** How many failures the response reports: counted by the run itself, or (a view made elsewhere) from its response. */
function reportedFailures(view: RunView): number {
  return runBehind(view)?.counts().reported ?? view.response().batchItemFailures.length;
}

/**
 * The verdict of a run, once its response is due: each extension's `conclude` in turn (one may decide and stop the
 * chain, as legacy mode does), finally `FullBatchFailureError` when every record failed and the option allows it.
 * Read from the run itself: what a hook or a `@BatchHandler` body did to the outcome it was given changes nothing.
 */
export function concludeRun(extensions: readonly RunExtension[], view: RunView, options: ProcessOptions): void {
  const next = (from: number): void => {
    for (let i = from; i < extensions.length; i++) {
      const extension = extensions[i] as RunExtension;
      if (extension.conclude === undefined) continue;
      extension.conclude({ view, options }, () => next(i + 1));
      return;
    }
    // Every record has an outcome by now: only a response that names all of them can be a full-batch failure.
    if (reportedFailures(view) === view.records.length) throwIfFullBatchFailed(view.outcome(), options);
  };
  next(0);
}
