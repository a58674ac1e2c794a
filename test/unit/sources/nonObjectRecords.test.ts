import {
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt } from 'class-validator';
import { rejectionOf, thrownBy } from '../../support/errors';

/**
 * A Lambda event never holds a `null` (or a string, a number, an array) in `Records`, but a hand-built or mangled
 * event can. Such an entry has no item identifier, so it cannot be named in `batchItemFailures`: acknowledging the
 * batch would lose it. The invocation rejects with UnexpectedBatchTypeError naming the entry, before any record
 * runs, so that Lambda retries the whole batch and nothing is reported as processed.
 */
const ENTRIES: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a string', 'aws:sqs'],
  ['a number', 42],
  ['a boolean', true],
  ['an array', [{ eventSource: 'aws:sqs', messageId: 'm-1' }]],
];

const EVENTS: [EventType, () => { Records: BatchRecord[] }][] = [
  [EventType.SQS, () => sqsEvent([{ n: 0 }, { n: 1 }])],
  [EventType.KinesisDataStreams, () => kinesisEvent([{ n: 0 }, { n: 1 }])],
  [
    EventType.DynamoDBStreams,
    () =>
      dynamodbStreamEvent([
        { eventName: 'INSERT', keys: { pk: 'a' } },
        { eventName: 'INSERT', keys: { pk: 'b' } },
      ]),
  ],
];

/** The event with `entry` spliced in between its two records. */
function withEntry(make: () => { Records: BatchRecord[] }, entry: unknown): { Records: BatchRecord[] } {
  const event = make();
  event.Records.splice(1, 0, entry as BatchRecord);
  return event;
}

describe('sources: an entry of Records that is not an object', () => {
  for (const [eventType, make] of EVENTS) {
    for (const [label, entry] of ENTRIES) {
      it(`${eventType}, ${label}: processPartialResponse rejects with UnexpectedBatchTypeError before any record runs`, async () => {
        // Prepare
        const processor = new BatchProcessor(eventType, { logger: silentLogger });
        const event = withEntry(make, entry);
        const seen: unknown[] = [];

        // Act
        const error = await rejectionOf(processPartialResponse(event, (record) => seen.push(record), processor));

        // Assess
        expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
        expect((error as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
        expect((error as Error).message).to.match(/^Records\[1\] is /);
        expect(seen).to.deep.equal([]);
      });
    }
  }

  for (const [label, entry] of ENTRIES) {
    it(`${label}: processPartialResponseSync with BatchProcessorSync throws UnexpectedBatchTypeError`, () => {
      // Prepare
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
      const event = withEntry(EVENTS[0]?.[1] as () => { Records: BatchRecord[] }, entry);

      // Act
      const error = thrownBy(() => processPartialResponseSync(event, () => undefined, processor));

      // Assess
      expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
    });
  }

  it('a null entry with a DTO processor: rejects the same way, never with a TypeError from reading the entry', async () => {
    // Prepare
    class Order {
      @IsInt() n!: number;
    }
    const processor = new BatchProcessor(EventType.SQS, { dto: Order, logger: silentLogger });
    const event = withEntry(EVENTS[0]?.[1] as () => { Records: BatchRecord[] }, null);

    // Act
    const error = await rejectionOf(processPartialResponse(event, () => undefined, processor));

    // Assess
    expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
  });

  it('register() and process() reject the same way', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const event = withEntry(EVENTS[0]?.[1] as () => { Records: BatchRecord[] }, null);

    // Act
    const error = await rejectionOf(() => processor.register(event.Records, () => undefined).process());

    // Assess
    expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
  });
});
