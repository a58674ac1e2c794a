import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
  type SchedulingOptions,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';
import { standardRecords } from '../../support/records';

/** Option values batchkit cannot use, each with the option it breaks. */
const BAD_OPTIONS: [string, SchedulingOptions][] = [
  ['concurrency', { concurrency: 0 }],
  ['concurrency', { concurrency: -2 }],
  ['concurrency', { concurrency: 1.5 }],
  ['concurrency', { concurrency: Number.NaN }],
  ['concurrency', { concurrency: Number.POSITIVE_INFINITY }],
  ['concurrency', { concurrency: '8' as unknown as number }],
  ['ordering', { ordering: 'random' as unknown as 'none' }],
  ['onError', { onError: 'x' as unknown as 'stop' }],
  ['onError', { onError: 'STOP' as unknown as 'stop' }],
  ['deadlineMarginMs', { deadlineMarginMs: -1 }],
  ['deadlineMarginMs', { deadlineMarginMs: Number.NaN }],
  ['deadlineMarginMs', { deadlineMarginMs: '500' as unknown as number }],
  ['deadlineMarginMs', { deadlineMarginMs: true as unknown as false }],
];

/** Asserts that `error` is an InvalidOptionError about `option`. */
function expectInvalidOption(error: unknown, option: string): void {
  expect(error).to.be.instanceOf(InvalidOptionError);
  expect(error).to.be.instanceOf(BatchProcessingError);
  expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
  expect((error as InvalidOptionError).option).to.equal(option);
}

describe('scheduling options', () => {
  describe('values batchkit cannot use throw InvalidOptionError before any record runs', () => {
    for (const [option, bad] of BAD_OPTIONS) {
      const value = Object.values(bad)[0];
      const label = `= ${typeof value === 'string' ? `'${value}'` : String(value)}`;

      it(`${option} ${label} on a processor (procedural API)`, async () => {
        // Prepare
        let ran = 0;

        // Act
        const error = await rejectionOf(
          (async () => {
            const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, ...bad });
            return processPartialResponse({ Records: standardRecords(2) }, () => ran++, processor, {
              context: lambdaContext(),
            });
          })(),
        );

        // Assess
        expectInvalidOption(error, option);
        expect(ran).to.equal(0);
      });

      it(`${option} ${label} per call (procedural API)`, async () => {
        // Prepare
        let ran = 0;
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const error = await rejectionOf(
          processPartialResponse({ Records: standardRecords(2) }, () => ran++, processor, {
            context: lambdaContext(),
            ...bad,
          }),
        );

        // Assess
        expectInvalidOption(error, option);
        expect(ran).to.equal(0);
      });

      it(`${option} ${label} on @BatchHandler`, async () => {
        // Prepare
        let ran = 0;

        // Act
        const error = await rejectionOf(
          (async () => {
            class Orders {
              @RecordHandler(EventType.SQS)
              handle(record: SQSRecord) {
                ran++;
              }

              @BatchHandler({ logger: silentLogger, ...bad })
              async handler(event: SQSEvent, context?: Context) {}
            }
            return new Orders().handler({ Records: standardRecords(2) }, lambdaContext());
          })(),
        );

        // Assess
        expectInvalidOption(error, option);
        expect(ran).to.equal(0);
      });
    }

    it('throws for a bad option on the synchronous path too (BatchProcessorSync)', () => {
      // Prepare
      let ran = 0;
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

      // Act
      const error = thrownBy(() =>
        processPartialResponseSync({ Records: standardRecords(2) }, () => ran++, processor, { concurrency: 0 }),
      );

      // Assess
      expectInvalidOption(error, 'concurrency');
      expect(ran).to.equal(0);
    });

    it('rejects a negative deadlineMarginMs even when the call has no Lambda context', async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse({ Records: standardRecords(1) }, () => {}, processor, { deadlineMarginMs: -1 }),
      );

      // Assess
      expectInvalidOption(error, 'deadlineMarginMs');
    });

    it('is not retryable: a bad option fails the same way every time', async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse({ Records: standardRecords(1) }, () => {}, processor, { onError: 'x' as never }),
      );

      // Assess
      expect((error as InvalidOptionError).retryable).to.equal(false);
    });
  });

  it('accepts the edge values: concurrency 1, a large concurrency, a margin of 0, both orderings and every policy', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const good: SchedulingOptions[] = [
      { concurrency: 1 },
      { concurrency: 10_000 },
      { deadlineMarginMs: 0 },
      { deadlineMarginMs: false },
      { ordering: 'group' },
      { ordering: 'none' },
      { onError: 'continue' },
      { onError: 'skip-group' },
      { onError: 'stop' },
    ];

    // Act
    const responses = [];
    for (const options of good) {
      responses.push(
        await processPartialResponse({ Records: standardRecords(3) }, () => {}, processor, {
          context: lambdaContext(),
          ...options,
        }),
      );
    }

    // Assess
    expect(responses).to.deep.equal(good.map(() => ({ batchItemFailures: [] })));
  });
});
