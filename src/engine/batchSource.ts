import type { EventType } from '../constants.js';
import { UnexpectedBatchTypeError } from '../errors/UnexpectedBatchTypeError.js';
import { sourceOfRecord } from '../sources/registry.js';
import { isFifoRecord } from '../sources/sqs.js';
import type { BatchRecord, FifoMode } from '../types.js';

/**
 * The source of a whole batch, read from every record (never from the first one alone): a processor's own source
 * when it has one, else the one source its records name. Records naming no known source are left to fail on their
 * own. Throws `UnexpectedBatchTypeError` for a batch that mixes sources: a Lambda event never does.
 */
export function batchSourceOf(records: readonly BatchRecord[], fixed: EventType | undefined): EventType | undefined {
  checkRecordShapes(records);
  if (fixed !== undefined) return fixed;
  let found: EventType | undefined;
  for (const record of records) {
    const type = sourceOfRecord(record)?.eventType;
    if (type === undefined || type === found) continue;
    if (found !== undefined) {
      throw new UnexpectedBatchTypeError(
        `The batch mixes records of ${found} and ${type}: a Lambda event comes from one event source.`,
      );
    }
    found = type;
  }
  return found;
}

/**
 * Rejects a batch with an entry that is not a record object (`null`, a string, an array): a Lambda event never holds
 * one, and it could not be named in `batchItemFailures`. Throws `UnexpectedBatchTypeError` naming its index, before
 * any record runs, so the whole batch is retried and nothing is reported as processed.
 */
function checkRecordShapes(records: readonly BatchRecord[]): void {
  for (let index = 0; index < records.length; index++) {
    const record: unknown = records[index];
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) continue;
    const shape = record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`;
    throw new UnexpectedBatchTypeError(
      `Records[${index}] is ${shape}: every record of a Lambda event is an object; no record ran.`,
    );
  }
}

/**
 * Whether a batch follows FIFO rules: forced by the option, or detected from the queue ARNs of its SQS records (any
 * record from a `.fifo` queue makes the batch FIFO, whatever the others look like: order is the safe side).
 */
export function isFifoBatch(records: readonly BatchRecord[], mode: FifoMode): boolean {
  if (mode !== 'auto') return mode;
  return records.some((record) => sourceOfRecord(record)?.eventType === 'SQS' && isFifoRecord(record as never));
}
