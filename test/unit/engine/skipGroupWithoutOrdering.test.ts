import type { KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  type BatchRecord,
  EventType,
  type OnErrorPolicy,
  type OrderingMode,
  processPartialResponse,
  SqsFifoMessageGroupShortCircuitError,
  StreamShortCircuitError,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { fifoRecords, idOf, indexOf, kinesisRecords } from '../../support/records';
import { macrotask } from '../../support/time';

/** A record handler whose records finish only when the test says so. */
function controlledHandler() {
  const started: number[] = [];
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  return {
    started,
    handler: (record: SQSRecord | KinesisStreamRecord) =>
      new Promise<void>((resolve, reject) => {
        const index = indexOf(record);
        started.push(index);
        pending.set(index, { resolve, reject });
      }),
    /** Ends record `index` (with `error`: a failure) and lets the engine react. */
    async end(index: number, error?: Error): Promise<void> {
      const settle = pending.get(index);
      expect(settle, `record ${index} is not running`).to.not.equal(undefined);
      if (error === undefined) settle?.resolve();
      else settle?.reject(error);
      await macrotask();
    },
  };
}

/** The sources of the table, each making records in groups `a a a b`, with the error that skips a record. */
const SOURCES: [string, EventType, () => (SQSRecord | KinesisStreamRecord)[], new (...args: never[]) => Error][] = [
  ['Kinesis', EventType.KinesisDataStreams, () => kinesisRecords(['a', 'a', 'a', 'b']), StreamShortCircuitError],
  ['SQS FIFO', EventType.SQS, () => fifoRecords(['a', 'a', 'a', 'b']), SqsFifoMessageGroupShortCircuitError],
];

/** Runs the groups `a a a b` at concurrency 2 with `ordering`; record 0 fails while record 1 may be running. */
async function runGroups(eventType: EventType, records: BatchRecord[], ordering: OrderingMode, onError: OnErrorPolicy) {
  const control = controlledHandler();
  const processor = new BatchProcessor(eventType, { logger: silentLogger, concurrency: 2, ordering, onError });
  const pending = processPartialResponse({ Records: records }, control.handler, processor);
  await macrotask();
  const startedFirst = control.started.slice();
  await control.end(0, new Error('record 0 failed'));
  const startedAfterFailure = control.started.slice();
  for (const index of [1, 2, 3]) if (control.started.includes(index)) await control.end(index);
  const response = await pending;
  return { response, processor, started: control.started, startedFirst, startedAfterFailure };
}

describe("engine: ordering 'none' with onError 'skip-group' under concurrency", () => {
  for (const [source, eventType, recordsOf, skipError] of SOURCES) {
    it(`lets a later record of the failed group that is already running keep its own outcome, and skips those not started (${source})`, async () => {
      // Prepare
      const records = recordsOf();

      // Act
      const { response, processor, started, startedFirst, startedAfterFailure } = await runGroups(
        eventType,
        records,
        'none',
        'skip-group',
      );

      // Assess: records 0 and 1 (both group a) ran together; record 2 (group a) was skipped; record 3 (group b) ran
      expect(startedFirst).to.deep.equal([0, 1]);
      expect(startedAfterFailure).to.deep.equal([0, 1, 3]);
      expect(started).to.deep.equal([0, 1, 3]);
      expect(response.batchItemFailures).to.deep.equal([
        { itemIdentifier: idOf(records[0] as SQSRecord) },
        { itemIdentifier: idOf(records[2] as SQSRecord) },
      ]);
      expect(processor.errors[0]?.message).to.equal('record 0 failed');
      expect(processor.errors[1]).to.be.instanceOf(skipError);
      expect(processor.successMessages).to.deep.equal([records[1], records[3]]);
    });

    it(`with ordering 'group', runs the group one record at a time, so every later record of it is skipped (${source})`, async () => {
      // Prepare
      const records = recordsOf();

      // Act
      const { response, started, startedFirst } = await runGroups(eventType, records, 'group', 'skip-group');

      // Assess
      expect(startedFirst).to.deep.equal([0, 3]);
      expect(started).to.deep.equal([0, 3]);
      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(records.slice(0, 3).map(idOf));
    });
  }
});
