// Custom processors ported from Powertools as users write them: the fields they read (successMessages,
// failureMessages, errors, handler, records) belong to the invocation running, also when invocations overlap.
import type { SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type ProcessResult,
  processPartialResponse,
  processPartialResponseSync,
  type SuccessResult,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** What one invocation's `clean()` saw. */
interface Audit {
  batch: string;
  successMessages: unknown[];
  failureMessages: unknown[];
  errors: string[];
  records: string[];
}

/** The example, ported unchanged from a Powertools custom processor (no super calls, its own entries). */
class MyProcessor extends BasePartialProcessor {
  readonly audits: Audit[] = [];

  override prepare() {
    this.successMessages.length = 0;
    this.failureMessages.length = 0;
    this.errors = [];
  }

  override async processRecord(record: BatchRecord): Promise<ProcessResult> {
    try {
      return this.successHandler(record, await this.handler(record));
    } catch (e) {
      return this.failureHandler(record, e as Error);
    }
  }

  override successHandler(record: BatchRecord, result: unknown): SuccessResult {
    this.successMessages.push({ age: result } as never);
    return ['success', result, record];
  }

  override async clean() {
    await delay(1);
    const ids = this.records.map((r) => (r as SQSRecord).messageId);
    this.audits.push({
      batch: ids[0]?.split('-')[0] ?? '',
      successMessages: [...this.successMessages],
      failureMessages: this.failureMessages.map((m) => (m as SQSRecord).messageId),
      errors: this.errors.map((e) => e.message),
      records: ids,
    });
  }
}

/** Fails ids containing "bad"; the others succeed with their number after a per-batch delay. */
async function ageOf(record: SQSRecord): Promise<number> {
  await delay(record.messageId.startsWith('slow') ? 20 : 2);
  if (record.messageId.includes('bad')) throw new Error(`${record.messageId} rejected`);
  return Number(record.messageId.split('-')[1]);
}

function batch(...ids: string[]) {
  return { Records: ids.map((messageId) => sqsRecord({}, { messageId })) };
}

describe('custom processors ported from Powertools', () => {
  it('runs the ported processor unchanged: clean() sees exactly this invocation’s entries', async () => {
    // Prepare
    const processor = new MyProcessor(EventType.SQS, { logger: silentLogger });

    // Act
    const first = await processPartialResponse(batch('a-1', 'a-bad', 'a-3'), ageOf, processor);
    const second = await processPartialResponse(batch('b-7'), ageOf, processor);

    // Assess
    expect(first).to.deep.equal(failuresOf('a-bad'));
    expect(second).to.deep.equal(failuresOf());
    expect(processor.audits).to.deep.equal([
      {
        batch: 'a',
        successMessages: [{ age: 1 }, { age: 3 }],
        failureMessages: ['a-bad'],
        errors: ['a-bad rejected'],
        records: ['a-1', 'a-bad', 'a-3'],
      },
      { batch: 'b', successMessages: [{ age: 7 }], failureMessages: [], errors: [], records: ['b-7'] },
    ]);
  });

  it('keeps each overlapping invocation’s fields and handler apart on one processor instance', async () => {
    // Prepare: a slow batch starts first and finishes last, with fast ones started while it runs
    const processor = new MyProcessor(EventType.SQS, { logger: silentLogger });
    const handlers = ['slow', 'x', 'y'].map((prefix) => async (record: SQSRecord) => `${prefix}:${await ageOf(record)}`);

    // Act
    const responses = await Promise.all([
      processPartialResponse(batch('slow-1', 'slow-bad', 'slow-2'), handlers[0] as never, processor),
      processPartialResponse(batch('x-1', 'x-bad'), handlers[1] as never, processor),
      processPartialResponse(batch('y-5'), handlers[2] as never, processor),
    ]);

    // Assess
    expect(responses).to.deep.equal([failuresOf('slow-bad'), failuresOf('x-bad'), failuresOf()]);
    const byBatch = Object.fromEntries(processor.audits.map((a) => [a.batch, a]));
    expect(byBatch).to.deep.equal({
      slow: {
        batch: 'slow',
        successMessages: [{ age: 'slow:1' }, { age: 'slow:2' }],
        failureMessages: ['slow-bad'],
        errors: ['slow-bad rejected'],
        records: ['slow-1', 'slow-bad', 'slow-2'],
      },
      x: {
        batch: 'x',
        successMessages: [{ age: 'x:1' }],
        failureMessages: ['x-bad'],
        errors: ['x-bad rejected'],
        records: ['x-1', 'x-bad'],
      },
      y: { batch: 'y', successMessages: [{ age: 'y:5' }], failureMessages: [], errors: [], records: ['y-5'] },
    });
    expect(processor.audits.map((a) => a.batch)).to.deep.equal(['y', 'x', 'slow']);
  });

  it('takes the outcome from processRecord’s tuples: what hooks do to the fields never changes the response', async () => {
    // Prepare: a processor that empties and fills the fields with junk at every step
    class Scribbler extends BasePartialProcessor {
      override prepare() {
        this.successMessages = [{ junk: true } as never];
        this.failureMessages = [];
      }
      override async processRecord(record: BatchRecord): Promise<ProcessResult> {
        this.errors.push(new Error('noise'));
        this.failureMessages.length = 0;
        const id = (record as SQSRecord).messageId;
        return id.includes('bad') ? ['fail', 'no', record] : ['success', id, record];
      }
      override clean() {
        this.successMessages.splice(0);
        this.errors = [];
      }
    }
    const processor = new Scribbler(EventType.SQS, { logger: silentLogger });

    // Act
    const response = await processPartialResponse(batch('c-1', 'c-bad', 'c-3', 'c-bad2'), ageOf, processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('c-bad', 'c-bad2'));
  });

  it('shows the last invocation’s entries after it returns (the Powertools test pattern)', async () => {
    // Prepare
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    const event = batch('d-1', 'd-bad');
    const handler = (record: SQSRecord) => {
      if (record.messageId.includes('bad')) throw new Error('nope');
      return 'done';
    };

    // Act
    const response = processPartialResponseSync(event, handler, processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('d-bad'));
    expect(processor.successMessages).to.deep.equal([event.Records[0]]);
    expect(processor.failureMessages).to.deep.equal([event.Records[1]]);
    expect(processor.errors.map((e) => e.message)).to.deep.equal(['nope']);
  });

  it('runs a synchronous port (processRecordSync without super) with per-invocation fields', () => {
    // Prepare
    const seen: unknown[][] = [];
    class SyncPort extends BatchProcessorSync {
      override prepare() {
        this.successMessages.length = 0;
      }
      override processRecordSync(record: BatchRecord): ProcessResult {
        try {
          return this.successHandler(record, this.handler(record));
        } catch (e) {
          return this.failureHandler(record, e as Error);
        }
      }
      override successHandler(record: BatchRecord, result: unknown): SuccessResult {
        this.successMessages.push({ result } as never);
        return ['success', result, record];
      }
      override clean() {
        seen.push([...this.successMessages]);
      }
    }
    const processor = new SyncPort(EventType.SQS, { logger: silentLogger });
    const handler = (record: SQSRecord) => {
      if (record.messageId.includes('bad')) throw new Error('nope');
      return record.messageId.toUpperCase();
    };

    // Act
    const first = processPartialResponseSync(batch('e-1', 'e-bad'), handler, processor);
    const second = processPartialResponseSync(batch('f-1'), handler, processor);

    // Assess
    expect([first, second]).to.deep.equal([failuresOf('e-bad'), failuresOf()]);
    expect(seen).to.deep.equal([[{ result: 'E-1' }], [{ result: 'F-1' }]]);
  });
});
