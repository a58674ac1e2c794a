import type { RunView } from '../engine/extension.js';
import { anyItemIdentifier } from '../sources/registry.js';
import type { BatchRecord, PartialBatchResponse } from '../types.js';

/**
 * What a `@BatchHandler` invocation returns, given what its body returned: the run's response for `undefined`; for
 * a partial batch response, the union of its failures and the run's (in record order, identifiers the batch does not
 * hold after them), so nothing batchkit failed is ever acknowledged; anything else as it is (the escape hatch).
 */
export function mergeResponse(returned: unknown, run: RunView): unknown {
  const own = run.response();
  if (returned === undefined) return own;
  if (!isPartialResponse(returned)) return returned;
  const position = new Map<string, number>();
  run.records.forEach((record: BatchRecord, index) => {
    const id = anyItemIdentifier(record);
    if (id !== undefined && !position.has(id)) position.set(id, index);
  });
  const ids = new Set<string>(own.batchItemFailures.map((f) => f.itemIdentifier));
  for (const failure of returned.batchItemFailures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id === 'string') ids.add(id);
  }
  const ordered = [...ids].sort((a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity));
  return { ...returned, batchItemFailures: ordered.map((itemIdentifier) => ({ itemIdentifier })) };
}

function isPartialResponse(value: unknown): value is PartialBatchResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as PartialBatchResponse).batchItemFailures);
}
