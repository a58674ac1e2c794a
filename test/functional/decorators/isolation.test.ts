// Per-invocation isolation: overlapping invocations of one instance (or one processor) each get exactly their own
// outcome; a custom processor runs the class's handlers; options stay with their class; responses are fresh objects.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  BatchHandler,
  type BatchOutcome,
  EventType,
  FullBatchFailureError,
  type ProcessingRun,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { FIFO_ARN } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

interface Step {
  wait: number;
  fail: boolean;
}

/** A record that waits `wait` ms in the handler, then fails or not. */
function step(id: string, wait: number, fail = false, eventSourceARN?: string): SQSRecord {
  return sqsRecord({ wait, fail }, { messageId: id, ...(eventSourceARN === undefined ? {} : { eventSourceARN }) });
}

/** A handler body that follows the record's instructions. */
async function follow(record: SQSRecord): Promise<string> {
  const { wait, fail } = JSON.parse(record.body) as Step;
  await delay(wait);
  if (fail) throw new Error(`${record.messageId} failed`);
  return `${record.messageId} done`;
}

function identifiers(items: readonly { itemIdentifier: string | undefined }[] | undefined): (string | undefined)[] {
  return (items ?? []).map((item) => item.itemIdentifier);
}

describe('@BatchHandler invocation isolation', () => {
  it('gives two overlapping invocations of one instance exactly their own response and outcome', async () => {
    // Prepare
    const outcomes = new Map<string, BatchOutcome>();
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        return follow(record);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {
        await delay(5);
        outcomes.set(event.Records[0]!.messageId, outcome!);
      }
    }
    const entry = new Orders().handler;
    const first = { Records: [step('a1', 30, true), step('a2', 0), step('a3', 10)] };
    const second = { Records: [step('b1', 0), step('b2', 20, true), step('b3', 0), step('b4', 0, true)] };

    // Act
    const [firstResponse, secondResponse] = await Promise.all([entry(first, lambdaContext()), entry(second, lambdaContext())]);

    // Assess
    expect(firstResponse).to.deep.equal(failuresOf('a1'));
    expect(secondResponse).to.deep.equal(failuresOf('b2', 'b4'));
    expect(identifiers(outcomes.get('a1')?.successes)).to.deep.equal(['a2', 'a3']);
    expect(identifiers(outcomes.get('b1')?.successes)).to.deep.equal(['b1', 'b3']);
    expect(outcomes.get('b1')?.successes.map((s) => s.result)).to.deep.equal(['b1 done', 'b3 done']);
  });

  it('keeps FIFO state per invocation: a FIFO short-circuit does not skip records of an overlapping standard batch', async () => {
    // Prepare
    const ran: string[] = [];
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      async handle(record: SQSRecord) {
        ran.push(record.messageId);
        return follow(record);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const entry = new Orders().handler;
    const fifo = {
      Records: [step('f1', 0, true, FIFO_ARN), step('f2', 0, false, FIFO_ARN), step('f3', 30, false, FIFO_ARN)],
    };
    const standard = { Records: [step('s1', 10), step('s2', 10), step('s3', 10)] };

    // Act
    const [fifoResult, standardResponse] = await Promise.all([
      rejectionOf(() => entry(fifo, lambdaContext())),
      entry(standard, lambdaContext()),
    ]);

    // Assess
    expect(fifoResult).to.be.instanceOf(FullBatchFailureError);
    expect((fifoResult as FullBatchFailureError).response).to.deep.equal(failuresOf('f1', 'f2', 'f3'));
    expect(standardResponse).to.deep.equal({ batchItemFailures: [] });
    expect(ran.filter((id) => id.startsWith('f'))).to.deep.equal(['f1']);
    expect(ran.filter((id) => id.startsWith('s'))).to.deep.equal(['s1', 's2', 's3']);
  });

  describe('the processor option', () => {
    /** A processor that writes each run's successes somewhere (here, an array) in clean(). */
    class AuditProcessor extends BasePartialProcessor {
      readonly audits: (string | undefined)[][] = [];
      override clean(run: ProcessingRun) {
        this.audits.push(run.outcome().successes.map((success: RecordSuccess) => success.itemIdentifier));
      }
    }

    it("runs the class's record handlers through the processor, whose clean() sees the successes", async () => {
      // Prepare
      const audit = new AuditProcessor(undefined, { logger: silentLogger });
      const handled: string[] = [];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          handled.push(record.messageId);
          if (record.messageId === 'b') throw new Error('out of stock');
        }
        @BatchHandler({ processor: audit, logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = { Records: [step('a', 0), step('b', 0), step('c', 0)] };

      // Act
      const response = await new Orders().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf('b'));
      expect(handled).to.deep.equal(['a', 'b', 'c']);
      expect(audit.audits).to.deep.equal([['a', 'c']]);
    });

    it('gives overlapping invocations through one shared processor their own runs', async () => {
      // Prepare
      const audit = new AuditProcessor(undefined, { logger: silentLogger });
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          return follow(record);
        }
        @BatchHandler({ processor: audit, logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const entry = new Orders().handler;
      const first = { Records: [step('a1', 25), step('a2', 0, true)] };
      const second = { Records: [step('b1', 0, true), step('b2', 10), step('b3', 0)] };

      // Act
      const [firstResponse, secondResponse] = await Promise.all([entry(first, lambdaContext()), entry(second, lambdaContext())]);

      // Assess
      expect(firstResponse).to.deep.equal(failuresOf('a2'));
      expect(secondResponse).to.deep.equal(failuresOf('b1'));
      expect(audit.audits).to.have.deep.members([['a1'], ['b2', 'b3']]);
    });
  });

  describe('options', () => {
    it("keep to their class: one class's throwOnFullBatchFailure and fifo never reach another", async () => {
      // Prepare
      const ran: string[] = [];
      class Lenient {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          ran.push(record.messageId);
          return follow(record);
        }
        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false, fifo: true })
        async handler(event: SQSEvent, context: Context) {}
      }
      class Strict {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          ran.push(record.messageId);
          return follow(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const lenient = new Lenient().handler;
      const strict = new Strict().handler;

      // Act
      const lenientAllFailed = await lenient({ Records: [step('l1', 0, true), step('l2', 0)] }, lambdaContext());
      const strictAllFailed = await rejectionOf(() => strict({ Records: [step('s1', 0, true)] }, lambdaContext()));
      const strictPartial = await strict({ Records: [step('s2', 0, true), step('s3', 0)] }, lambdaContext());
      const lenientAgain = await lenient({ Records: [step('l3', 0, true), step('l4', 0)] }, lambdaContext());

      // Assess
      expect(lenientAllFailed).to.deep.equal(failuresOf('l1', 'l2'));
      expect(strictAllFailed).to.be.instanceOf(FullBatchFailureError);
      expect(strictPartial).to.deep.equal(failuresOf('s2'));
      expect(lenientAgain).to.deep.equal(failuresOf('l3', 'l4'));
      expect(ran).to.deep.equal(['l1', 's1', 's2', 's3', 'l3']);
    });

    it('are per call: a FIFO batch does not make the next standard batch of the same instance FIFO', async () => {
      // Prepare
      const ran: string[] = [];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          ran.push(record.messageId);
          return follow(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const entry = new Orders().handler;

      // Act
      const fifoResponse = await entry(
        { Records: [step('f1', 0, false, FIFO_ARN), step('f2', 0, true, FIFO_ARN), step('f3', 0, false, FIFO_ARN)] },
        lambdaContext(),
      );
      const standardResponse = await entry({ Records: [step('s1', 0, true), step('s2', 0)] }, lambdaContext());

      // Assess
      expect(fifoResponse).to.deep.equal(failuresOf('f2', 'f3'));
      expect(standardResponse).to.deep.equal(failuresOf('s1'));
      expect(ran).to.deep.equal(['f1', 'f2', 's1', 's2']);
    });
  });

  describe('responses', () => {
    it('are fresh objects: changing one response does not change the next', async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          return follow(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const entry = new Orders().handler;
      const allGood = { Records: [step('a', 0)] };
      const oneBad = { Records: [step('b', 0, true), step('c', 0)] };

      // Act
      const first = (await entry(allGood, lambdaContext())) as unknown as { batchItemFailures: unknown[] };
      first.batchItemFailures.push({ itemIdentifier: 'injected' });
      const second = await entry(allGood, lambdaContext());
      const third = (await entry(oneBad, lambdaContext())) as unknown as { batchItemFailures: { itemIdentifier: string }[] };
      third.batchItemFailures[0]!.itemIdentifier = 'changed';
      const fourth = await entry(oneBad, lambdaContext());

      // Assess
      expect(second).to.not.equal(first);
      expect(second).to.deep.equal({ batchItemFailures: [] });
      expect(fourth).to.deep.equal(failuresOf('b'));
    });
  });
});
