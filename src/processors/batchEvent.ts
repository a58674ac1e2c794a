import { UnexpectedBatchTypeError } from '../errors/UnexpectedBatchTypeError.js';
import type { BatchRecord } from '../types.js';

/** Checks that the event is a batch (an object with a `Records` array) before any record runs. */
export function assertBatchEvent(event: unknown): asserts event is { Records: BatchRecord[] } {
  if (typeof event !== 'object' || event === null || !Array.isArray((event as { Records?: unknown }).Records)) {
    throw new UnexpectedBatchTypeError(
      'The event is not a batch: expected an object with a Records array (an SQS, Kinesis or DynamoDB Streams event).',
    );
  }
}
