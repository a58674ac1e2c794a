// An async constraint on a nested class runs at any nesting (a single child, arrays, arrays of arrays): the verdict is
// class-validator's `validate`, the handler gets the instance (never a pending promise), and BatchProcessorSync fails
// the record with AsyncHandlerError.
import type { Context, SQSEvent } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
  RecordValidationError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validate,
} from 'class-validator';
import { failuresOf } from '../../support/responses';

@ValidatorConstraint({ name: 'knownCode', async: true })
class KnownCode implements ValidatorConstraintInterface {
  async validate(value: unknown) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return value !== 'unknown';
  }
}

class Leaf {
  @Validate(KnownCode) code!: string;
}
class Grid {
  @IsString() id!: string;
  @ValidateNested({ each: true }) @Type(() => Leaf) grid!: Leaf[][];
}
class Parcel {
  @IsString() id!: string;
  @ValidateNested() @Type(() => Leaf) label!: Leaf;
}

const VALIDATOR_DEFAULTS = { forbidUnknownValues: true, validationError: { target: false, value: false } };

describe('async constraints on nested DTO classes', () => {
  describe('through an array of arrays (grid: Leaf[][])', () => {
    const payloads: Record<string, unknown> = {
      valid: { id: 'g', grid: [[{ code: 'a' }], [{ code: 'b' }, { code: 'c' }]] },
      'unknown-deep': { id: 'g', grid: [[{ code: 'a' }], [{ code: 'b' }, { code: 'unknown' }]] },
      'unknown-first': { id: 'g', grid: [[{ code: 'unknown' }]] },
      'row-empty': { id: 'g', grid: [[], [{ code: 'a' }]] },
      'both-bad': { id: 7, grid: [[{ code: 'unknown' }, { code: 'unknown' }]] },
    };
    const event = () => ({ Records: Object.entries(payloads).map(([messageId, body]) => sqsRecord(body, { messageId })) });

    it("BatchProcessor gives class-validator's own verdict and errors for every record", async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { dto: Grid, logger: silentLogger });
      const handled: unknown[] = [];
      const theirs = await Promise.all(
        Object.values(payloads).map((body) => validate(plainToInstance(Grid, body), VALIDATOR_DEFAULTS)),
      );

      // Act
      const response = await processPartialResponse(event(), (grid: Grid) => handled.push(grid), processor);

      // Assess
      const expectedFailures = Object.keys(payloads).filter((_, i) => (theirs[i] ?? []).length > 0);
      expect(expectedFailures).to.deep.equal(['unknown-deep', 'unknown-first', 'both-bad']);
      expect(response).to.deep.equal(failuresOf(...expectedFailures));
      expect(handled.every((grid) => grid instanceof Grid)).to.equal(true);
      const ours = processor.errors.map((error) => JSON.parse(JSON.stringify((error as RecordValidationError).validationErrors)));
      expect(ours).to.deep.equal(
        theirs.filter((errors) => errors.length > 0).map((errors) => JSON.parse(JSON.stringify(errors))),
      );
    });

    it('@RecordHandler fails the record whose nested leaf is rejected', async () => {
      // Prepare
      let outcome: BatchOutcome | undefined;
      class GridHandler {
        @RecordHandler(EventType.SQS)
        handle(_grid: Grid) {}

        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent, _context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }

      // Act
      const response = await new GridHandler().handler(event(), lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf('unknown-deep', 'unknown-first', 'both-bad'));
      expect(
        (outcome?.failures[0]?.error as RecordValidationError | undefined)?.details.map((detail) => detail.path),
      ).to.deep.equal(['grid.1.1.code']);
    });

    it('BatchProcessorSync fails every record that reaches a leaf with AsyncHandlerError', () => {
      // Prepare
      const processor = new BatchProcessorSync(EventType.SQS, { dto: Grid, logger: silentLogger });
      const handled: unknown[] = [];

      // Act
      const response = processPartialResponseSync(event(), (grid: Grid) => handled.push(grid), processor, {
        throwOnFullBatchFailure: false,
      });

      // Assess
      expect(response).to.deep.equal(failuresOf(...Object.keys(payloads)));
      expect(handled).to.deep.equal([]);
      expect(processor.errors.every((error) => error instanceof AsyncHandlerError)).to.equal(true);
    });
  });

  describe('through a single nested child (label: Leaf)', () => {
    const event = () => ({
      Records: [
        sqsRecord({ id: 'p-1', label: { code: 'a' } }, { messageId: 'valid' }),
        sqsRecord({ id: 'p-2', label: { code: 'unknown' } }, { messageId: 'unknown' }),
      ],
    });

    it('BatchProcessor hands the handler the validated instance, never a pending promise', async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { dto: Parcel, logger: silentLogger });
      const handled: unknown[] = [];

      // Act
      const response = await processPartialResponse(event(), (parcel: Parcel) => handled.push(parcel), processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('unknown'));
      expect(handled).to.have.length(1);
      expect(handled[0]).to.be.instanceOf(Parcel);
      expect(handled[0]).to.not.be.instanceOf(Promise);
      expect((handled[0] as Parcel).label).to.be.instanceOf(Leaf);
      expect((processor.errors[0] as RecordValidationError).details.map((detail) => detail.path)).to.deep.equal(['label.code']);
    });

    it('BatchProcessorSync fails each record with AsyncHandlerError', () => {
      // Prepare
      const processor = new BatchProcessorSync(EventType.SQS, { dto: Parcel, logger: silentLogger });

      // Act
      const response = processPartialResponseSync(event(), () => undefined, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(response).to.deep.equal(failuresOf('valid', 'unknown'));
      expect(processor.errors.map((error) => (error as AsyncHandlerError).code)).to.deep.equal([
        'ASYNC_HANDLER_IN_SYNC_PROCESSOR',
        'ASYNC_HANDLER_IN_SYNC_PROCESSOR',
      ]);
    });
  });
});
