// SQS FIFO through @BatchHandler: detected from the queue ARN or forced with `fifo`; after a failure, later records
// are skipped without running (all of them, or with skipGroupOnError only those of the failed message group).
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  EventType,
  FullBatchFailureError,
  type RecordFailure,
  RecordHandler,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { FIFO_ARN, STANDARD_ARN } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

interface Step {
  id: string;
  fail?: boolean;
  wait?: number;
}

/** The body of a test record. */
function stepOf(record: SQSRecord): Step {
  return JSON.parse(record.body) as Step;
}

/** A FIFO record with its own messageId and message group. */
function fifoRecord(id: string, group: string, fail = false): SQSRecord {
  return sqsRecord({ id, fail }, { messageId: id, eventSourceARN: FIFO_ARN, attributes: { MessageGroupId: group } });
}

/** A standard-queue record with its own messageId. */
function standardRecord(id: string, fail = false): SQSRecord {
  return sqsRecord({ id, fail }, { messageId: id, eventSourceARN: STANDARD_ARN });
}

/** The error class name and code of each failure, by identifier. */
function failureKinds(outcome: BatchOutcome | undefined) {
  return (outcome?.failures ?? []).map((failure) => ({
    id: failure.itemIdentifier,
    error: failure.error.constructor.name,
    code: (failure.error as { code?: string }).code,
  }));
}

describe('@BatchHandler with SQS FIFO', () => {
  it('detects a FIFO queue from its ARN: after a failure, every later record is skipped without running', async () => {
    // Prepare
    const ran: string[] = [];
    let outcome: BatchOutcome | undefined;
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        ran.push(record.messageId);
        if (record.messageId === ids[1]) throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = sqsEvent([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }], { fifo: true });
    const ids = event.Records.map((record) => record.messageId);

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf(ids[1]!, ids[2]!, ids[3]!));
    expect(ran).to.deep.equal([ids[0], ids[1]]);
    expect(failureKinds(outcome)).to.deep.equal([
      { id: ids[1], error: 'Error', code: undefined },
      { id: ids[2], error: 'SqsFifoShortCircuitError', code: 'FIFO_SHORT_CIRCUIT' },
      { id: ids[3], error: 'SqsFifoShortCircuitError', code: 'FIFO_SHORT_CIRCUIT' },
    ]);
    const skipped = outcome?.failures[1]?.error;
    expect(skipped).to.be.instanceOf(SqsFifoShortCircuitError);
    expect((skipped as SqsFifoShortCircuitError).failedItemIdentifier).to.equal(ids[1]);
  });

  it('keeps going after a failure on a standard queue (no FIFO rules without a .fifo ARN)', async () => {
    // Prepare
    const ran: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        ran.push(record.messageId);
        if (record.messageId === 'b') throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = { Records: [standardRecord('a'), standardRecord('b'), standardRecord('c')] };

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf('b'));
    expect(ran).to.deep.equal(['a', 'b', 'c']);
  });

  it('applies the FIFO rules to any queue with fifo: true', async () => {
    // Prepare
    const ran: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        ran.push(record.messageId);
        if (record.messageId === 'b') throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger, fifo: true })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = { Records: [standardRecord('a'), standardRecord('b'), standardRecord('c')] };

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf('b', 'c'));
    expect(ran).to.deep.equal(['a', 'b']);
  });

  it('turns the FIFO rules off for a .fifo queue with fifo: false', async () => {
    // Prepare
    const ran: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        ran.push(record.messageId);
        if (record.messageId === 'b') throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger, fifo: false })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = { Records: [fifoRecord('a', 'g'), fifoRecord('b', 'g'), fifoRecord('c', 'g')] };

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf('b'));
    expect(ran).to.deep.equal(['a', 'b', 'c']);
  });

  it('with skipGroupOnError, skips only the later records of the failed message group', async () => {
    // Prepare
    const ran: string[] = [];
    let outcome: BatchOutcome | undefined;
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        const step = stepOf(record);
        ran.push(step.id);
        if (step.fail) throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger, skipGroupOnError: true })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = {
      Records: [
        fifoRecord('a1', 'A'),
        fifoRecord('b1', 'B'),
        fifoRecord('a2', 'A', true),
        fifoRecord('c1', 'C'),
        fifoRecord('a3', 'A'),
        fifoRecord('b2', 'B'),
        fifoRecord('a4', 'A'),
      ],
    };

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal(failuresOf('a2', 'a3', 'a4'));
    expect(ran).to.deep.equal(['a1', 'b1', 'a2', 'c1', 'b2']);
    expect(failureKinds(outcome)).to.deep.equal([
      { id: 'a2', error: 'Error', code: undefined },
      { id: 'a3', error: 'SqsFifoMessageGroupShortCircuitError', code: 'FIFO_GROUP_SHORT_CIRCUIT' },
      { id: 'a4', error: 'SqsFifoMessageGroupShortCircuitError', code: 'FIFO_GROUP_SHORT_CIRCUIT' },
    ]);
    const skipped = outcome?.failures[1]?.error as SqsFifoMessageGroupShortCircuitError;
    expect(skipped).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
    expect(skipped.messageGroupId).to.equal('A');
    expect(skipped.failedItemIdentifier).to.equal('a2');
  });

  it('passes skipped records to onFailure like any failure, in input order', async () => {
    // Prepare
    const failures: RecordFailure[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        const step = stepOf(record);
        if (step.fail) throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
      onFailure(failure: RecordFailure) {
        failures.push(failure);
      }
    }
    const event = { Records: [fifoRecord('a', 'g'), fifoRecord('b', 'g', true), fifoRecord('c', 'g')] };

    // Act
    await new Orders().handler(event, lambdaContext());

    // Assess
    expect(failures.map((failure) => [failure.itemIdentifier, failure.index, failure.error.constructor.name])).to.deep.equal([
      ['b', 1, 'Error'],
      ['c', 2, 'SqsFifoShortCircuitError'],
    ]);
    expect(failures[1]?.record).to.equal(event.Records[2]);
    expect(failures[1]?.retryable).to.equal(true);
  });

  it('throws FullBatchFailureError naming every record when the first record of a FIFO batch fails', async () => {
    // Prepare
    const ran: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        const step = stepOf(record);
        ran.push(step.id);
        if (step.fail) throw new Error('payment declined');
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = { Records: [fifoRecord('a', 'g', true), fifoRecord('b', 'g'), fifoRecord('c', 'g')] };

    // Act
    const error = await rejectionOf(() => new Orders().handler(event, lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect((error as FullBatchFailureError).response).to.deep.equal(failuresOf('a', 'b', 'c'));
    expect(ran).to.deep.equal(['a']);
  });

  it('runs FIFO records one at a time, in input order', async () => {
    // Prepare
    const events: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      async handle(record: SQSRecord) {
        const step = stepOf(record);
        events.push(`start ${step.id}`);
        await delay(step.wait ?? 0);
        events.push(`end ${step.id}`);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent(
      [
        { id: 'a', wait: 15 },
        { id: 'b', wait: 0 },
        { id: 'c', wait: 5 },
      ],
      { fifo: true },
    );

    // Act
    const response = await new Orders().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(events).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
