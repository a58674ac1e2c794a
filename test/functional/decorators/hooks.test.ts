import type { Context, SQSEvent } from 'aws-lambda';
import { BatchHandler, EventType, type RecordFailure, RecordHandler, type RecordSuccess, silentLogger } from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import { capturingLogger } from '../../support/logger';
import { delay } from '../../support/time';

describe('onSuccess / onFailure hooks', () => {
  it('calls onSuccess and onFailure once per record with the settled record, result and error', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const refused = new Error('refused');
    const successes: RecordSuccess[] = [];
    const failures: RecordFailure[] = [];
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto) {
        if (order.id === 'refused') throw refused;
        return `shipped ${order.id}`;
      }

      onSuccess(success: RecordSuccess) {
        successes.push(success);
      }

      onFailure(failure: RecordFailure) {
        failures.push(failure);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent([{ id: 'a' }, { id: 'refused' }, { id: 'c' }]);
    const [first, second, third] = event.Records;

    // Act
    await new OrderHandler().handler(event, lambdaContext());

    // Assess
    const contractFields = ({ record, itemIdentifier, index, eventType, result }: RecordSuccess) => ({
      record,
      itemIdentifier,
      index,
      eventType,
      result,
    });
    expect(successes.map(contractFields)).to.deep.equal([
      { record: first, itemIdentifier: first?.messageId, index: 0, eventType: 'SQS', result: 'shipped a' },
      { record: third, itemIdentifier: third?.messageId, index: 2, eventType: 'SQS', result: 'shipped c' },
    ]);
    expect(failures).to.have.length(1);
    expect(failures[0]?.record).to.equal(second);
    expect(failures[0]?.itemIdentifier).to.equal(second?.messageId);
    expect(failures[0]?.index).to.equal(1);
    expect(failures[0]?.eventType).to.equal('SQS');
    expect(failures[0]?.error).to.equal(refused);
    expect(failures[0]?.retryable).to.equal(true);
  });

  it('awaits async hooks before the invocation returns', async () => {
    // Prepare
    class ScoreDto {
      @IsInt() @Min(0) score!: number;
    }
    const seen: string[] = [];
    class ScoreHandler {
      @RecordHandler(EventType.SQS)
      async handle(dto: ScoreDto) {
        return dto.score * 2;
      }

      async onSuccess(success: RecordSuccess) {
        await delay(5);
        seen.push(`success ${success.index}=${String(success.result)}`);
      }

      async onFailure(failure: RecordFailure) {
        await delay(5);
        seen.push(`failure ${failure.index} ${failure.error.name} retryable=${failure.retryable}`);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    await new ScoreHandler().handler(sqsEvent([{ score: 1 }, { score: -1 }, { score: 4 }]), lambdaContext());

    // Assess
    expect(seen).to.deep.equal(['success 0=2', 'failure 1 RecordValidationError retryable=false', 'success 2=8']);
  });

  it('logs a hook that throws or rejects and changes no outcome', async () => {
    // Prepare
    const logger = capturingLogger();
    class FlakyHooks {
      @RecordHandler(EventType.SQS, { dto: false })
      handle() {
        // succeeds
      }

      onSuccess(success: RecordSuccess) {
        if (success.index === 0) throw new Error('metrics down');
        return Promise.reject(new Error('metrics still down'));
      }

      @BatchHandler({ logger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent([{ n: 1 }, { n: 2 }]);

    // Act
    const response = await new FlakyHooks().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    const errors = logger.entries.filter((entry) => entry.level === 'error');
    expect(errors.map((entry) => entry.details?.itemIdentifier)).to.deep.equal(event.Records.map((r) => r.messageId));
  });

  it('keeps the failure reported when onFailure throws, and logs the hook error', async () => {
    // Prepare
    const logger = capturingLogger();
    class FlakyHooks {
      @RecordHandler(EventType.SQS, { dto: false })
      handle() {
        throw new Error('cannot handle');
      }

      async onFailure(failure: RecordFailure) {
        throw new Error('alerting down');
      }

      @BatchHandler({ logger, throwOnFullBatchFailure: false })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent([{ n: 1 }]);

    // Act
    const response = await new FlakyHooks().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
    const errors = logger.entries.filter((entry) => entry.level === 'error');
    expect(errors.map((entry) => entry.details?.itemIdentifier)).to.deep.equal([event.Records[0]?.messageId]);
  });

  describe('without onFailure', () => {
    it('logs each failure once, with identifier, error name, code and message', async () => {
      // Prepare
      class QtyDto {
        @IsInt() @Min(1) qty!: number;
      }
      const logger = capturingLogger();
      class NoHooks {
        @RecordHandler(EventType.SQS)
        handle(dto: QtyDto) {
          if (dto.qty === 13) throw new Error('unlucky quantity');
        }

        @BatchHandler({ logger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = sqsEvent([{ qty: 1 }, { qty: 13 }, { qty: 0 }]);
      const ids = event.Records.map((r) => r.messageId);

      // Act
      await new NoHooks().handler(event, lambdaContext());

      // Assess
      const errors = logger.entries.filter((entry) => entry.level === 'error');
      expect(errors).to.have.length(2);
      expect(
        errors.map((entry) => [entry.details?.itemIdentifier, entry.details?.errorName, entry.details?.errorCode]),
      ).to.deep.equal([
        [ids[1], 'Error', undefined],
        [ids[2], 'RecordValidationError', 'RECORD_VALIDATION_FAILED'],
      ]);
      expect(errors[0]?.details?.errorMessage).to.equal('unlucky quantity');
      expect(errors[1]?.details?.errorMessage).to.be.a('string').and.not.equal('');
    });

    it('never logs the record body', async () => {
      // Prepare
      const secret = 'SSN-078-05-1120';
      class PersonDto {
        @IsString() name!: string;
        @IsInt() age!: number;
      }
      const logger = capturingLogger();
      class NoHooks {
        @RecordHandler(EventType.SQS)
        handle(person: PersonDto) {
          throw new Error('crm unavailable');
        }

        @BatchHandler({ logger, throwOnFullBatchFailure: false })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = sqsEvent([{ name: secret, age: 30 }, { name: 'Ada', age: secret }, `{"name":"${secret}", oops`]);

      // Act
      await new NoHooks().handler(event, lambdaContext());

      // Assess
      const errors = logger.entries.filter((entry) => entry.level === 'error');
      expect(errors).to.have.length(3);
      for (const entry of errors) {
        expect(JSON.stringify(entry)).to.not.include(secret);
        expect(JSON.stringify(entry)).to.not.include('Ada');
      }
      expect(errors.map((entry) => entry.details?.errorCode)).to.deep.equal([
        undefined,
        'RECORD_VALIDATION_FAILED',
        'RECORD_PARSE_FAILED',
      ]);
    });
  });
});
