import type { Context, SQSRecord } from 'aws-lambda';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  type RecordContext,
  SqsFifoPartialProcessor,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { failuresOf } from '../../support/responses';

describe('register() then process() (procedural API)', () => {
  it("returns ['success', result, record] or ['fail', message, record] for every record, in input order", async () => {
    // Prepare
    const records = ['a', 'b', 'c'].map((id) => sqsRecord({ id }, { messageId: id }));
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register(records, async (record: SQSRecord) => {
      if (record.messageId === 'b') throw new Error('b is broken');
      return `handled ${record.messageId}`;
    });

    // Act
    const results = await processor.process();

    // Assess
    expect(results).to.deep.equal([
      ['success', 'handled a', records[0]],
      ['fail', 'b is broken', records[1]],
      ['success', 'handled c', records[2]],
    ]);
    expect(results[0]?.[2]).to.equal(records[0]);
  });

  it('describes the last run through response(), successMessages, failureMessages and errors', async () => {
    // Prepare
    const records = ['a', 'b', 'c', 'd'].map((id) => sqsRecord({ id }, { messageId: id }));
    const boom = new TypeError('d failed');
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register(records, (record: SQSRecord) => {
      if (record.messageId === 'b') throw new Error('b failed');
      if (record.messageId === 'd') throw boom;
    });

    // Act
    await processor.process();

    // Assess
    expect(processor.response()).to.deep.equal(failuresOf('b', 'd'));
    expect(processor.successMessages).to.deep.equal([records[0], records[2]]);
    expect(processor.failureMessages).to.deep.equal([records[1], records[3]]);
    expect(processor.errors).to.have.length(2);
    expect(processor.errors[1]).to.equal(boom);
  });

  it('replaces the inspection fields with each new run', async () => {
    // Prepare
    const first = ['a', 'b'].map((id) => sqsRecord({ id }, { messageId: id }));
    const second = ['c', 'd'].map((id) => sqsRecord({ id }, { messageId: id }));
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const failB = (record: SQSRecord) => {
      if (record.messageId === 'b') throw new Error('no');
    };

    // Act
    await processor.register(first, failB).process();
    await processor.register(second, failB).process();

    // Assess
    expect(processor.response()).to.deep.equal({ batchItemFailures: [] });
    expect(processor.successMessages).to.deep.equal(second);
    expect(processor.failureMessages).to.deep.equal([]);
    expect(processor.errors).to.deep.equal([]);
  });

  it('passes the context given to register to the handler', async () => {
    // Prepare
    const context = lambdaContext();
    const records = [sqsRecord({}, { messageId: 'a' })];
    const seen: unknown[] = [];
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register(records, (_r: SQSRecord, lambda: Context, ctx: RecordContext) => seen.push(lambda, ctx.lambdaContext), {
      context,
    });

    // Act
    await processor.process();

    // Assess
    expect(seen).to.deep.equal([context, context]);
  });

  it('throws FullBatchFailureError when every record fails, and response() still lists every record', async () => {
    // Prepare
    const records = ['a', 'b'].map((id) => sqsRecord({ id }, { messageId: id }));
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register(records, () => {
      throw new Error('down');
    });

    // Act
    const error = await rejectionOf(processor.process());

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect(processor.response()).to.deep.equal(failuresOf('a', 'b'));
    expect(processor.failureMessages).to.deep.equal(records);
    expect(processor.errors).to.have.length(2);
  });

  it('keeps response() complete after processPartialResponse threw FullBatchFailureError', async () => {
    // Prepare
    const event = { Records: ['a', 'b', 'c'].map((id) => sqsRecord({ id }, { messageId: id })) };
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

    // Act
    const error = await rejectionOf(
      processPartialResponse(
        event,
        () => {
          throw new Error('down');
        },
        processor,
      ),
    );

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect(processor.response()).to.deep.equal(failuresOf('a', 'b', 'c'));
  });

  it('throws BatchProcessingError from process() when nothing was registered', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

    // Act
    const error = await rejectionOf(processor.process());

    // Assess
    expect(error).to.be.instanceOf(BatchProcessingError);
    expect((error as BatchProcessingError).code).to.equal('BATCH_PROCESSING_FAILED');
  });

  it('consumes the registration: a second process() without register throws', async () => {
    // Prepare
    let calls = 0;
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register([sqsRecord({}, { messageId: 'a' })], () => calls++);
    await processor.process();

    // Act
    const error = await rejectionOf(processor.process());

    // Assess
    expect(error).to.be.instanceOf(BatchProcessingError);
    expect(calls).to.equal(1);
  });

  it('returns a fresh response object on every call of response()', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    processor.register([sqsRecord({}, { messageId: 'a' }), sqsRecord({}, { messageId: 'b' })], (record: SQSRecord) => {
      if (record.messageId === 'a') throw new Error('no');
    });
    await processor.process();

    // Act
    const first = processor.response();
    first.batchItemFailures.push({ itemIdentifier: 'injected' });
    (first.batchItemFailures[0] as { itemIdentifier: string }).itemIdentifier = 'changed';
    const second = processor.response();

    // Assess
    expect(second).to.not.equal(first);
    expect(second).to.deep.equal(failuresOf('a'));
  });

  it('returns a fresh empty response from response() before any run and for every empty batch', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const before = processor.response();
    before.batchItemFailures.push({ itemIdentifier: 'injected' });

    // Act
    const first = await processPartialResponse({ Records: [] }, () => undefined, processor);
    first.batchItemFailures.push({ itemIdentifier: 'injected' });
    const second = await processPartialResponse({ Records: [] }, () => undefined, processor);

    // Assess
    expect(processor.response()).to.deep.equal({ batchItemFailures: [] });
    expect(second).to.deep.equal({ batchItemFailures: [] });
    expect(second).to.not.equal(first);
  });

  describe('options are per call', () => {
    it('throwOnFullBatchFailure: false on one call does not carry over to the next (register/process)', async () => {
      // Prepare
      const records = [sqsRecord({}, { messageId: 'a' })];
      const failing = () => {
        throw new Error('down');
      };
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const lenient = await processor.register(records, failing, { throwOnFullBatchFailure: false }).process();

      // Act
      const error = await rejectionOf(processor.register(records, failing).process());

      // Assess
      expect(lenient).to.deep.equal([['fail', 'down', records[0]]]);
      expect(error).to.be.instanceOf(FullBatchFailureError);
    });

    it('throwOnFullBatchFailure: false on one call does not carry over to the next (processPartialResponse)', async () => {
      // Prepare
      const event = { Records: [sqsRecord({}, { messageId: 'a' })] };
      const failing = () => {
        throw new Error('down');
      };
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const lenient = await processPartialResponse(event, failing, processor, { throwOnFullBatchFailure: false });

      // Act
      const error = await rejectionOf(processPartialResponse(event, failing, processor));

      // Assess
      expect(lenient).to.deep.equal(failuresOf('a'));
      expect(error).to.be.instanceOf(FullBatchFailureError);
    });

    it('the Lambda context of one call is not passed to the next', async () => {
      // Prepare
      const context = lambdaContext();
      const event = { Records: [sqsRecord({}, { messageId: 'a' })] };
      const seen: unknown[] = [];
      const handler = (_r: SQSRecord, lambda: Context | undefined) => seen.push(lambda);
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      await processPartialResponse(event, handler, processor, { context });

      // Act
      await processPartialResponse(event, handler, processor);

      // Assess
      expect(seen).to.deep.equal([context, undefined]);
    });

    it('skipGroupOnError on one call does not carry over to the next', async () => {
      // Prepare
      const fifoArn = 'arn:aws:sqs:us-east-1:123456789012:orders.fifo';
      const records = [
        sqsRecord({}, { messageId: 'g1-a', eventSourceARN: fifoArn, attributes: { MessageGroupId: 'g1' } }),
        sqsRecord({}, { messageId: 'g2-a', eventSourceARN: fifoArn, attributes: { MessageGroupId: 'g2' } }),
      ];
      const failG1 = (record: SQSRecord) => {
        if (record.messageId === 'g1-a') throw new Error('no');
      };
      const processor = new SqsFifoPartialProcessor({ logger: silentLogger });
      const grouped = await processPartialResponse({ Records: records }, failG1, processor, { skipGroupOnError: true });

      // Act
      const plain = await processPartialResponse({ Records: records }, failG1, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(grouped).to.deep.equal(failuresOf('g1-a'));
      expect(plain).to.deep.equal(failuresOf('g1-a', 'g2-a'));
      expect(processor.errors[1]).to.be.instanceOf(SqsFifoShortCircuitError);
    });
  });
});
