// Only a record whose handler ran and threw a non-retryable error is poison: records that never ran (out of time
// before they started, no handler for them, skipped behind a FIFO failure) always go back for retry, even when
// `nonRetryableErrors` lists a catch-all class such as Error.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  NoRecordHandlerError,
  processPartialResponse,
  type RecordFailure,
  RecordHandler,
  SqsFifoShortCircuitError,
  silentLogger,
  TimeBudgetExceededError,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { createQueueWithDlq, receive, testSqsClient } from './support';

/** A context with less time left than the default margin: no record may start. */
function outOfTime(): Context {
  return { ...lambdaContext(), getRemainingTimeInMillis: () => 10 };
}

interface Scenario {
  what: string;
  fifo: boolean;
  bodies: string[];
  context?: () => Context;
  /** The record handler; `skip` marks the records no handler accepts. */
  handle: (record: SQSRecord) => unknown;
  /** Which messages (by body) end up in the DLQ, and the error class of those that never ran. */
  poison: string[];
  neverRan: { body: string; error: abstract new (...args: never[]) => Error }[];
}

const SCENARIOS: Scenario[] = [
  {
    what: 'the time budget ran out before they started',
    fifo: false,
    bodies: ['a', 'b'],
    context: outOfTime,
    handle: () => {
      throw new Error('never called');
    },
    poison: [],
    neverRan: [
      { body: 'a', error: TimeBudgetExceededError },
      { body: 'b', error: TimeBudgetExceededError },
    ],
  },
  {
    what: 'no record handler accepts them',
    fifo: false,
    bodies: ['boom', 'skip'],
    handle: () => {
      throw new Error('rejected');
    },
    poison: ['boom'],
    neverRan: [{ body: 'skip', error: NoRecordHandlerError }],
  },
  {
    what: 'the FIFO rules skipped them behind a record that never ran',
    fifo: true,
    bodies: ['skip', 'later-1', 'later-2'],
    handle: () => 'done',
    poison: [],
    neverRan: [
      { body: 'skip', error: NoRecordHandlerError },
      { body: 'later-1', error: SqsFifoShortCircuitError },
      { body: 'later-2', error: SqsFifoShortCircuitError },
    ],
  },
];

describe('records that never ran are never poison (real SQS server)', () => {
  let client: SQSClient;
  before(() => {
    client = testSqsClient();
  });

  for (const scenario of SCENARIOS) {
    for (const door of ['processPartialResponse', '@BatchHandler'] as const) {
      it(`returns them for retry when ${scenario.what}, with nonRetryableErrors: [Error] (${door})`, async function () {
        this.timeout(10_000);
        // Prepare
        const queue = await createQueueWithDlq(client, 'never-ran', {
          fifo: scenario.fifo,
          visibilityTimeout: 1,
          maxReceiveCount: 5,
        });
        // The event is built here, not received: the server hands out one message per FIFO group per receive, and
        // the case needs several of one group in one batch (as AWS may deliver).
        const event = { Records: scenario.bodies.map((body) => sqsRecord(body, { messageId: body, eventSourceARN: queue.arn })) };
        const failures: RecordFailure[] = [];
        const options = {
          poisonMessages: 'dlq' as const,
          nonRetryableErrors: [Error],
          sqsClient: client,
          logger: silentLogger,
          throwOnFullBatchFailure: false,
        };
        const context = scenario.context?.() ?? lambdaContext();
        let lambda: (event: SQSEvent) => Promise<unknown>;
        if (door === '@BatchHandler') {
          class Handler {
            @RecordHandler(EventType.SQS, { dto: false, match: (record: SQSRecord) => record.body !== 'skip' })
            handle(record: SQSRecord) {
              return scenario.handle(record);
            }
            onFailure(failure: RecordFailure) {
              failures.push(failure);
            }
            @BatchHandler(options)
            async handler(_event: SQSEvent, _context?: Context) {}
          }
          const instance = new Handler();
          lambda = (event) => instance.handler(event, context);
        } else {
          const { sqsClient, throwOnFullBatchFailure, ...processorOptions } = options;
          class Watching extends BatchProcessor {
            override failureHandler(record: SQSRecord, error: Error) {
              failures.push({ error, record } as unknown as RecordFailure);
              return super.failureHandler(record, error);
            }
          }
          const processor = new Watching(EventType.SQS, { ...processorOptions, client: sqsClient });
          lambda = (event) =>
            processPartialResponse(
              event,
              (record: SQSRecord) => {
                if (record.body === 'skip') throw new NoRecordHandlerError('no handler accepts this record (emulated)');
                return scenario.handle(record);
              },
              processor,
              { context, throwOnFullBatchFailure },
            );
        }

        // Act
        const returned = (await lambda(event)) as { batchItemFailures: { itemIdentifier: string }[] };

        // Assess
        const reported = returned.batchItemFailures.map((f) => f.itemIdentifier);
        expect(reported, 'returned for retry').to.have.members(scenario.neverRan.map((n) => n.body));
        const dlq = (await receive(client, queue.dlqUrl)).map((m) => m.Body);
        expect(dlq, 'in the DLQ').to.have.members(scenario.poison);
        for (const { body, error } of scenario.neverRan) {
          const failure = failures.find((f) => (f.record as SQSRecord).body === body);
          expect(failure?.error, body).to.be.instanceOf(error);
        }
      });
    }
  }
});
