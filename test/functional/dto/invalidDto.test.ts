// A DTO that cannot work (no class-validator constraint applies, or its `dto` thunk throws) is a configuration error
// found before any record runs: the invocation rejects with InvalidDtoError, no record fails, nothing is poison.
import type { Context, SQSEvent } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessingError,
  BatchProcessor,
  EventType,
  InvalidDtoError,
  InvalidOptionError,
  processPartialResponse,
  RecordHandler,
  RecordParseError,
  type SqsClientLike,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { Allow, IsInt, IsString } from 'class-validator';
import { rejectionOf, thrownBy } from '../../support/errors';

/** An SQS client that records what it is sent (nothing should be). */
function recordingClient(): SqsClientLike & { sent: object[] } {
  const sent: object[] = [];
  return { sent, send: async (command: object) => sent.push(command) };
}

class Undecorated {
  id!: string;
}
class TransformOnly {
  @Expose() id!: string;
  @Type(() => Date) at!: Date;
}

describe('DTOs that cannot validate anything', () => {
  const cases: { kind: string; dto: new () => object; validator?: { groups: string[] } }[] = [
    { kind: 'a class without decorators', dto: Undecorated },
    { kind: "a class with only class-transformer's @Type / @Expose", dto: TransformOnly },
    {
      kind: 'a class none of whose constraints is in the validator groups',
      dto: (() => {
        class AdminOnly {
          @IsString({ groups: ['admin'] }) id!: string;
        }
        return AdminOnly;
      })(),
      validator: { groups: ['public'] },
    },
  ];
  for (const { kind, dto, validator } of cases) {
    it(`@RecordHandler: ${kind} rejects the invocation with InvalidDtoError, and no record runs or goes to the DLQ`, async () => {
      // Prepare
      const client = recordingClient();
      let ran = 0;
      class OrderHandler {
        @RecordHandler(EventType.SQS, { dto, ...(validator && { validator }) })
        handle() {
          ran++;
        }

        @BatchHandler({ logger: silentLogger, poisonMessages: 'dlq', dlqUrl: 'https://sqs.local/dlq', sqsClient: client })
        async handler(_event: SQSEvent, _context: Context) {}
      }

      // Act
      const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'o-1' }]), lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(InvalidDtoError);
      expect((error as InvalidDtoError).code).to.equal('INVALID_DTO');
      expect((error as InvalidDtoError).configuration).to.equal(true);
      expect((error as InvalidDtoError).declaredBy).to.equal('OrderHandler.handle');
      expect(ran).to.equal(0);
      expect(client.sent).to.deep.equal([]);
    });

    it(`BatchProcessor: ${kind} rejects the invocation with InvalidDtoError`, async () => {
      // Prepare
      let ran = 0;
      const processor = new BatchProcessor(EventType.SQS, { dto, ...(validator && { validator }), logger: silentLogger });

      // Act
      const error = await rejectionOf(() => processPartialResponse(sqsEvent([{ id: 'o-1' }]), () => ran++, processor));

      // Assess
      expect(error).to.be.instanceOf(InvalidDtoError);
      expect((error as InvalidDtoError).configuration).to.equal(true);
      expect(ran).to.equal(0);
    });
  }

  it('accepts a transform-only DTO when forbidUnknownValues is turned off, and one that inherits its constraints', async () => {
    // Prepare
    class BaseDto {
      @IsString() id!: string;
    }
    class ChildDto extends BaseDto {
      note?: string;
    }
    const handled: unknown[] = [];
    const lenient = new BatchProcessor(EventType.SQS, {
      dto: TransformOnly,
      validator: { forbidUnknownValues: false },
      logger: silentLogger,
    });
    const inheriting = new BatchProcessor(EventType.SQS, { dto: ChildDto, logger: silentLogger });

    // Act
    const responses = [
      await processPartialResponse(sqsEvent([{ id: 'o-1' }]), (dto: object) => handled.push(dto), lenient),
      await processPartialResponse(sqsEvent([{ id: 'o-2' }]), (dto: object) => handled.push(dto), inheriting),
    ];

    // Assess
    expect(responses).to.deep.equal([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(handled[0]).to.be.instanceOf(TransformOnly);
    expect(handled[1]).to.be.instanceOf(ChildDto);
  });
});

describe('a dto thunk that throws', () => {
  it('@RecordHandler: rejects the invocation with InvalidDtoError, the thrown error as cause', async () => {
    // Prepare
    const thrown = new ReferenceError('Cannot access OrderDto before initialization');
    class OrderHandler {
      @RecordHandler(EventType.SQS, {
        dto: () => {
          throw thrown;
        },
      })
      handle() {}

      @BatchHandler({ logger: silentLogger })
      async handler(_event: SQSEvent, _context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'o-1' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(InvalidDtoError);
    expect(error).to.be.instanceOf(BatchProcessingError);
    expect((error as InvalidDtoError).code).to.equal('INVALID_DTO');
    expect((error as InvalidDtoError).cause).to.equal(thrown);
  });

  it('@RecordHandler: a thrown non-Error is kept as the cause too', async () => {
    // Prepare
    class OrderHandler {
      @RecordHandler(EventType.SQS, {
        dto: () => {
          throw 'not yet';
        },
      })
      handle() {}

      @BatchHandler({ logger: silentLogger })
      async handler(_event: SQSEvent, _context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'o-1' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(InvalidDtoError);
    expect((error as InvalidDtoError).cause).to.equal('not yet');
  });
});

describe('a dto thunk that throws (procedural)', () => {
  it('BatchProcessor: rejects the first batch with InvalidDtoError, the thrown error as cause, running no record', async () => {
    // Prepare
    const thrown = new ReferenceError('Cannot access OrderDto before initialization');
    const processor = new BatchProcessor(EventType.SQS, {
      dto: () => {
        throw thrown;
      },
      logger: silentLogger,
    });
    let ran = 0;

    // Act
    const error = await rejectionOf(processPartialResponse(sqsEvent([{ id: 'o-1' }]), () => ran++, processor));

    // Assess
    expect(error).to.be.instanceOf(InvalidDtoError);
    expect((error as InvalidDtoError).cause).to.equal(thrown);
    expect(ran).to.equal(0);
  });
});

/** `{ n: { n: { ... { qty: 1 } } } }`: `levels` objects deep, the innermost one holding `qty`. */
function nested(levels: number): Record<string, unknown> {
  let body: Record<string, unknown> = { qty: 1 };
  for (let level = 1; level < levels; level++) body = { n: body };
  return body;
}

describe('maxDepth', () => {
  class OrderDto {
    @IsInt() qty!: number;
  }
  class NestedDto {
    @Allow() n?: unknown;
  }

  for (const [levels, fails] of [
    [3, false],
    [4, true],
  ] as const) {
    it(`with maxDepth 3, a payload ${levels} levels deep ${fails ? 'fails as RecordParseError' : 'passes'} (both front doors)`, async () => {
      // Prepare
      const event = sqsEvent([nested(levels)]);
      const processor = new BatchProcessor(EventType.SQS, { dto: NestedDto, maxDepth: 3, logger: silentLogger });
      const errors: Error[] = [];
      class Nested {
        @RecordHandler(EventType.SQS, { dto: NestedDto, maxDepth: 3 })
        handle() {}
        onFailure(failure: { error: Error }) {
          errors.push(failure.error);
        }
        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(_event: SQSEvent) {}
      }

      // Act
      const procedural = await processPartialResponse(event, () => undefined, processor, { throwOnFullBatchFailure: false });
      const decorated = await new Nested().handler(event);

      // Assess
      const expected = fails ? [{ itemIdentifier: event.Records[0]?.messageId }] : [];
      expect([procedural.batchItemFailures, (decorated as unknown as typeof procedural).batchItemFailures]).to.deep.equal([
        expected,
        expected,
      ]);
      for (const error of [...processor.errors, ...errors]) {
        expect(error).to.be.instanceOf(RecordParseError);
        expect(error.message).to.match(/maxDepth/);
      }
      expect(processor.errors.length + errors.length).to.equal(fails ? 2 : 0);
    });
  }
  for (const maxDepth of [0, -1, 1.5, '10', Number.NaN]) {
    it(`rejects maxDepth ${String(maxDepth)} where it is given (processor, @RecordHandler)`, () => {
      // Prepare / Act
      const fromProcessor = thrownBy(() => new BatchProcessor(EventType.SQS, { dto: OrderDto, maxDepth: maxDepth as number }));
      const fromDecorator = thrownBy(() => RecordHandler(EventType.SQS, { maxDepth: maxDepth as number }));

      // Assess
      expect(fromProcessor).to.be.instanceOf(InvalidOptionError);
      expect((fromProcessor as InvalidOptionError).option).to.equal('maxDepth');
      expect(fromDecorator).to.be.instanceOf(InvalidOptionError);
      expect((fromDecorator as InvalidOptionError).option).to.equal('maxDepth');
    });
  }

  it('accepts a whole number of at least 1', () => {
    // Prepare / Act
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, maxDepth: 1 });
    const decorator = RecordHandler(EventType.SQS, { maxDepth: 2_000 });

    // Assess
    expect(processor).to.be.instanceOf(BatchProcessor);
    expect(decorator).to.be.a('function');
  });
});
