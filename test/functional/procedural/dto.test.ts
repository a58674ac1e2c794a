import type { Context, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import {
  type BatchOutcome,
  BatchProcessor,
  EventType,
  type ProcessingRun,
  processPartialResponse,
  type RecordContext,
  RecordParseError,
  RecordValidationError,
  silentLogger,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { failuresOf } from '../../support/responses';

describe('BatchProcessor with a dto (procedural API)', () => {
  it('calls the handler with (validated DTO instance, record, lambda context, record context) for SQS', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
      @IsInt() @Min(1) qty!: number;
    }
    const context = lambdaContext();
    const event = { Records: [sqsRecord({ id: 'o-1', qty: 2 }, { messageId: 'm-1' })] };
    const calls: unknown[][] = [];
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      event,
      (order: OrderDto, record: SQSRecord, lambda: Context | undefined, ctx: RecordContext) => {
        calls.push([order, record, lambda, ctx.itemIdentifier, ctx.index]);
      },
      processor,
      { context },
    );

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(calls).to.have.length(1);
    const [order, record, lambda, identifier, index] = calls[0] as unknown[];
    expect(order).to.be.instanceOf(OrderDto);
    expect({ ...(order as OrderDto) }).to.deep.equal({ id: 'o-1', qty: 2 });
    expect(record).to.equal(event.Records[0]);
    expect(lambda).to.equal(context);
    expect([identifier, index]).to.deep.equal(['m-1', 0]);
  });

  it('fails only the records whose DTO is invalid, with RecordValidationError that is not retryable', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
      @IsInt() @Min(1) qty!: number;
    }
    const outcomes: BatchOutcome[] = [];
    class InspectingProcessor extends BatchProcessor {
      override clean(run: ProcessingRun): void {
        outcomes.push(run.outcome());
      }
    }
    const event = {
      Records: [
        sqsRecord({ id: 'a', qty: 1 }, { messageId: 'ok-1' }),
        sqsRecord({ id: 'b', qty: 0 }, { messageId: 'bad-qty' }),
        sqsRecord({ id: 7, qty: 1 }, { messageId: 'bad-id' }),
        sqsRecord({ id: 'c', qty: 3 }, { messageId: 'ok-2' }),
      ],
    };
    const handled: string[] = [];
    const processor = new InspectingProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (order: OrderDto) => handled.push(order.id), processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('bad-qty', 'bad-id'));
    expect(handled).to.deep.equal(['a', 'c']);
    const failures = outcomes[0]?.failures ?? [];
    expect(failures.map((f) => f.error)).to.satisfy((errors: Error[]) => errors.every((e) => e instanceof RecordValidationError));
    expect(failures.map((f) => [f.itemIdentifier, f.retryable, (f.error as RecordValidationError).code])).to.deep.equal([
      ['bad-qty', false, 'RECORD_VALIDATION_FAILED'],
      ['bad-id', false, 'RECORD_VALIDATION_FAILED'],
    ]);
    expect(failures.map((f) => (f.error as RecordValidationError).details.map((d) => d.path))).to.deep.equal([['qty'], ['id']]);
  });

  it('reports nested and array paths of an invalid DTO (class-transformer @Type works)', async () => {
    // Prepare
    class LineDto {
      @IsString() sku!: string;
      @IsInt() @Min(1) qty!: number;
    }
    class OrderDto {
      @IsString() id!: string;
      @ValidateNested({ each: true }) @Type(() => LineDto) items!: LineDto[];
    }
    const seen: OrderDto[] = [];
    const event = {
      Records: [
        sqsRecord({ id: 'o-1', items: [{ sku: 's', qty: 1 }] }, { messageId: 'good' }),
        sqsRecord(
          {
            id: 'o-2',
            items: [
              { sku: 's', qty: 1 },
              { sku: 's', qty: 0 },
            ],
          },
          { messageId: 'bad' },
        ),
      ],
    };
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (order: OrderDto) => seen.push(order), processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('bad'));
    expect(seen[0]?.items[0]).to.be.instanceOf(LineDto);
    const error = processor.errors[0] as RecordValidationError;
    expect(error).to.be.instanceOf(RecordValidationError);
    expect(error.details.map((d) => d.path)).to.deep.equal(['items.1.qty']);
    expect(Object.keys(error.details[0]?.constraints ?? {})).to.deep.equal(['min']);
  });

  it('fails only the records whose payload cannot be parsed, with RecordParseError that is not retryable', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const outcomes: BatchOutcome[] = [];
    class InspectingProcessor extends BatchProcessor {
      override clean(run: ProcessingRun): void {
        outcomes.push(run.outcome());
      }
    }
    const event = {
      Records: [
        sqsRecord('{not json', { messageId: 'malformed' }),
        sqsRecord({ id: 'a' }, { messageId: 'ok' }),
        sqsRecord('[1,2]', { messageId: 'array' }),
        sqsRecord('"text"', { messageId: 'string' }),
      ],
    };
    const processor = new InspectingProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, () => undefined, processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('malformed', 'array', 'string'));
    const failures = outcomes[0]?.failures ?? [];
    expect(
      failures.map((f) => [f.error instanceof RecordParseError, (f.error as RecordParseError).code, f.retryable]),
    ).to.deep.equal([
      [true, 'RECORD_PARSE_FAILED', false],
      [true, 'RECORD_PARSE_FAILED', false],
      [true, 'RECORD_PARSE_FAILED', false],
    ]);
  });

  it('marks a failure thrown by the handler itself as retryable', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const outcomes: BatchOutcome[] = [];
    class InspectingProcessor extends BatchProcessor {
      override clean(run: ProcessingRun): void {
        outcomes.push(run.outcome());
      }
    }
    const event = { Records: [sqsRecord({ id: 'a' }, { messageId: 'down' }), sqsRecord({ id: 'b' }, { messageId: 'up' })] };
    const processor = new InspectingProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });

    // Act
    await processPartialResponse(
      event,
      (order: OrderDto) => {
        if (order.id === 'a') throw new Error('database unavailable');
      },
      processor,
    );

    // Assess
    expect(outcomes[0]?.failures.map((f) => [f.itemIdentifier, f.retryable])).to.deep.equal([['down', true]]);
  });

  it('builds the DTO from base64 JSON for Kinesis and fails records with invalid base64', async () => {
    // Prepare
    class ClickDto {
      @IsString() page!: string;
    }
    const event = kinesisEvent([{ page: '/home' }, { page: '/cart' }]);
    const broken = event.Records[1] as KinesisStreamRecord;
    broken.kinesis.data = '%%%not base64%%%';
    const pages: unknown[] = [];
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { dto: ClickDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (click: ClickDto) => pages.push(click), processor);

    // Assess
    expect(response).to.deep.equal(failuresOf(broken.kinesis.sequenceNumber));
    expect(pages).to.have.length(1);
    expect(pages[0]).to.be.instanceOf(ClickDto);
    expect((pages[0] as ClickDto).page).to.equal('/home');
    expect(processor.errors[0]).to.be.instanceOf(RecordParseError);
  });

  it('builds the DTO from the unmarshalled NewImage, else OldImage, else Keys for DynamoDB Streams', async () => {
    // Prepare
    class UserDto {
      @IsString() pk!: string;
      @IsIn(['new', 'old', undefined]) state?: string;
    }
    const event = dynamodbStreamEvent([
      { eventName: 'INSERT', keys: { pk: 'u#1' }, newImage: { pk: 'u#1', state: 'new' } },
      { eventName: 'REMOVE', keys: { pk: 'u#2' }, oldImage: { pk: 'u#2', state: 'old' } },
      { eventName: 'REMOVE', keys: { pk: 'u#3' } },
    ]);
    const users: UserDto[] = [];
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { dto: UserDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (user: UserDto) => users.push(user), processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(users.every((u) => u instanceof UserDto)).to.equal(true);
    expect(users.map((u) => [u.pk, u.state])).to.deep.equal([
      ['u#1', 'new'],
      ['u#2', 'old'],
      ['u#3', undefined],
    ]);
  });

  it('accepts the DTO as a thunk', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const event = { Records: [sqsRecord({ id: 'a' }, { messageId: 'ok' }), sqsRecord({ id: 1 }, { messageId: 'bad' })] };
    const seen: unknown[] = [];
    const processor = new BatchProcessor(EventType.SQS, { dto: () => OrderDto, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (order: OrderDto) => seen.push(order), processor);

    // Assess
    expect(response).to.deep.equal(failuresOf('bad'));
    expect(seen[0]).to.be.instanceOf(OrderDto);
  });

  it('passes validator options to class-validator', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const event = {
      Records: [sqsRecord({ id: 'a' }, { messageId: 'clean' }), sqsRecord({ id: 'b', extra: true }, { messageId: 'extra' })],
    };
    const lenient = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });
    const strict = new BatchProcessor(EventType.SQS, {
      dto: OrderDto,
      logger: silentLogger,
      validator: { whitelist: true, forbidNonWhitelisted: true },
    });

    // Act
    const lenientResponse = await processPartialResponse(event, () => undefined, lenient);
    const strictResponse = await processPartialResponse(event, () => undefined, strict);

    // Assess
    expect(lenientResponse).to.deep.equal({ batchItemFailures: [] });
    expect(strictResponse).to.deep.equal(failuresOf('extra'));
    expect(strict.errors[0]).to.be.instanceOf(RecordValidationError);
    expect((strict.errors[0] as RecordValidationError).details.map((d) => d.path)).to.deep.equal(['extra']);
  });

  it('passes transformer options to class-transformer', async () => {
    // Prepare
    class OrderDto {
      @Expose() @IsString() id!: string;
      @Expose() @IsInt() qty!: number;
      secret?: string;
    }
    const event = {
      Records: [
        sqsRecord({ id: 'a', qty: '4', secret: 's3cr3t' }, { messageId: 'm-1' }),
        sqsRecord({ id: 'b', qty: 5 }, { messageId: 'm-2' }),
      ],
    };
    const seen: OrderDto[] = [];
    const plain = new BatchProcessor(EventType.SQS, { dto: OrderDto, logger: silentLogger });
    const converting = new BatchProcessor(EventType.SQS, {
      dto: OrderDto,
      logger: silentLogger,
      transformer: { enableImplicitConversion: true, excludeExtraneousValues: true },
    });

    // Act
    const plainResponse = await processPartialResponse(event, (order: OrderDto) => seen.push(order), plain);
    const convertingResponse = await processPartialResponse(event, (order: OrderDto) => seen.push(order), converting);

    // Assess
    expect(plainResponse).to.deep.equal(failuresOf('m-1'));
    expect(convertingResponse).to.deep.equal({ batchItemFailures: [] });
    expect(seen.map((order) => [order.id, order.qty, order.secret])).to.deep.equal([
      ['b', 5, undefined],
      ['a', 4, undefined],
      ['b', 5, undefined],
    ]);
  });

  it("builds the DTO from the whole record with from: 'record'", async () => {
    // Prepare
    class AttributesDto {
      @IsString() ApproximateReceiveCount!: string;
    }
    class EnvelopeDto {
      @IsString() messageId!: string;
      @IsIn(['aws:sqs']) eventSource!: string;
      @ValidateNested() @Type(() => AttributesDto) attributes!: AttributesDto;
    }
    const event = sqsEvent(['not json at all', 'still not json']);
    const broken = event.Records[1] as SQSRecord;
    (broken as { eventSource: string }).eventSource = 'aws:sqs';
    (broken.attributes as unknown as Record<string, unknown>).ApproximateReceiveCount = 2;
    const seen: EnvelopeDto[] = [];
    const processor = new BatchProcessor(EventType.SQS, { dto: EnvelopeDto, from: 'record', logger: silentLogger });

    // Act
    const response = await processPartialResponse(event, (envelope: EnvelopeDto) => seen.push(envelope), processor);

    // Assess
    expect(response).to.deep.equal(failuresOf(broken.messageId));
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.instanceOf(EnvelopeDto);
    expect(seen[0]?.attributes).to.be.instanceOf(AttributesDto);
    expect(seen[0]?.messageId).to.equal(event.Records[0]?.messageId);
    expect((processor.errors[0] as RecordValidationError).details.map((d) => d.path)).to.deep.equal([
      'attributes.ApproximateReceiveCount',
    ]);
  });
});
