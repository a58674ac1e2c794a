// Reading a RecordContext in assertions.
import type { RecordContext } from 'batchkit';

/** The public fields of a RecordContext, as a plain object for exact comparison. */
export function contextFields(ctx: RecordContext) {
  return {
    eventType: ctx.eventType,
    index: ctx.index,
    itemIdentifier: ctx.itemIdentifier,
    lambdaContext: ctx.lambdaContext,
    attempt: ctx.attempt,
    messageGroupId: ctx.messageGroupId,
  };
}
