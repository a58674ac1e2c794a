import type { Context, SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  FullBatchFailureError,
  NonErrorThrownError,
  processPartialResponseSync,
  type RecordContext,
  RecordParseError,
  RecordValidationError,
  silentLogger,
} from 'batchkit';
import { kinesisEvent, lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import { thrownBy } from '../../support/errors';
import { failuresOf } from '../../support/responses';
import { delay, macrotask } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** Collects unhandled rejections while `body` runs and a little after (so late rejections surface). */
async function unhandledRejectionsDuring(body: () => unknown): Promise<unknown[]> {
  const watcher = watchUnhandledRejections();
  try {
    body();
    await delay(30);
    await macrotask();
  } finally {
    watcher.stop();
  }
  return watcher.reasons;
}

describe('BatchProcessorSync (procedural API)', () => {
  it('runs a synchronous handler with (record, lambda context, record context)', () => {
    // Prepare
    const context = lambdaContext();
    const records = [sqsRecord({}, { messageId: 'a' }), sqsRecord({}, { messageId: 'b' })];
    const calls: unknown[][] = [];
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

    // Act
    const response = processPartialResponseSync(
      { Records: records },
      (record: SQSRecord, lambda: Context | undefined, ctx: RecordContext) => {
        calls.push([record, lambda, ctx.index, ctx.itemIdentifier]);
      },
      processor,
      { context },
    );

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(calls).to.deep.equal([
      [records[0], context, 0, 'a'],
      [records[1], context, 1, 'b'],
    ]);
  });

  it('builds and validates DTOs synchronously and fails invalid ones', () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
      @IsInt() @Min(1) qty!: number;
    }
    const records = [
      sqsRecord({ id: 'a', qty: 1 }, { messageId: 'ok' }),
      sqsRecord({ id: 'b', qty: 0 }, { messageId: 'invalid' }),
      sqsRecord('{', { messageId: 'malformed' }),
    ];
    const seen: unknown[][] = [];
    const processor = new BatchProcessorSync(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const response = processPartialResponseSync(
      { Records: records },
      (order: OrderDto, record: SQSRecord) => {
        seen.push([order, record]);
      },
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('invalid', 'malformed'));
    expect(seen).to.have.length(1);
    expect(seen[0]?.[0]).to.be.instanceOf(OrderDto);
    expect(seen[0]?.[1]).to.equal(records[0]);
    expect(processor.errors[0]).to.be.instanceOf(RecordValidationError);
    expect(processor.errors[1]).to.be.instanceOf(RecordParseError);
  });

  it('processes a registered batch with processSync()', () => {
    // Prepare
    const event = kinesisEvent([{ n: 1 }, { n: 2 }]);
    const processor = new BatchProcessorSync(EventType.KinesisDataStreams, { logger: silentLogger });
    processor.register(event.Records, (_record: unknown, _lambda: unknown, ctx: RecordContext) => {
      if (ctx.index === 1) throw new Error('second fails');
      return ctx.index * 10;
    });

    // Act
    const results = processor.processSync();

    // Assess
    expect(results).to.deep.equal([
      ['success', 0, event.Records[0]],
      ['fail', 'second fails', event.Records[1]],
    ]);
    expect(processor.response()).to.deep.equal(failuresOf(event.Records[1]?.kinesis.sequenceNumber as string));
  });

  it('also works with await process()', async () => {
    // Prepare
    const records = [sqsRecord({}, { messageId: 'a' })];
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    processor.register(records, () => 'sync result');

    // Act
    const results = await processor.process();

    // Assess
    expect(results).to.deep.equal([['success', 'sync result', records[0]]]);
  });

  it('fails a record whose handler returns a Promise with AsyncHandlerError, never a success', () => {
    // Prepare
    const records = ['sync', 'async', 'sync-2'].map((id) => sqsRecord({}, { messageId: id }));
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

    // Act
    const response = processPartialResponseSync(
      { Records: records },
      (record: SQSRecord) => (record.messageId === 'async' ? Promise.resolve('looks fine') : 'done'),
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('async'));
    expect(processor.successMessages).to.deep.equal([records[0], records[2]]);
    expect(processor.errors).to.have.length(1);
    expect(processor.errors[0]).to.be.instanceOf(AsyncHandlerError);
    expect((processor.errors[0] as AsyncHandlerError).code).to.equal('ASYNC_HANDLER_IN_SYNC_PROCESSOR');
  });

  it('fails an async handler in processSync() too, and throws FullBatchFailureError when that is every record', () => {
    // Prepare
    const records = [sqsRecord({}, { messageId: 'a' })];
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    processor.register(records, async () => 'never a success');

    // Act
    const error = thrownBy(() => processor.processSync());

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect((error as FullBatchFailureError).recordErrors[0]).to.be.instanceOf(AsyncHandlerError);
    expect(processor.response()).to.deep.equal(failuresOf('a'));
  });

  it('leaves no unhandled rejection when an async handler rejects', async () => {
    // Prepare
    const records = [sqsRecord({}, { messageId: 'rejects' }), sqsRecord({}, { messageId: 'rejects-later' })];
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    const handler = async (record: SQSRecord) => {
      if (record.messageId === 'rejects-later') await delay(5);
      throw new Error('rejected after the sync processor moved on');
    };
    let response: unknown;

    // Act
    const unhandled = await unhandledRejectionsDuring(() => {
      response = processPartialResponseSync({ Records: records }, handler, processor, { throwOnFullBatchFailure: false });
    });

    // Assess
    expect(unhandled).to.deep.equal([]);
    expect(response).to.deep.equal(failuresOf('rejects', 'rejects-later'));
    expect(processor.errors.every((e) => e instanceof AsyncHandlerError)).to.equal(true);
  });

  it('fails a record whose handler throws a non-Error with NonErrorThrownError', () => {
    // Prepare
    const records = [sqsRecord({}, { messageId: 'a' }), sqsRecord({}, { messageId: 'b' })];
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

    // Act
    const response = processPartialResponseSync(
      { Records: records },
      (record: SQSRecord) => {
        if (record.messageId === 'a') throw 'plain string';
      },
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('a'));
    expect(processor.errors[0]).to.be.instanceOf(NonErrorThrownError);
    expect((processor.errors[0] as NonErrorThrownError).cause).to.equal('plain string');
  });

  it('refuses an async-DTO BatchProcessor in processPartialResponseSync with AsyncHandlerError', () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    let calls = 0;
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const error = thrownBy(() =>
      processPartialResponseSync({ Records: [sqsRecord({ id: 'a' }, { messageId: 'a' })] }, () => calls++, processor),
    );

    // Assess
    expect(error).to.be.instanceOf(AsyncHandlerError);
    expect((error as AsyncHandlerError).code).to.equal('ASYNC_HANDLER_IN_SYNC_PROCESSOR');
    expect(calls).to.equal(0);
  });

  it('refuses processSync() on an async-DTO BatchProcessor with AsyncHandlerError', () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    let calls = 0;
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });
    processor.register([sqsRecord({ id: 'a' }, { messageId: 'a' })], () => calls++);

    // Act
    const error = thrownBy(() => processor.processSync());

    // Assess
    expect(error).to.be.instanceOf(AsyncHandlerError);
    expect(calls).to.equal(0);
  });

  it('refuses an async-DTO BatchProcessor in processPartialResponseSync even after it served an async call', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const event = { Records: [sqsRecord({ id: 'a' }, { messageId: 'a' }), sqsRecord({ id: 'b' }, { messageId: 'b' })] };
    let calls = 0;
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });
    await processor.register(event.Records, () => undefined).process();

    // Act
    const error = thrownBy(() => processPartialResponseSync(event, () => calls++, processor));

    // Assess
    expect(error).to.be.instanceOf(AsyncHandlerError);
    expect(calls).to.equal(0);
  });
});
