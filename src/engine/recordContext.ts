import type { Context } from 'aws-lambda';
import { EVENT_SOURCE_NAMES, type EventType } from '../constants.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import { UnexpectedBatchTypeError } from '../errors/UnexpectedBatchTypeError.js';
import { anyItemIdentifier } from '../sources/registry.js';
import type { BatchRecord, RecordContext } from '../types.js';
import type { Run } from './Run.js';

const RUN = Symbol('batchkit:run');

/** The context of one record in one run; the run travels along under a symbol, out of the public type. */
export class RecordContextImpl implements RecordContext {
  readonly [RUN]: Run;
  eventType: EventType | undefined;
  itemIdentifier: string | undefined;
  lambdaContext: Context | undefined;
  attempt?: number;
  messageGroupId?: string;
  handlerName?: string;
  envelope?: Record<string, unknown>;
  /** @internal Why the record cannot run at all (wrong source, malformed), found before it is started. */
  problem: Error | undefined;
  /** @internal The ordering group (FIFO group, partition key, item keys), when ordering applies. */
  orderingKey: string | undefined;

  constructor(
    run: Run,
    record: BatchRecord,
    readonly index: number,
  ) {
    this[RUN] = run;
    this.lambdaContext = run.settings.lambdaContext;
    this.problem = undefined;
    this.orderingKey = undefined;
    const source = run.sourceFor(record);
    if (source === undefined) {
      this.eventType = undefined;
      this.itemIdentifier = anyItemIdentifier(record);
      this.problem = unexpectedSource(record, run.settings.eventType);
      return;
    }
    this.eventType = source.eventType;
    this.itemIdentifier = source.itemIdentifier(record);
    try {
      // Standard SQS queues have no order to keep, even when a record carries a group id.
      if (run.needsOrderingKeys && (source.eventType !== 'SQS' || run.settings.fifo))
        this.orderingKey = source.orderingKey(record);
      source.describe(record, this);
    } catch (error) {
      // a malformed record (its keys or attributes of the wrong shape) fails alone, never the batch
      this.problem = new RecordParseError('The record is malformed: its source fields could not be read.', { cause: error });
    }
  }

  /** Aborts at the deadline; created on first read, so runs whose handlers never look at it pay nothing. */
  get signal(): AbortSignal {
    return this[RUN].signal;
  }

  /** @internal True once the run stopped accepting outcomes (its deadline passed). */
  get closed(): boolean {
    return this[RUN].closed;
  }
}

/** The run a record context belongs to, when the context came from the engine. */
export function runOf(context: RecordContext | undefined): Run | undefined {
  return context instanceof RecordContextImpl ? context[RUN] : undefined;
}

function unexpectedSource(record: BatchRecord, expected: EventType | undefined): UnexpectedBatchTypeError {
  // Every entry is an object here (batchSourceOf refused the batch otherwise); Object() still reads null safely.
  const { eventSource } = Object(record) as { eventSource?: unknown };
  const found = typeof eventSource === 'string' ? `"${eventSource}"` : 'no eventSource';
  const wanted = expected === undefined ? 'aws:sqs, aws:kinesis or aws:dynamodb' : EVENT_SOURCE_NAMES[expected];
  return new UnexpectedBatchTypeError(`Record has ${found}; this processor handles ${wanted}.`);
}
