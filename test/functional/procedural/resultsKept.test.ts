// What a run keeps of its successes: the handler's results reach everyone who can read them (execute's outcome and
// results, process(), a clean() or prepare() of the processor's own, an extension, an onSuccess hook, a @BatchHandler
// method that takes the outcome), even when the entry point itself returns only the response. Entry points that
// read nothing but the response (processPartialResponse, a @BatchHandler method without an outcome parameter) give
// the same response as the others.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
  type RecordSuccess,
  type RunExtension,
  type RunView,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';

/** `n3` fails; every other record's result is `result n<i>`. */
function handle(record: SQSRecord): string {
  const { n } = JSON.parse(record.body) as { n: number };
  if (n === 3) throw new Error('n3 rejected');
  return `result n${n}`;
}

const EVENT: SQSEvent = sqsEvent([0, 1, 2, 3, 4].map((n) => ({ n })));
const RESULTS = ['result n0', 'result n1', 'result n2', 'result n4'];
const RESPONSE = { batchItemFailures: [{ itemIdentifier: EVENT.Records[3]?.messageId as string }] };

const resultsOf = (outcome: BatchOutcome) => outcome.successes.map((s) => s.result);

/** Each way of reading the successes' results: what it saw, after the entry point returned this response. */
const READERS: [what: string, read: () => Promise<{ seen: unknown[]; response: unknown }>][] = [
  [
    'execute(): the outcome and the results',
    async () => {
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const result = await processor.execute(EVENT.Records, processor.invokerFor(handle) as never);
      return {
        seen: [resultsOf(result.outcome), result.results.filter((r) => r[0] === 'success').map((r) => r[1])],
        response: result.response,
      };
    },
  ],
  [
    'process() after register()',
    async () => {
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const results = await processor.register(EVENT.Records, handle, { throwOnFullBatchFailure: false }).process();
      return { seen: [results.filter((r) => r[0] === 'success').map((r) => r[1])], response: processor.response() };
    },
  ],
  [
    'processPartialResponse with a clean(run) of the processor’s own',
    async () => {
      const seen: unknown[] = [];
      class Auditing extends BatchProcessor {
        override clean(run: RunView) {
          seen.push(resultsOf(run.outcome()));
        }
      }
      const response = await processPartialResponse(EVENT, handle, new Auditing(EventType.SQS, { logger: silentLogger }));
      return { seen, response };
    },
  ],
  [
    'processPartialResponse with a prepare(run) that keeps the view for later',
    async () => {
      let view: RunView | undefined;
      class Keeping extends BatchProcessor {
        override prepare(run: RunView) {
          view = run;
        }
      }
      const response = await processPartialResponse(EVENT, handle, new Keeping(EventType.SQS, { logger: silentLogger }));
      return { seen: [resultsOf((view as RunView).outcome())], response };
    },
  ],
  [
    'processPartialResponseSync with an extension that reads the outcome after the records',
    async () => {
      const seen: unknown[] = [];
      const audit: RunExtension = {
        name: 'audit',
        afterRecords: (view) => {
          seen.push(resultsOf(view.outcome()));
        },
      };
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger, extensions: [audit] });
      return { seen, response: processPartialResponseSync(EVENT, handle, processor) };
    },
  ],
  [
    '@BatchHandler with an onSuccess hook, whose method takes no outcome',
    async () => {
      const seen: unknown[] = [];
      class Hooked {
        @RecordHandler(EventType.SQS, { dto: false })
        one(record: SQSRecord) {
          return handle(record);
        }
        onSuccess(success: RecordSuccess) {
          seen.push(success.result);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent) {}
      }
      const response = await new Hooked().handler(EVENT);
      return { seen: [seen], response };
    },
  ],
  [
    '@BatchHandler whose method reads the outcome it is given',
    async () => {
      const seen: unknown[] = [];
      class Reading {
        @RecordHandler(EventType.SQS, { dto: false })
        one(record: SQSRecord) {
          return handle(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent, _context?: Context, outcome?: BatchOutcome) {
          seen.push(resultsOf(outcome as BatchOutcome));
        }
      }
      const response = await new Reading().handler(EVENT);
      return { seen, response };
    },
  ],
  [
    '@BatchHandler whose method reads the outcome through a rest parameter',
    async () => {
      const seen: unknown[] = [];
      class Rest {
        @RecordHandler(EventType.SQS, { dto: false })
        one(record: SQSRecord) {
          return handle(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent, ...rest: unknown[]) {
          seen.push(resultsOf(rest[1] as BatchOutcome));
        }
      }
      const response = await new Rest().handler(EVENT);
      return { seen, response };
    },
  ],
];

describe('what a run keeps of its successes', () => {
  for (const [what, read] of READERS) {
    it(`${what}: sees every success's result, and the same response`, async () => {
      // Act
      const { seen, response } = await read();

      // Assess
      expect(seen.length).to.be.greaterThan(0);
      for (const results of seen) expect(results).to.deep.equal(RESULTS);
      expect(response).to.deep.equal(RESPONSE);
    });
  }

  it('processPartialResponse and a @BatchHandler that reads only the response give the same response and inspection fields', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    class Plain {
      @RecordHandler(EventType.SQS, { dto: false })
      one(record: SQSRecord) {
        return handle(record);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(_event: SQSEvent) {}
    }

    // Act
    const procedural = await processPartialResponse(EVENT, handle, processor);
    const decorated = await new Plain().handler(EVENT);

    // Assess
    expect(procedural).to.deep.equal(RESPONSE);
    expect(decorated).to.deep.equal(RESPONSE);
    expect(processor.successMessages).to.deep.equal([0, 1, 2, 4].map((i) => EVENT.Records[i]));
    expect(processor.failureMessages).to.deep.equal([EVENT.Records[3]]);
    expect(processor.errors.map((e) => e.message)).to.deep.equal(['n3 rejected']);
    expect(processor.response()).to.deep.equal(RESPONSE);
  });
});
