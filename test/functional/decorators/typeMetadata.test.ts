import type { Context, SQSEvent } from 'aws-lambda';
import { BatchHandler, EventType, MissingTypeMetadataError, RecordHandler, type RecordSuccess, silentLogger } from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import { rejectionOf } from '../../support/errors';

describe('MissingTypeMetadataError (a DTO that cannot be determined)', () => {
  it('is thrown at the first invocation when the method has no design:paramtypes (as under esbuild), before any record runs', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const ran: string[] = [];
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto) {
        ran.push('record');
      }

      onSuccess(success: RecordSuccess) {
        ran.push('onSuccess');
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {
        ran.push('handler body');
      }
    }
    Reflect.deleteMetadata('design:paramtypes', OrderHandler.prototype, 'handle');

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'a' }, { id: 'b' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    const missing = error as MissingTypeMetadataError;
    expect(missing.code).to.equal('MISSING_TYPE_METADATA');
    expect(missing.className).to.equal('OrderHandler');
    expect(missing.methodName).to.equal('handle');
    expect(ran).to.deep.equal([]);
  });

  it('fails every later invocation too, never running the records without validation', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    let ran = 0;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto) {
        ran++;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    Reflect.deleteMetadata('design:paramtypes', OrderHandler.prototype, 'handle');
    const handler = new OrderHandler().handler;
    await rejectionOf(() => handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Act
    const second = await rejectionOf(() => handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Assess
    expect(second).to.be.instanceOf(MissingTypeMetadataError);
    expect(ran).to.equal(0);
  });

  it('is avoided by passing the dto explicitly when no metadata exists', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const received: unknown[] = [];
    class OrderHandler {
      @RecordHandler(EventType.SQS, { dto: OrderDto })
      handle(order: OrderDto) {
        received.push(order);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    Reflect.deleteMetadata('design:paramtypes', OrderHandler.prototype, 'handle');

    // Act
    const response = await new OrderHandler().handler(sqsEvent([{ id: 'a' }]), lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(received[0]).to.be.instanceOf(OrderDto);
  });

  it('is thrown when the first parameter reflects as Function (an "import type" of a class)', async () => {
    // Prepare
    let ran = false;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(order: Function) {
        ran = true;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    expect((error as MissingTypeMetadataError).methodName).to.equal('handle');
    expect(ran).to.equal(false);
  });

  it('is thrown when the first parameter reflects as Promise', async () => {
    // Prepare
    let ran = false;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(order: Promise<unknown>) {
        ran = true;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    expect(ran).to.equal(false);
  });

  it('is thrown when the first parameter reflects as Array', async () => {
    // Prepare
    let ran = false;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(orders: string[]) {
        ran = true;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    expect(ran).to.equal(false);
  });

  it('names the failing method even when another record handler of the class is fine', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    let ran = false;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      fine(order: OrderDto) {
        ran = true;
      }

      @RecordHandler(EventType.KinesisDataStreams)
      broken(click: OrderDto) {
        ran = true;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    Reflect.deleteMetadata('design:paramtypes', OrderHandler.prototype, 'broken');

    // Act
    const error = await rejectionOf(() => new OrderHandler().handler(sqsEvent([{ id: 'a' }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(MissingTypeMetadataError);
    expect((error as MissingTypeMetadataError).methodName).to.equal('broken');
    expect(ran).to.equal(false);
  });
});
