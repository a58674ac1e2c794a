// A user constraint that answers with a promise without declaring `async: true` is never skipped: BatchProcessor
// awaits it, BatchProcessorSync fails the record with AsyncHandlerError; a constraint under a built-in's name runs too.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
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
import { registerDecorator, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { failuresOf } from '../../support/responses';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** A property decorator made with registerDecorator whose validator answers with `answer(value)`, as `name`. */
function Checked(name: string, answer: (value: unknown) => unknown) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: { validate: (value) => answer(value) as boolean },
    });
}

@ValidatorConstraint({ name: 'remoteSku' })
class RemoteSku implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return Promise.resolve(value !== 'banned');
  }
}

const later = (verdict: boolean) => new Promise<boolean>((resolve) => setTimeout(() => resolve(verdict), 1));

/** DTO classes whose `sku` constraint answers with a promise and never says so. */
function undeclaredDtos(): { kind: string; dto: new () => { sku: string }; constraint: string }[] {
  class ByClass {
    @Validate(RemoteSku) sku!: string;
  }
  class ByDecorator {
    @Checked('knownSku', (value) => later(value !== 'banned')) sku!: string;
  }
  class UnderBuiltinName {
    @Checked('isString', (value) => later(value !== 'banned')) sku!: string;
  }
  class UnderIsDefined {
    @Checked('isDefined', (value) => later(value !== 'banned')) sku!: string;
  }
  return [
    { kind: 'a @ValidatorConstraint class', dto: ByClass, constraint: 'remoteSku' },
    { kind: 'a registerDecorator validator', dto: ByDecorator, constraint: 'knownSku' },
    { kind: "a registerDecorator validator named like the built-in 'isString'", dto: UnderBuiltinName, constraint: 'isString' },
    { kind: "a registerDecorator validator named 'isDefined'", dto: UnderIsDefined, constraint: 'isDefined' },
  ];
}

const records = () => [sqsRecord({ sku: 'ok' }, { messageId: 'ok' }), sqsRecord({ sku: 'banned' }, { messageId: 'banned' })];

describe('DTO constraints that answer with a promise without declaring async', () => {
  for (const { kind, dto, constraint } of undeclaredDtos()) {
    describe(kind, () => {
      it('BatchProcessor awaits it: the record it rejects fails with RecordValidationError', async () => {
        // Prepare
        const handled: unknown[] = [];
        const processor = new BatchProcessor(EventType.SQS, { dto, logger: silentLogger });

        // Act
        const response = await processPartialResponse(
          { Records: records() },
          (order: { sku: string }) => handled.push(order),
          processor,
        );

        // Assess
        expect(response).to.deep.equal(failuresOf('banned'));
        expect(handled).to.have.length(1);
        expect(handled[0]).to.be.instanceOf(dto);
        expect(processor.errors[0]).to.be.instanceOf(RecordValidationError);
        expect(Object.keys((processor.errors[0] as RecordValidationError).details[0]?.constraints ?? {})).to.deep.equal([
          constraint,
        ]);
      });

      it('@RecordHandler awaits it too', async () => {
        // Prepare
        let outcome: BatchOutcome | undefined;
        class OrderHandler {
          @RecordHandler(EventType.SQS, { dto })
          handle(_order: object) {}

          @BatchHandler({ logger: silentLogger })
          async handler(_event: SQSEvent, _context: Context, result?: BatchOutcome) {
            outcome = result;
          }
        }

        // Act
        const response = await new OrderHandler().handler({ Records: records() }, lambdaContext());

        // Assess
        expect(response).to.deep.equal(failuresOf('banned'));
        expect(outcome?.failures[0]?.error).to.be.instanceOf(RecordValidationError);
      });

      it('BatchProcessorSync fails every record with AsyncHandlerError, never a success, and leaves no rejection behind', async () => {
        // Prepare
        const handled: unknown[] = [];
        const processor = new BatchProcessorSync(EventType.SQS, { dto, logger: silentLogger });
        const unhandled = watchUnhandledRejections();

        // Act
        const response = processPartialResponseSync(
          { Records: records() },
          (order: { sku: string }) => handled.push(order),
          processor,
          { throwOnFullBatchFailure: false },
        );
        await new Promise((resolve) => setTimeout(resolve, 10));
        unhandled.stop();

        // Assess
        expect(response).to.deep.equal(failuresOf('ok', 'banned'));
        expect(handled).to.deep.equal([]);
        expect(processor.errors.map((error) => error instanceof AsyncHandlerError)).to.deep.equal([true, true]);
        expect(unhandled.reasons).to.deep.equal([]);
      });
    });
  }

  it('BatchProcessorSync leaves no unhandled rejection when the undeclared promise rejects', async () => {
    // Prepare
    class Dto {
      @Checked('lookedUp', () => Promise.reject(new Error('lookup failed'))) sku!: string;
    }
    const processor = new BatchProcessorSync(EventType.SQS, { dto: Dto, logger: silentLogger });
    const unhandled = watchUnhandledRejections();

    // Act
    const response = processPartialResponseSync({ Records: records() }, () => undefined, processor, {
      throwOnFullBatchFailure: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    unhandled.stop();

    // Assess
    expect(response).to.deep.equal(failuresOf('ok', 'banned'));
    expect(processor.errors[0]).to.be.instanceOf(AsyncHandlerError);
    expect(unhandled.reasons).to.deep.equal([]);
  });

  it('BatchProcessorSync still validates synchronous user constraints, under any name', () => {
    // Prepare
    class Dto {
      @Checked('isString', (value) => value !== 'banned') sku!: string;
      @Checked('skuShape', (value) => typeof value === 'string') other!: string;
    }
    const processor = new BatchProcessorSync(EventType.SQS, { dto: Dto, logger: silentLogger });
    const handled: SQSRecord[] = [];

    // Act
    const response = processPartialResponseSync(
      {
        Records: [
          sqsRecord({ sku: 'ok', other: 'x' }, { messageId: 'ok' }),
          sqsRecord({ sku: 'banned', other: 'x' }, { messageId: 'banned' }),
        ],
      },
      (_dto: Dto, record: SQSRecord) => handled.push(record),
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('banned'));
    expect(handled.map((record) => record.messageId)).to.deep.equal(['ok']);
    expect(processor.errors[0]).to.be.instanceOf(RecordValidationError);
  });
});
