import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchHandler, type BatchOutcome, EventType, RecordHandler, RecordValidationError, silentLogger } from 'batchkit';
import { lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsString, IsUUID, Min, ValidateNested } from 'class-validator';

/** A shape with no runtime presence: a parameter typed with it reflects as `Object`. */
interface ClickShape {
  page: string;
}

describe('@RecordHandler DTOs', () => {
  describe('which DTO', () => {
    it('infers the DTO from the first parameter class', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
      }
      const received: unknown[] = [];
      class OrderHandler {
        @RecordHandler(EventType.SQS)
        handle(order: OrderDto) {
          received.push(order);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      const response = await new OrderHandler().handler(sqsEvent([{ id: 'o-1' }]), lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(received).to.have.length(1);
      expect(received[0]).to.be.instanceOf(OrderDto);
      expect((received[0] as OrderDto).id).to.equal('o-1');
    });

    it('uses an explicit dto class over the parameter type', async () => {
      // Prepare
      class WrongDto {
        @IsInt() other!: number;
      }
      class OrderDto {
        @IsString() id!: string;
      }
      const received: unknown[] = [];
      class OrderHandler {
        @RecordHandler(EventType.SQS, { dto: OrderDto })
        handle(order: WrongDto) {
          received.push(order);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      const response = await new OrderHandler().handler(sqsEvent([{ id: 'o-1' }]), lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(received[0]).to.be.instanceOf(OrderDto);
    });

    it('accepts a thunk () => Dto, resolved at the first invocation (a class declared after the handler)', async () => {
      // Prepare
      const received: unknown[] = [];
      class ClickHandler {
        @RecordHandler(EventType.SQS, { dto: () => ClickDto })
        handle(click: ClickShape) {
          received.push(click);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      class ClickDto {
        @IsString() page!: string;
      }
      const event = sqsEvent([{ page: '/home' }, { page: 42 }]);

      // Act
      const response = await new ClickHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
      expect(received).to.have.length(1);
      expect(received[0]).to.be.instanceOf(ClickDto);
    });

    it('hands the raw record to a method with dto: false, even when its parameter is a class', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
      }
      const received: unknown[][] = [];
      class RawHandler {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(payload: OrderDto, record: SQSRecord) {
          received.push([payload, record]);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = sqsEvent(['not JSON at all']);

      // Act
      const response = await new RawHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(received).to.have.length(1);
      expect(received[0]?.[0]).to.equal(event.Records[0]);
      expect(received[0]?.[1]).to.equal(event.Records[0]);
    });

    it('hands the raw record to a method whose first parameter is an interface (SQSRecord)', async () => {
      // Prepare
      const received: unknown[] = [];
      class RawHandler {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          received.push(record);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = sqsEvent(['plain text', '{"id":1}']);

      // Act
      const response = await new RawHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(received).to.deep.equal(event.Records);
      expect(received[0]).to.equal(event.Records[0]);
    });
  });

  describe('validation', () => {
    it('validates nested @ValidateNested + @Type arrays and reports dotted paths, not retryable', async () => {
      // Prepare
      class LineDto {
        @IsString() sku!: string;
        @IsInt() @Min(1) qty!: number;
      }
      class OrderDto {
        @IsString() id!: string;
        @IsArray() @ValidateNested({ each: true }) @Type(() => LineDto) items!: LineDto[];
      }
      const received: OrderDto[] = [];
      let outcome: BatchOutcome | undefined;
      class OrderHandler {
        @RecordHandler(EventType.SQS)
        handle(order: OrderDto) {
          received.push(order);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = sqsEvent([
        { id: 'good', items: [{ sku: 'a', qty: 1 }] },
        {
          id: 'bad',
          items: [
            { sku: 'a', qty: 0 },
            { sku: 5, qty: 1 },
          ],
        },
      ]);

      // Act
      const response = await new OrderHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
      expect(received).to.have.length(1);
      expect(received[0]?.items[0]).to.be.instanceOf(LineDto);
      const failure = outcome?.failures[0];
      expect(failure?.retryable).to.equal(false);
      expect(failure?.error).to.be.instanceOf(RecordValidationError);
      const error = failure?.error as RecordValidationError;
      expect(error.code).to.equal('RECORD_VALIDATION_FAILED');
      expect(error.retryable).to.equal(false);
      expect(error.details.map((d) => [d.path, Object.keys(d.constraints)])).to.deep.equal([
        ['items.0.qty', ['min']],
        ['items.1.sku', ['isString']],
      ]);
      expect(error.validationErrors.map((e) => e.property)).to.deep.equal(['items']);
    });

    it('applies the validator options (whitelist + forbidNonWhitelisted)', async () => {
      // Prepare
      class ProfileDto {
        @IsString() name!: string;
      }
      let outcome: BatchOutcome | undefined;
      class ProfileHandler {
        @RecordHandler(EventType.SQS, { validator: { whitelist: true, forbidNonWhitelisted: true } })
        handle(profile: ProfileDto) {}

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = sqsEvent([{ name: 'Ada' }, { name: 'Eve', role: 'admin' }]);

      // Act
      const response = await new ProfileHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
      const error = outcome?.failures[0]?.error as RecordValidationError;
      expect(error).to.be.instanceOf(RecordValidationError);
      expect(error.details.map((d) => [d.path, Object.keys(d.constraints)])).to.deep.equal([['role', ['whitelistValidation']]]);
    });

    it('applies the validator options (whitelist strips unknown properties)', async () => {
      // Prepare
      class ProfileDto {
        @IsString() name!: string;
      }
      const received: ProfileDto[] = [];
      class ProfileHandler {
        @RecordHandler(EventType.SQS, { validator: { whitelist: true } })
        handle(profile: ProfileDto) {
          received.push(profile);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      await new ProfileHandler().handler(sqsEvent([{ name: 'Eve', role: 'admin' }]), lambdaContext());

      // Assess
      expect(received).to.have.length(1);
      expect(received[0]).to.not.have.property('role');
      expect(received[0]?.name).to.equal('Eve');
    });

    it('applies the transformer options (excludeExtraneousValues keeps only @Expose properties)', async () => {
      // Prepare
      class ProfileDto {
        @Expose() @IsString() name!: string;
      }
      const received: ProfileDto[] = [];
      class ProfileHandler {
        @RecordHandler(EventType.SQS, { transformer: { excludeExtraneousValues: true } })
        handle(profile: ProfileDto) {
          received.push(profile);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      await new ProfileHandler().handler(sqsEvent([{ name: 'Eve', role: 'admin' }]), lambdaContext());

      // Assess
      expect(received).to.have.length(1);
      expect(received[0]).to.be.instanceOf(ProfileDto);
      expect(received[0]).to.not.have.property('role');
      expect(received[0]?.name).to.equal('Eve');
    });
  });

  describe("from: 'record'", () => {
    it('builds the DTO from the whole record, without parsing the body', async () => {
      // Prepare
      class EnvelopeDto {
        @IsUUID() messageId!: string;
        @IsIn(['aws:sqs']) eventSource!: string;
        @IsString() body!: string;
      }
      const received: EnvelopeDto[] = [];
      let outcome: BatchOutcome | undefined;
      class EnvelopeHandler {
        @RecordHandler(EventType.SQS, { from: 'record' })
        handle(envelope: EnvelopeDto) {
          received.push(envelope);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = { Records: [sqsRecord('plain text, not JSON'), sqsRecord({ id: 1 }, { messageId: 'not-a-uuid' })] };

      // Act
      const response = await new EnvelopeHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'not-a-uuid' }] });
      expect(received).to.have.length(1);
      expect(received[0]).to.be.instanceOf(EnvelopeDto);
      expect(received[0]?.messageId).to.equal(event.Records[0]?.messageId);
      expect(received[0]?.body).to.equal('plain text, not JSON');
      const error = outcome?.failures[0]?.error as RecordValidationError;
      expect(error).to.be.instanceOf(RecordValidationError);
      expect(error.details.map((d) => d.path)).to.deep.equal(['messageId']);
    });
  });
});
