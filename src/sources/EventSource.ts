import type { EventType } from '../constants.js';
import type { BatchRecord, RecordContext } from '../types.js';
import type { PayloadLimits } from './limits.js';

/** What the engine needs to know about one event source. */
export interface EventSource<TRecord extends BatchRecord = BatchRecord> {
  readonly eventType: EventType;
  /** The `eventSource` value on the source's records. */
  readonly sourceName: string;
  /** The identifier Lambda expects in `batchItemFailures`; `undefined` unless a non-empty string. */
  itemIdentifier(record: TRecord): string | undefined;
  /**
   * The decoded payload a DTO is built from; throws `RecordParseError`, also for a payload nested deeper than
   * `limits.maxDepth` (default `DEFAULT_MAX_DEPTH`).
   */
  payload(record: TRecord, limits?: PayloadLimits): unknown;
  /** The key whose records must run in order (FIFO group, partition key, item keys). */
  orderingKey(record: TRecord): string | undefined;
  /** Adds source-specific fields (attempt, message group) to the record context. */
  describe(record: TRecord, context: RecordContext): void;
}

/** A non-empty string, or `undefined`. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Strict standard base64 (Node's own decoder skips invalid characters silently). */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
