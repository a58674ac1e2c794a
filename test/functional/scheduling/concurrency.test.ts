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
  BatchProcessor,
  EventType,
  processPartialResponse,
  RecordHandler,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import fc from 'fast-check';
import { dynamodbRecords, fifoRecords, idOf, indexOf, kinesisRecords, standardRecords } from '../../support/records';
import { flightTracker } from './support';

describe('ordered concurrency', () => {
  describe('the concurrency bound', () => {
    it('runs one record at a time by default (procedural API)', async () => {
      // Prepare
      const records = standardRecords(6);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: SQSRecord) => {
          await tracker.inFlight(record.messageId, 3);
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(1);
    });

    it('keeps at most `concurrency` records in flight and really reaches that many (procedural API)', async () => {
      // Prepare
      const records = standardRecords(20);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: SQSRecord) => {
          await tracker.inFlight(record.messageId, 2 + (indexOf(record) % 4) * 3);
        },
        processor,
        { concurrency: 5 },
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(5);
      expect(tracker.log.filter((line) => line.startsWith('end'))).to.have.length(20);
    });

    it('takes the bound from the processor constructor, and a call may override it for that call only', async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: 3 });
      const trackers = [flightTracker(), flightTracker(), flightTracker()];
      const handlerFor = (tracker: ReturnType<typeof flightTracker>) => async (record: SQSRecord) => {
        await tracker.inFlight(record.messageId, 3);
      };

      // Act
      await processPartialResponse({ Records: standardRecords(10) }, handlerFor(trackers[0]!), processor);
      await processPartialResponse({ Records: standardRecords(10) }, handlerFor(trackers[1]!), processor, {
        concurrency: 6,
      });
      await processPartialResponse({ Records: standardRecords(10) }, handlerFor(trackers[2]!), processor);

      // Assess
      expect(trackers.map((t) => t.max)).to.deep.equal([3, 6, 3]);
    });

    it('keeps at most `concurrency` records in flight and really reaches that many (@BatchHandler)', async () => {
      // Prepare
      const tracker = flightTracker();
      class Orders {
        @RecordHandler(EventType.SQS)
        async handle(record: SQSRecord) {
          await tracker.inFlight(record.messageId, 2 + (indexOf(record) % 3) * 4);
        }

        @BatchHandler({ logger: silentLogger, concurrency: 4 })
        async handler(event: SQSEvent, context?: Context) {}
      }

      // Act
      const response = await new Orders().handler({ Records: standardRecords(16) });

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(4);
    });

    it('runs synchronous handlers to completion under concurrency', async () => {
      // Prepare
      const seen: number[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: 8 });

      // Act
      const response = await processPartialResponse(
        { Records: standardRecords(30) },
        (record: SQSRecord) => {
          seen.push(indexOf(record));
          if (indexOf(record) % 10 === 9) throw new Error('nine');
        },
        processor,
      );

      // Assess
      expect(seen).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(['m9', 'm19', 'm29']);
    });
  });

  describe('ordering groups', () => {
    it('runs different Kinesis partition keys concurrently and one key strictly in input order (procedural API)', async () => {
      // Prepare
      const keys = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'];
      const records = kinesisRecords(keys);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger, concurrency: 3 });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: KinesisStreamRecord) => {
          const id = `${record.kinesis.partitionKey}${indexOf(record)}`;
          await tracker.inFlight(id, 5 + indexOf(record));
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(3);
      for (const key of ['a', 'b', 'c']) {
        const own = tracker.log.filter((line) => (line.split(' ')[1] as string).startsWith(key));
        const ids = keys.flatMap((k, i) => (k === key ? [`${k}${i}`] : []));
        expect(own).to.deep.equal(ids.flatMap((id) => [`start ${id}`, `end ${id}`]));
      }
    });

    it('never overlaps two records of one partition key, whatever the bound (procedural API)', async () => {
      // Prepare
      const records = kinesisRecords(['k', 'k', 'k', 'k', 'k']);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger, concurrency: 5 });

      // Act
      await processPartialResponse(
        { Records: records },
        async (record: KinesisStreamRecord) => {
          await tracker.inFlight(String(indexOf(record)), 5 - indexOf(record));
        },
        processor,
      );

      // Assess
      expect(tracker.max).to.equal(1);
      expect(tracker.log).to.deep.equal([0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
    });

    it("with ordering: 'none', lets records of one partition key overlap", async () => {
      // Prepare
      const records = kinesisRecords(['k', 'k', 'k', 'k', 'k', 'k']);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: KinesisStreamRecord) => {
          await tracker.inFlight(String(indexOf(record)), 5);
        },
        processor,
        { concurrency: 3, ordering: 'none' },
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(3);
    });

    it("with ordering: 'none' on @BatchHandler, lets changes to one DynamoDB item overlap", async () => {
      // Prepare
      const tracker = flightTracker();
      class Changes {
        @RecordHandler(EventType.DynamoDBStreams)
        async handle(record: DynamoDBRecord) {
          await tracker.inFlight(String(indexOf(record)), 5);
        }

        @BatchHandler({ logger: silentLogger, concurrency: 4, ordering: 'none' })
        async handler(event: DynamoDBStreamEvent, context?: Context) {}
      }
      const records = dynamodbRecords([{ pk: 'u#1' }, { pk: 'u#1' }, { pk: 'u#1' }, { pk: 'u#1' }]);

      // Act
      const response = await new Changes().handler({ Records: records });

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(4);
    });

    it('groups DynamoDB records by their item keys, whatever the attribute order of Keys', async () => {
      // Prepare
      const records = dynamodbRecords([
        { pk: 'u#1', sk: 'profile' },
        { pk: 'u#2', sk: 'profile' },
        { sk: 'profile', pk: 'u#1' },
        { pk: 'u#1', sk: 'orders' },
      ]);
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger, concurrency: 4 });

      // Act
      await processPartialResponse(
        { Records: records },
        async (record) => {
          await tracker.inFlight(String(indexOf(record)), indexOf(record) === 0 ? 15 : 3);
        },
        processor,
      );

      // Assess: record 2 has the same keys as record 0, so it waits for it; 1 and 3 are other items
      expect(tracker.log.indexOf('start 2')).to.be.greaterThan(tracker.log.indexOf('end 0'));
      expect(tracker.log.indexOf('start 1')).to.be.lessThan(tracker.log.indexOf('end 0'));
      expect(tracker.log.indexOf('start 3')).to.be.lessThan(tracker.log.indexOf('end 0'));
    });

    it('runs SQS FIFO message groups concurrently, each group in order (SqsFifoPartialProcessor)', async () => {
      // Prepare
      const groups = ['g1', 'g2', 'g1', 'g3', 'g2', 'g1', 'g4', 'g4'];
      const records = fifoRecords(groups);
      const tracker = flightTracker();
      const processor = new SqsFifoPartialProcessor({ logger: silentLogger, concurrency: 4 });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        async (record: SQSRecord) => {
          await tracker.inFlight(record.messageId, 4);
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(tracker.max).to.equal(4);
      for (const group of ['g1', 'g2', 'g4']) {
        const ids = records.filter((r) => r.attributes.MessageGroupId === group).map((r) => r.messageId);
        const own = tracker.log.filter((line) => ids.includes(line.split(' ')[1] as string));
        expect(own).to.deep.equal(ids.flatMap((id) => [`start ${id}`, `end ${id}`]));
      }
    });

    it('lets standard SQS records overlap even when they carry a MessageGroupId (no ordering group)', async () => {
      // Prepare
      const records = standardRecords(4).map((r) => ({ ...r, attributes: { ...r.attributes, MessageGroupId: 'g' } }));
      const tracker = flightTracker();
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: 4 });

      // Act
      await processPartialResponse(
        { Records: records },
        async (record: SQSRecord) => {
          await tracker.inFlight(record.messageId, 4);
        },
        processor,
      );

      // Assess
      expect(tracker.max).to.equal(4);
    });

    it('orders each partition key for any interleaving, never exceeds the bound, and overlaps keys (@BatchHandler)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), ms: fc.integer({ min: 0, max: 4 }) }), {
            minLength: 1,
            maxLength: 14,
          }),
          fc.integer({ min: 1, max: 4 }),
          async (specs, concurrency) => {
            // Prepare
            const records = kinesisRecords(specs.map((s) => s.key));
            const tracker = flightTracker();
            const started: number[] = [];
            class Clicks {
              @RecordHandler(EventType.KinesisDataStreams)
              async handle(record: KinesisStreamRecord) {
                const i = indexOf(record);
                started.push(i);
                await tracker.inFlight(String(i), specs[i]?.ms ?? 0);
              }

              @BatchHandler({ logger: silentLogger, concurrency })
              async handler(event: KinesisStreamEvent, context?: Context) {}
            }

            // Act
            const response = await new Clicks().handler({ Records: records });

            // Assess
            expect(response).to.deep.equal({ batchItemFailures: [] });
            expect(started.slice().sort((x, y) => x - y)).to.deep.equal(specs.map((_, i) => i));
            expect(tracker.max).to.be.at.most(concurrency);
            const distinctKeys = new Set(specs.map((s) => s.key)).size;
            // every first record of a key is eligible at once, so that many start together (up to the bound)
            expect(tracker.max).to.be.at.least(Math.min(concurrency, distinctKeys));
            for (const key of new Set(specs.map((s) => s.key))) {
              const own = specs.flatMap((s, i) => (s.key === key ? [i] : []));
              const lines = tracker.log.filter((line) => own.includes(Number(line.split(' ')[1])));
              expect(lines).to.deep.equal(own.flatMap((i) => [`start ${i}`, `end ${i}`]));
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });

  it('gives each record handler a context naming its record (procedural handlers get it last)', async () => {
    // Prepare
    const records = kinesisRecords(['a', 'b', 'a']);
    const seen: [string | undefined, number][] = [];
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger, concurrency: 2 });

    // Act
    await processPartialResponse(
      { Records: records },
      async (_record: KinesisStreamRecord, _lambda: Context | undefined, ctx: { itemIdentifier?: string; index: number }) => {
        seen.push([ctx.itemIdentifier, ctx.index]);
      },
      processor,
    );

    // Assess
    expect(seen.sort((x, y) => x[1] - y[1])).to.deep.equal(records.map((r, i) => [idOf(r), i]));
  });
});
