// The Powertools-style fields of a processor (successMessages, failureMessages, errors, records, handler): empty
// before its first batch, plain arrays a hook may replace, and in input order while only the default hooks filled
// them. Once user code changed a list, batchkit only appends to it and never takes an entry back out.
import type { SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  BatchProcessingError,
  BatchProcessor,
  type BatchRecord,
  EventType,
  type RecordContext,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';
import { standardRecords } from '../../support/records';
import { delay } from '../../support/time';

type Lists = [successMessages: unknown[], failureMessages: unknown[], errors: unknown[]];

/** Fails m1; m0 settles last, after the later records, when the records run at once. */
async function lateFirst(record: BatchRecord): Promise<string> {
  const id = (record as SQSRecord).messageId;
  await delay(id === 'm0' ? 15 : 1);
  if (id === 'm1') throw new Error('m1 rejected');
  return 'ok';
}

describe('processors: the inspection fields', () => {
  for (const fieldsFirst of [false, true]) {
    it(`are empty before the first batch, and this.handler then says it runs only during a batch (${fieldsFirst ? 'fields' : 'handler'} read first)`, () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const readLists = (): Lists => [processor.successMessages, processor.failureMessages, processor.errors];
      const before = fieldsFirst ? readLists() : undefined;

      // Act
      const error = thrownBy(() => processor.handler(standardRecords(1)[0] as SQSRecord));
      const lists = before ?? readLists();

      // Assess
      expect(lists).to.deep.equal([[], [], []]);
      expect(processor.records).to.deep.equal([]);
      expect(processor.response()).to.deep.equal({ batchItemFailures: [] });
      expect(error).to.be.instanceOf(BatchProcessingError);
      expect((error as Error).message).to.equal('this.handler is set while the processor runs a batch.');
    });
  }

  it('may be replaced by a hook: the default hooks then append to the lists it set', async () => {
    // Prepare
    const seen: Lists[] = [];
    const earlier = new Error('kept from before');
    class Replacing extends BasePartialProcessor {
      override prepare() {
        this.successMessages = [{ note: 'success' }];
        this.failureMessages = [{ note: 'failure' }];
        this.errors = [earlier];
      }
      override clean() {
        seen.push([this.successMessages, this.failureMessages, this.errors]);
      }
    }
    const processor = new Replacing(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(3);

    // Act
    await processor.execute(records, lateFirst, { concurrency: 3 });

    // Assess
    const [successes, failures, errors] = seen[0] as Lists;
    expect(successes).to.deep.equal([{ note: 'success' }, records[2], records[0]]);
    expect(failures).to.deep.equal([{ note: 'failure' }, records[1]]);
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['kept from before', 'm1 rejected']);
    expect([processor.successMessages, processor.failureMessages, processor.errors]).to.deep.equal(seen[0]);
  });

  it('hold the records in input order when they settle out of order, as long as only the default hooks filled them', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(4);

    // Act
    await processor.execute(records, lateFirst, { concurrency: 4 });

    // Assess
    expect(processor.successMessages).to.deep.equal([records[0], records[2], records[3]]);
    expect(processor.failureMessages).to.deep.equal([records[1]]);
  });

  it('keep what user code put in successMessages, also when a success there turns into a failure', async () => {
    // Prepare
    const refusal = new Error('refused after the fact');
    class Annotating extends BasePartialProcessor {
      override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
        const tuple = super.successHandler(record, result, context);
        this.successMessages.push({ annotated: context?.index });
        if (context?.index === 0) throw refusal;
        return tuple;
      }
    }
    const processor = new Annotating(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(2);

    // Act
    const { outcome } = await processor.execute(records, () => 'ok');

    // Assess
    expect(outcome.failures.map((f) => f.error)).to.deep.equal([refusal]);
    expect(processor.successMessages).to.deep.equal([records[0], { annotated: 0 }, records[1], { annotated: 1 }]);
  });

  it('hold the records in input order again once user code emptied a list', async () => {
    // Prepare
    const seen: unknown[][] = [];
    class Emptying extends BasePartialProcessor {
      override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
        if (context?.index === 4) this.successMessages.length = 0;
        return super.successHandler(record, result, context);
      }
      override clean() {
        seen.push([...this.successMessages]);
      }
    }
    const processor = new Emptying(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(6);
    const finishing = [3, 5, 4, 0, 1, 2];

    // Act: m3 and m5 settle first, then m4 empties the list, then the earlier records settle
    await processor.execute(
      records,
      async (record) => {
        const index = Number((record as SQSRecord).messageId.slice(1));
        await delay(1 + 4 * finishing.indexOf(index));
        return 'ok';
      },
      { concurrency: 6 },
    );

    // Assess
    expect(seen[0]).to.deep.equal([records[0], records[1], records[2], records[4]]);
  });
});
