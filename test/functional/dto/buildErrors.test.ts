// An error thrown while the DTO is built from the payload (class-transformer's plainToInstance) is the record's fault:
// the record fails with RecordParseError, not retryable, with the original as cause, so the poison options see it.
import type { Context, SQSEvent } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  NonRetryableError,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
  RecordParseError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { Transform } from 'class-transformer';
import { IsString } from 'class-validator';
import { failuresOf } from '../../support/responses';

class Priced {
  get total(): number {
    return 1;
  }
}
/** The payload key `total` hits the getter-only property of the parent class: assigning it throws a TypeError. */
class GetterOnlyDto extends Priced {
  @IsString() id!: string;
}
/** The @Transform calls a string method on whatever arrives. */
class TrimmingDto {
  @Transform(({ value }) => (value as string).trim()) @IsString() id!: string;
}

const cases = [
  { kind: 'a payload key that hits a getter-only property', dto: GetterOnlyDto, bad: { id: 'o', total: 5 }, good: { id: 'o' } },
  { kind: 'a @Transform that throws on the wrong type', dto: TrimmingDto, bad: { id: 42 }, good: { id: ' o ' } },
];

const event = (bad: object, good: object) => ({
  Records: [sqsRecord(good, { messageId: 'good' }), sqsRecord(bad, { messageId: 'bad' })],
});

describe('errors thrown while building the DTO', () => {
  for (const { kind, dto, bad, good } of cases) {
    describe(kind, () => {
      it('BatchProcessor fails that record with RecordParseError, not retryable, the TypeError as cause', async () => {
        // Prepare
        const processor = new BatchProcessor(EventType.SQS, { dto, logger: silentLogger });

        // Act
        const response = await processPartialResponse(event(bad, good), () => undefined, processor);

        // Assess
        expect(response).to.deep.equal(failuresOf('bad'));
        const error = processor.errors[0] as RecordParseError;
        expect(error).to.be.instanceOf(RecordParseError);
        expect(error.code).to.equal('RECORD_PARSE_FAILED');
        expect(error.retryable).to.equal(false);
        expect(error.cause).to.be.instanceOf(TypeError);
      });

      it('BatchProcessorSync does the same', () => {
        // Prepare
        const processor = new BatchProcessorSync(EventType.SQS, { dto, logger: silentLogger });

        // Act
        const response = processPartialResponseSync(event(bad, good), () => undefined, processor);

        // Assess
        expect(response).to.deep.equal(failuresOf('bad'));
        expect(processor.errors[0]).to.be.instanceOf(RecordParseError);
        expect((processor.errors[0] as RecordParseError).cause).to.be.instanceOf(TypeError);
      });

      it('@RecordHandler reports the failure as not retryable', async () => {
        // Prepare
        let outcome: BatchOutcome | undefined;
        class OrderHandler {
          @RecordHandler(EventType.SQS, { dto })
          handle() {}

          @BatchHandler({ logger: silentLogger })
          async handler(_event: SQSEvent, _context: Context, result?: BatchOutcome) {
            outcome = result;
          }
        }

        // Act
        const response = await new OrderHandler().handler(event(bad, good), lambdaContext());

        // Assess
        expect(response).to.deep.equal(failuresOf('bad'));
        expect(outcome?.failures[0]?.error).to.be.instanceOf(RecordParseError);
        expect(outcome?.failures[0]?.retryable).to.equal(false);
        expect(outcome?.failures[0]?.error.cause).to.be.instanceOf(TypeError);
      });
    });
  }

  it('keeps a batchkit error a @Transform throws on purpose, and wraps a thrown non-Error with it as cause', async () => {
    // Prepare
    class RejectedSkuError extends NonRetryableError {}
    class SkuDto {
      @Transform(({ value }) => {
        if (value === 'recalled') throw new RejectedSkuError('recalled sku');
        if (value === 'odd') throw 'odd sku';
        return value;
      })
      @IsString()
      sku!: string;
    }
    const processor = new BatchProcessor(EventType.SQS, { dto: SkuDto, logger: silentLogger });
    const records = ['fine', 'recalled', 'odd'].map((sku) => sqsRecord({ sku }, { messageId: sku }));

    // Act
    const response = await processPartialResponse({ Records: records }, () => undefined, processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('recalled', 'odd'));
    expect(processor.errors[0]).to.be.instanceOf(RejectedSkuError);
    expect(processor.errors[1]).to.be.instanceOf(RecordParseError);
    expect(processor.errors[1]?.cause).to.equal('odd sku');
  });
});
