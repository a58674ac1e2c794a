import type { BatchOutcome } from '../types.js';

/**
 * A Lambda context carrying a function under this key asks `@BatchHandler` to measure each record and hand over the
 * outcome (the local-invoke CLI does this). `Symbol.for`, so any copy of batchkit recognises it.
 */
export const INSPECT_OUTCOME: unique symbol = Symbol.for('batchkit.inspectOutcome') as never;

/** Receives the outcome of an inspected invocation, before the decorated method is called. */
export type OutcomeInspector = (outcome: BatchOutcome) => void;

/** The inspector a context carries, if any. */
export function inspectorOf(context: unknown): OutcomeInspector | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const inspector = (context as { [INSPECT_OUTCOME]?: unknown })[INSPECT_OUTCOME];
  return typeof inspector === 'function' ? (inspector as OutcomeInspector) : undefined;
}
