import type { SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  BatchProcessingError,
  type BatchRecord,
  EventType,
  type ProcessResult,
  type RecordContext,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { standardRecords } from '../../support/records';

/** A processor whose `processRecord` returns, for record `i`, `returns[i]` (called with the record). */
class ScriptedProcessor extends BasePartialProcessor {
  constructor(private readonly returns: readonly ((record: BatchRecord) => unknown)[]) {
    super(EventType.SQS, { logger: silentLogger });
  }

  override async processRecord(record: BatchRecord, context?: RecordContext): Promise<ProcessResult> {
    return (this.returns[context?.index ?? -1] as (record: BatchRecord) => unknown)(record) as ProcessResult;
  }
}

/** Runs the records through the processor and returns the run's outcome. */
async function outcomeOf(processor: BasePartialProcessor, records: readonly SQSRecord[]) {
  const invoker = await processor.invokerFor(() => 'handled');
  return (await processor.execute(records, invoker, { throwOnFullBatchFailure: false })).outcome;
}

describe("processors: a custom processRecord's tuple is the record's outcome", () => {
  it("takes ['success', result, record] as a success with that result, ['fail', message, record] as a failure with that message", async () => {
    // Prepare
    const records = standardRecords(2);
    const processor = new ScriptedProcessor([(r) => ['success', 'result 0', r], (r) => ['fail', 'm1 went wrong', r]]);

    // Act
    const outcome = await outcomeOf(processor, records);

    // Assess
    expect(outcome.successes.map((s) => [s.itemIdentifier, s.index, s.eventType, s.result])).to.deep.equal([
      ['m0', 0, EventType.SQS, 'result 0'],
    ]);
    expect(outcome.failures).to.have.length(1);
    expect(outcome.failures[0]?.error).to.be.instanceOf(BatchProcessingError);
    expect(outcome.failures[0]?.error.message).to.equal('m1 went wrong');
    expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it("keeps the Error of a ['fail', error, record] tuple as it is", async () => {
    // Prepare
    const error = new TypeError('own error');
    const processor = new ScriptedProcessor([(r) => ['fail', error, r]]);

    // Act
    const outcome = await outcomeOf(processor, standardRecords(1));

    // Assess
    expect(outcome.failures.map((f) => f.error)).to.deep.equal([error]);
  });

  it('fails anything that is not a result tuple, never a success', async () => {
    // Prepare
    const values: unknown[] = [undefined, null, 'success', ['ok', 1], {}];
    const processor = new ScriptedProcessor(values.map((value) => () => value));

    // Act
    const outcome = await outcomeOf(processor, standardRecords(values.length));

    // Assess
    expect(outcome.successes).to.deep.equal([]);
    expect(outcome.failures.map((f) => f.error instanceof BatchProcessingError)).to.deep.equal(values.map(() => true));
    expect(outcome.response.batchItemFailures).to.have.length(values.length);
  });

  it('fails the record whose processRecord throws or rejects, with that error', async () => {
    // Prepare
    const thrown = new Error('thrown');
    const rejected = new Error('rejected');
    const processor = new ScriptedProcessor([
      () => {
        throw thrown;
      },
      () => Promise.reject(rejected),
    ]);

    // Act
    const outcome = await outcomeOf(processor, standardRecords(2));

    // Assess
    expect(outcome.failures.map((f) => f.error)).to.deep.equal([thrown, rejected]);
  });
});

describe('processors: a successHandler that throws', () => {
  it('fails its record with that error and takes it back out of successMessages', async () => {
    // Prepare
    const refused = new Error('success handler threw');
    class Refusing extends BasePartialProcessor {
      override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
        const tuple = super.successHandler(record, result, context);
        if (context?.index === 0) throw refused;
        return tuple;
      }
    }
    const processor = new Refusing(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(2);

    // Act
    const outcome = await outcomeOf(processor, records);

    // Assess
    expect(outcome.failures.map((f) => [f.itemIdentifier, f.error])).to.deep.equal([['m0', refused]]);
    expect(outcome.successes.map((s) => s.itemIdentifier)).to.deep.equal(['m1']);
    expect(processor.successMessages).to.deep.equal([records[1]]);
  });
});
