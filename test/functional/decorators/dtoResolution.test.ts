// Edge cases of choosing a record handler's DTO that must never skip validation silently.
import type { Context, SQSEvent } from 'aws-lambda';
import { BatchHandler, EventType, MissingTypeMetadataError, RecordHandler, RecordValidationError, silentLogger } from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, Min } from 'class-validator';
import { rejectionOf } from '../../support/errors';
import { failuresOf } from '../../support/responses';

describe('@RecordHandler DTO resolution edge cases', () => {
  it('validates a DTO parameter that has a default value (its function length is 0)', async () => {
    // Prepare
    class OrderDto {
      @IsInt() @Min(1) qty!: number;
    }
    const received: unknown[] = [];
    const failures: unknown[] = [];
    class Orders {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto = new OrderDto()) {
        received.push(order);
      }
      onFailure(failure: { error: Error }) {
        failures.push(failure.error);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = { Records: [sqsRecord({ qty: 2 }, { messageId: 'm-1' }), sqsRecord({ qty: 0 }, { messageId: 'm-2' })] };

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf('m-2'));
    expect(received).to.have.length(1);
    expect(received[0]).to.be.instanceOf(OrderDto);
    expect(failures[0]).to.be.instanceOf(RecordValidationError);
  });

  it('throws MissingTypeMetadataError for a primitive-typed first parameter (a string cannot be validated)', async () => {
    // Prepare
    let ran = 0;
    class Orders {
      @RecordHandler(EventType.SQS)
      handle(body: string) {
        ran++;
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new Orders().handler({ Records: [sqsRecord({ qty: 1 })] }, lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    expect((error as MissingTypeMetadataError).code).to.equal('MISSING_TYPE_METADATA');
    expect(ran).to.equal(0);
  });
});
