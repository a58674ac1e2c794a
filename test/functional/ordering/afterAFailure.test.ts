// What happens to the rest of a batch after a record fails: the default per source (standard SQS goes on; SQS FIFO,
// Kinesis and DynamoDB Streams stop), `onError`, `skipGroupOnError` and `fifo`. Every case runs through every front
// door that can express it (support.ts), with the same expectations.
import { BatchProcessor, type BatchRecord, EventType, processPartialResponse, silentLogger } from 'batchkit';
import { expect } from 'chai';
import { dynamodbRecords, fifoRecords, indexOf, kinesisRecords, standardRecords } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { assess, Boom, type Expected, fifoSkip, groupSkip, keySkip, streamSkip } from './expectations';
import { DOORS, type Setup } from './support';

/** A batch, how it is processed, and which records' handlers throw (if they run). */
interface Given extends Setup {
  /** Copied for each test, so no two front doors share record objects. */
  records: BatchRecord[];
  fails: number[];
}

interface Case {
  title: string;
  given: Given;
  expected: Expected;
}

const { SQS, KinesisDataStreams: KINESIS, DynamoDBStreams: DYNAMODB } = EventType;
const CASES: Case[] = [
  {
    title: 'standard SQS goes on after a failure',
    given: { eventType: SQS, records: standardRecords(4), fails: [1] },
    expected: { ran: [0, 1, 2, 3], response: [1] },
  },
  {
    title: "standard SQS with onError 'stop' skips every later record",
    given: { eventType: SQS, options: { onError: 'stop' }, records: standardRecords(4), fails: [1] },
    expected: { ran: [0, 1], response: [1, 2, 3], skipped: { 2: fifoSkip(1), 3: fifoSkip(1) } },
  },
  {
    title: 'fifo: true applies the FIFO rules to a standard queue',
    given: { eventType: SQS, options: { fifo: true }, records: standardRecords(3), fails: [1] },
    expected: { ran: [0, 1], response: [1, 2], skipped: { 2: fifoSkip(1) } },
  },
  {
    title: 'SqsFifoPartialProcessor applies the FIFO rules to a standard queue',
    given: {
      eventType: SQS,
      fifoProcessor: true,
      options: { throwOnFullBatchFailure: false },
      records: standardRecords(2),
      fails: [0, 1],
    },
    expected: { ran: [0], response: [0, 1], skipped: { 1: fifoSkip(0) } },
  },
  {
    title: 'SQS FIFO (a .fifo ARN) stops after a failure, whatever the message groups',
    given: { eventType: SQS, records: fifoRecords(['g1', 'g2', 'g1', 'g3']), fails: [1] },
    expected: { ran: [0, 1], response: [1, 2, 3], skipped: { 2: fifoSkip(1), 3: fifoSkip(1) } },
  },
  {
    title: 'SqsFifoPartialProcessor stops after a failure, whatever the message groups',
    given: { eventType: SQS, fifoProcessor: true, records: fifoRecords(['g1', 'g2', 'g1', 'g3']), fails: [1] },
    expected: { ran: [0, 1], response: [1, 2, 3], skipped: { 2: fifoSkip(1), 3: fifoSkip(1) } },
  },
  {
    title: 'fifo: false turns the FIFO rules off for a .fifo queue',
    given: { eventType: SQS, options: { fifo: false }, records: fifoRecords(['g', 'g', 'g']), fails: [1] },
    expected: { ran: [0, 1, 2], response: [1] },
  },
  {
    title: "onError 'continue' runs every record of SqsFifoPartialProcessor",
    given: {
      eventType: SQS,
      fifoProcessor: true,
      options: { onError: 'continue' },
      records: fifoRecords(['g', 'g', 'g']),
      fails: [0],
    },
    expected: { ran: [0, 1, 2], response: [0] },
  },
  {
    title: 'SQS FIFO: the first record fails and every other is skipped: FullBatchFailureError',
    given: { eventType: SQS, records: fifoRecords(['g', 'g', 'g']), fails: [0] },
    expected: { ran: [0], response: [0, 1, 2], skipped: { 1: fifoSkip(0), 2: fifoSkip(0) }, throws: true },
  },
  {
    title: 'SqsFifoPartialProcessor: the first record fails and the other is skipped: FullBatchFailureError',
    given: { eventType: SQS, fifoProcessor: true, records: fifoRecords(['g', 'g']), fails: [0] },
    expected: { ran: [0], response: [0, 1], skipped: { 1: fifoSkip(0) }, throws: true },
  },
  {
    title: 'skipGroupOnError (a .fifo ARN) skips only the later records of the failed message group',
    given: {
      eventType: SQS,
      options: { skipGroupOnError: true },
      records: fifoRecords(['A', 'B', 'A', 'C', 'A', 'B', 'A']),
      fails: [2],
    },
    expected: { ran: [0, 1, 2, 3, 5], response: [2, 4, 6], skipped: { 4: groupSkip(2), 6: groupSkip(2) } },
  },
  {
    title: 'skipGroupOnError with SqsFifoPartialProcessor skips only the failed message group',
    given: {
      eventType: SQS,
      fifoProcessor: true,
      options: { skipGroupOnError: true },
      records: fifoRecords(['A', 'B', 'A', 'C', 'B', 'A']),
      fails: [2],
    },
    expected: { ran: [0, 1, 2, 3, 4], response: [2, 5], skipped: { 5: groupSkip(2) } },
  },
  {
    title: 'skipGroupOnError keeps each failed message group apart',
    given: {
      eventType: SQS,
      fifoProcessor: true,
      options: { skipGroupOnError: true },
      records: fifoRecords(['A', 'B', 'A', 'B', 'C']),
      fails: [0, 1],
    },
    expected: { ran: [0, 1, 4], response: [0, 1, 2, 3], skipped: { 2: groupSkip(0), 3: groupSkip(1) } },
  },
  {
    title: "onError 'skip-group' on SQS FIFO is skipGroupOnError",
    given: { eventType: SQS, options: { onError: 'skip-group' }, records: fifoRecords(['A', 'B', 'A']), fails: [0] },
    expected: { ran: [0, 1], response: [0, 2], skipped: { 2: groupSkip(0) } },
  },
  {
    title: 'Kinesis stops after a failure',
    given: { eventType: KINESIS, records: kinesisRecords(['a', 'b', 'c', 'd', 'e']), fails: [2] },
    expected: { ran: [0, 1, 2], response: [2, 3, 4], skipped: { 3: streamSkip(2), 4: streamSkip(2) } },
  },
  {
    title: "Kinesis with onError 'continue' runs every record",
    given: { eventType: KINESIS, options: { onError: 'continue' }, records: kinesisRecords(['a', 'a', 'b', 'a']), fails: [0] },
    expected: { ran: [0, 1, 2, 3], response: [0] },
  },
  {
    title: "Kinesis with onError 'skip-group' skips only the later records of the failed partition key",
    given: {
      eventType: KINESIS,
      options: { onError: 'skip-group' },
      records: kinesisRecords(['a', 'b', 'a', 'c', 'b', 'a']),
      fails: [0],
    },
    expected: { ran: [0, 1, 3, 4], response: [0, 2, 5], skipped: { 2: keySkip(0), 5: keySkip(0) } },
  },
  {
    title: 'DynamoDB Streams stops after a failure',
    given: { eventType: DYNAMODB, records: dynamodbRecords([{ pk: 'a' }, { pk: 'b' }, { pk: 'c' }, { pk: 'd' }]), fails: [2] },
    expected: { ran: [0, 1, 2], response: [2, 3], skipped: { 3: streamSkip(2) } },
  },
  {
    title: 'DynamoDB Streams: the first record fails, with throwOnFullBatchFailure: false',
    given: {
      eventType: DYNAMODB,
      options: { throwOnFullBatchFailure: false },
      records: dynamodbRecords([{ pk: 'a' }, { pk: 'b' }, { pk: 'c' }]),
      fails: [0],
    },
    expected: { ran: [0], response: [0, 1, 2], skipped: { 1: streamSkip(0), 2: streamSkip(0) } },
  },
  {
    title: "DynamoDB Streams with onError 'skip-group' skips only the failed item's keys, in any attribute order",
    given: {
      eventType: DYNAMODB,
      options: { onError: 'skip-group' },
      records: dynamodbRecords([
        { pk: 'u#1', sk: 'p' },
        { pk: 'u#2', sk: 'p' },
        { sk: 'p', pk: 'u#1' },
        { pk: 'u#1', sk: 'q' },
      ]),
      fails: [0],
    },
    expected: { ran: [0, 1, 3], response: [0, 2], skipped: { 2: keySkip(0) } },
  },
];

describe('after a failure: the rest of the batch, through every front door', () => {
  for (const c of CASES) {
    describe(c.title, () => {
      for (const door of DOORS.filter((d) => d.accepts(c.given))) {
        it(door.name, async () => {
          // Prepare
          const records = structuredClone(c.given.records);
          const ran: number[] = [];
          const handle = (record: BatchRecord) => {
            ran.push(indexOf(record));
            if (c.given.fails.includes(indexOf(record))) throw new Boom(`record ${indexOf(record)}`);
          };

          // Act
          const seen = await door.run(records, handle, c.given);

          // Assess
          assess(c.expected, records, ran, seen);
        });
      }
    });
  }
});

describe('after a failure: options are per call', () => {
  it('fifo: false turns the FIFO rules off for its call only (one processor, two calls)', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const ran: number[] = [];
    const handle = (record: BatchRecord) => {
      ran.push(indexOf(record));
      if (indexOf(record) === 0) throw new Boom();
    };

    // Act
    const withoutFifo = await processPartialResponse({ Records: fifoRecords(['g', 'g']) }, handle, processor, { fifo: false });
    const ranWithoutFifo = ran.splice(0);
    const next = await processPartialResponse({ Records: fifoRecords(['g', 'g']) }, handle, processor, {
      throwOnFullBatchFailure: false,
    });

    // Assess
    expect(withoutFifo).to.deep.equal(failuresOf('m0'));
    expect(ranWithoutFifo).to.deep.equal([0, 1]);
    expect(next).to.deep.equal(failuresOf('m0', 'm1'));
    expect(ran).to.deep.equal([0]);
  });
});
