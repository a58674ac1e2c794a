import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  KinesisStreamRecord,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  EventType,
  processPartialResponse,
  RecordHandler,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoPartialProcessor,
  SqsFifoShortCircuitError,
  StreamShortCircuitError,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { dynamodbRecords, fifoRecords, idOf, indexOf, kinesisRecords, standardRecords } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';
import { flightTracker } from './support';

/** Asserts that `error` skipped a stream record because of the record `failedId`. */
function expectStreamSkip(error: unknown, failedId: string, orderingKey?: string): void {
  expect(error).to.be.instanceOf(StreamShortCircuitError);
  expect(error).to.be.instanceOf(ShortCircuitError);
  const skip = error as StreamShortCircuitError;
  expect(skip.code).to.equal('STREAM_SHORT_CIRCUIT');
  expect(skip.retryable).to.equal(true);
  expect(skip.failedItemIdentifier).to.equal(failedId);
  expect(skip.orderingKey).to.equal(orderingKey);
}

class Boom extends Error {}

describe('onError: what happens after a failure', () => {
  describe('defaults per source', () => {
    it('standard SQS goes on after a failure (both APIs)', async () => {
      // Prepare
      const ranProcedural: number[] = [];
      const ranDecorated: number[] = [];
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          ranDecorated.push(indexOf(record));
          if (indexOf(record) === 1) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context?: Context) {}
      }
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const procedural = await processPartialResponse(
        { Records: standardRecords(4) },
        (record: SQSRecord) => {
          ranProcedural.push(indexOf(record));
          if (indexOf(record) === 1) throw new Boom();
        },
        processor,
      );
      const decorated = await new Orders().handler({ Records: standardRecords(4) });

      // Assess
      expect(procedural).to.deep.equal(failuresOf('m1'));
      expect(decorated).to.deep.equal(failuresOf('m1'));
      expect(ranProcedural).to.deep.equal([0, 1, 2, 3]);
      expect(ranDecorated).to.deep.equal([0, 1, 2, 3]);
    });

    it('SQS FIFO stops after a failure (@BatchHandler with a .fifo queue)', async () => {
      // Prepare
      const ran: number[] = [];
      let outcome: BatchOutcome | undefined;
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          ran.push(indexOf(record));
          if (indexOf(record) === 1) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context?: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }

      // Act
      const response = await new Orders().handler({ Records: fifoRecords(['a', 'b', 'c', 'd']) });

      // Assess
      expect(response).to.deep.equal(failuresOf('m1', 'm2', 'm3'));
      expect(ran).to.deep.equal([0, 1]);
      const skipped = outcome?.failures.slice(1).map((f) => f.error) ?? [];
      expect(skipped).to.have.length(2);
      for (const error of skipped) {
        expect(error).to.be.instanceOf(SqsFifoShortCircuitError);
        expect((error as SqsFifoShortCircuitError).code).to.equal('FIFO_SHORT_CIRCUIT');
        expect((error as SqsFifoShortCircuitError).retryable).to.equal(true);
      }
    });

    it('Kinesis stops: every later record fails with StreamShortCircuitError, unrun (procedural API)', async () => {
      // Prepare
      const records = kinesisRecords(['a', 'b', 'c', 'd', 'e']);
      const ran: number[] = [];
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: KinesisStreamRecord) => {
          ran.push(indexOf(record));
          if (indexOf(record) === 2) throw new Boom();
        },
        processor,
      );

      // Assess
      expect(ran).to.deep.equal([0, 1, 2]);
      expect(response).to.deep.equal(failuresOf(...records.slice(2).map(idOf)));
      const [own, ...skipped] = processor.errors;
      expect(own).to.be.instanceOf(Boom);
      expect(skipped).to.have.length(2);
      for (const error of skipped) expectStreamSkip(error, idOf(records[2] as KinesisStreamRecord));
    });

    it('Kinesis stops (@BatchHandler)', async () => {
      // Prepare
      const records = kinesisRecords(['a', 'b', 'c', 'd']);
      const ran: number[] = [];
      let outcome: BatchOutcome | undefined;
      class Clicks {
        @RecordHandler(EventType.KinesisDataStreams)
        async handle(record: KinesisStreamRecord) {
          ran.push(indexOf(record));
          if (indexOf(record) === 1) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: KinesisStreamEvent, context?: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }

      // Act
      const response = await new Clicks().handler({ Records: records });

      // Assess
      expect(ran).to.deep.equal([0, 1]);
      expect(response).to.deep.equal(failuresOf(...records.slice(1).map(idOf)));
      expect(outcome?.failures.map((f) => f.retryable)).to.deep.equal([true, true, true]);
      for (const failure of outcome?.failures.slice(1) ?? []) expectStreamSkip(failure.error, idOf(records[1]!));
    });

    it('DynamoDB Streams stops (both APIs)', async () => {
      // Prepare
      const keys = [{ pk: 'a' }, { pk: 'b' }, { pk: 'c' }, { pk: 'd' }];
      const ranProcedural: number[] = [];
      const ranDecorated: number[] = [];
      let outcome: BatchOutcome | undefined;
      class Changes {
        @RecordHandler(EventType.DynamoDBStreams)
        handle(record: DynamoDBRecord) {
          ranDecorated.push(indexOf(record));
          if (indexOf(record) === 0) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(event: DynamoDBStreamEvent, context?: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });
      const proceduralRecords = dynamodbRecords(keys);
      const decoratedRecords = dynamodbRecords(keys);

      // Act
      const procedural = await processPartialResponse(
        { Records: proceduralRecords },
        (record: DynamoDBRecord) => {
          ranProcedural.push(indexOf(record));
          if (indexOf(record) === 2) throw new Boom();
        },
        processor,
      );
      const decorated = await new Changes().handler({ Records: decoratedRecords });

      // Assess
      expect(ranProcedural).to.deep.equal([0, 1, 2]);
      expect(procedural).to.deep.equal(failuresOf(...proceduralRecords.slice(2).map(idOf)));
      expectStreamSkip(processor.errors[1], idOf(proceduralRecords[2]!));
      expect(ranDecorated).to.deep.equal([0]);
      expect(decorated).to.deep.equal(failuresOf(...decoratedRecords.map(idOf)));
      for (const failure of outcome?.failures.slice(1) ?? []) expectStreamSkip(failure.error, idOf(decoratedRecords[0]!));
    });
  });

  describe('explicit policies on streams', () => {
    it("'continue' runs every record and reports only the failed ones (Kinesis, procedural API)", async () => {
      // Prepare
      const records = kinesisRecords(['a', 'a', 'b', 'a']);
      const ran: number[] = [];
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger, onError: 'continue' });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: KinesisStreamRecord) => {
          ran.push(indexOf(record));
          if (indexOf(record) === 0) throw new Boom();
        },
        processor,
      );

      // Assess
      expect(ran).to.deep.equal([0, 1, 2, 3]);
      expect(response).to.deep.equal(failuresOf(idOf(records[0]!)));
    });

    it("'skip-group' skips only the failed partition key's later records (Kinesis, @BatchHandler)", async () => {
      // Prepare
      const records = kinesisRecords(['a', 'b', 'a', 'c', 'b', 'a']);
      const ran: number[] = [];
      let outcome: BatchOutcome | undefined;
      class Clicks {
        @RecordHandler(EventType.KinesisDataStreams)
        handle(record: KinesisStreamRecord) {
          ran.push(indexOf(record));
          if (indexOf(record) === 0) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger, onError: 'skip-group' })
        async handler(event: KinesisStreamEvent, context?: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }

      // Act
      const response = await new Clicks().handler({ Records: records });

      // Assess
      expect(ran).to.deep.equal([0, 1, 3, 4]);
      expect(response).to.deep.equal(failuresOf(idOf(records[0]!), idOf(records[2]!), idOf(records[5]!)));
      expect(outcome?.failures[0]?.error).to.be.instanceOf(Boom);
      expectStreamSkip(outcome?.failures[1]?.error, idOf(records[0]!), 'a');
      expectStreamSkip(outcome?.failures[2]?.error, idOf(records[0]!), 'a');
    });

    it("'skip-group' skips only records with the failed item's keys, in any attribute order (DynamoDB, procedural API)", async () => {
      // Prepare
      const records = dynamodbRecords([
        { pk: 'u#1', sk: 'p' },
        { pk: 'u#2', sk: 'p' },
        { sk: 'p', pk: 'u#1' },
        { pk: 'u#1', sk: 'q' },
      ]);
      const ran: number[] = [];
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: DynamoDBRecord) => {
          ran.push(indexOf(record));
          if (indexOf(record) === 0) throw new Boom();
        },
        processor,
        { onError: 'skip-group' },
      );

      // Assess
      expect(ran).to.deep.equal([0, 1, 3]);
      expect(response).to.deep.equal(failuresOf(idOf(records[0]!), idOf(records[2]!)));
      expect(processor.errors[1]).to.be.instanceOf(StreamShortCircuitError);
      expect((processor.errors[1] as StreamShortCircuitError).failedItemIdentifier).to.equal(idOf(records[0]!));
      expect((processor.errors[1] as StreamShortCircuitError).orderingKey).to.be.a('string');
    });

    it("'stop' on standard SQS skips every later record (procedural API)", async () => {
      // Prepare
      const ran: number[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: standardRecords(4) },
        (record: SQSRecord) => {
          ran.push(indexOf(record));
          if (indexOf(record) === 1) throw new Boom();
        },
        processor,
        { onError: 'stop' },
      );

      // Assess
      expect(ran).to.deep.equal([0, 1]);
      expect(response).to.deep.equal(failuresOf('m1', 'm2', 'm3'));
      expect(processor.errors[1]).to.be.instanceOf(ShortCircuitError);
    });

    it("'continue' on a FIFO queue runs every record (per-call option overrides the FIFO default)", async () => {
      // Prepare
      const ran: number[] = [];
      const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: fifoRecords(['g', 'g', 'g']) },
        (record: SQSRecord) => {
          ran.push(indexOf(record));
          if (indexOf(record) === 0) throw new Boom();
        },
        processor,
        { onError: 'continue' },
      );

      // Assess
      expect(ran).to.deep.equal([0, 1, 2]);
      expect(response).to.deep.equal(failuresOf('m0'));
    });
  });

  describe("'stop' under concurrency", () => {
    it('starts nothing after the first failure; records in flight finish and keep their own outcome (Kinesis, procedural API)', async () => {
      // Prepare
      const records = kinesisRecords(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      const tracker = flightTracker();
      const waits = [30, 5, 30, 1, 1, 1, 1, 1];
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger, concurrency: 3 });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: KinesisStreamRecord) => {
          const i = indexOf(record);
          await tracker.inFlight(String(i), waits[i] ?? 0);
          if (i === 1 || i === 2) throw new Boom(`record ${i}`);
        },
        processor,
      );

      // Assess
      expect(tracker.log.filter((line) => line.startsWith('start'))).to.deep.equal(['start 0', 'start 1', 'start 2']);
      expect(tracker.log.filter((line) => line.startsWith('end'))).to.have.members(['end 0', 'end 1', 'end 2']);
      expect(response).to.deep.equal(failuresOf(...records.slice(1).map(idOf)));
      expect(processor.successMessages).to.deep.equal([records[0]]);
      const [first, second, ...skipped] = processor.errors;
      expect(first).to.be.instanceOf(Boom);
      expect(second).to.be.instanceOf(Boom);
      expect(skipped).to.have.length(5);
      for (const error of skipped) expectStreamSkip(error, idOf(records[1]!));
    });

    it('starts nothing after the first failure (SQS FIFO, @BatchHandler): skipped records get the FIFO error', async () => {
      // Prepare
      const records = fifoRecords(['a', 'b', 'c', 'a', 'd', 'b']);
      const tracker = flightTracker();
      let outcome: BatchOutcome | undefined;
      class Orders {
        @RecordHandler(EventType.SQS)
        async handle(record: SQSRecord) {
          const i = indexOf(record);
          await tracker.inFlight(String(i), i === 1 ? 2 : 25);
          if (i === 1) throw new Boom();
        }

        @BatchHandler({ logger: silentLogger, concurrency: 2 })
        async handler(event: SQSEvent, context?: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }

      // Act
      const response = await new Orders().handler({ Records: records });

      // Assess
      expect(tracker.log.filter((line) => line.startsWith('start'))).to.deep.equal(['start 0', 'start 1']);
      expect(response).to.deep.equal(failuresOf('m1', 'm2', 'm3', 'm4', 'm5'));
      expect(outcome?.successes.map((s) => s.index)).to.deep.equal([0]);
      for (const failure of outcome?.failures.slice(1) ?? []) {
        expect(failure.error).to.be.instanceOf(SqsFifoShortCircuitError);
        expect(failure.retryable).to.equal(true);
      }
    });

    it('skipGroupOnError under concurrency skips only the failed message group; other groups finish', async () => {
      // Prepare
      const records = fifoRecords(['a', 'b', 'a', 'b', 'c', 'a']);
      const ran: number[] = [];
      const processor = new SqsFifoPartialProcessor({ logger: silentLogger, concurrency: 3 });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: SQSRecord) => {
          const i = indexOf(record);
          ran.push(i);
          await delay(3);
          if (i === 0) throw new Boom();
        },
        processor,
        { skipGroupOnError: true },
      );

      // Assess
      expect(ran.slice().sort()).to.deep.equal([0, 1, 3, 4]);
      expect(response).to.deep.equal(failuresOf('m0', 'm2', 'm5'));
      for (const error of processor.errors.slice(1)) {
        expect(error).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
        expect((error as SqsFifoMessageGroupShortCircuitError).code).to.equal('FIFO_GROUP_SHORT_CIRCUIT');
        expect((error as SqsFifoMessageGroupShortCircuitError).messageGroupId).to.equal('a');
      }
    });
  });
});
