// Configuration in the wrong place is never ignored: every place that takes options (processor constructors, the
// options of a call, @BatchHandler, @RecordHandler) rejects keys it does not take with an InvalidOptionError that
// names the key and where it belongs, before any record runs.
import type { SQSEvent } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  PartialSqsProcessor,
  processPartialResponse,
  RecordHandler,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';

/** Asserts an InvalidOptionError naming `option`, whose message says where it belongs when `belongs` is given. */
function expectMisplaced(error: unknown, option: string, belongs?: RegExp): void {
  expect(error).to.be.instanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).to.equal(option);
  expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
  if (belongs !== undefined) expect((error as Error).message).to.match(belongs);
}

// biome-ignore lint/suspicious/noExplicitAny: the cases pass what the types forbid, as JavaScript callers can
type Loose = any;

const CONSTRUCTIONS: { what: string; build: () => unknown; option: string; belongs?: RegExp }[] = [
  {
    what: 'an event type that does not exist',
    build: () => new BatchProcessor('invalid-event-type' as Loose),
    option: 'eventType',
  },
  { what: 'an event type given in lower case', build: () => new BatchProcessorSync('sqs' as Loose), option: 'eventType' },
  {
    what: "Powertools' processInParallel",
    build: () => new BatchProcessor(EventType.SQS, { processInParallel: true } as Loose),
    option: 'processInParallel',
    belongs: /concurrency/,
  },
  {
    what: 'throwOnFullBatchFailure on a constructor',
    build: () => new BatchProcessor(EventType.SQS, { throwOnFullBatchFailure: false } as Loose),
    option: 'throwOnFullBatchFailure',
    belongs: /each call/,
  },
  {
    what: 'skipGroupOnError on a constructor that ignores it',
    build: () => new SqsFifoPartialProcessor({ skipGroupOnError: true } as Loose),
    option: 'skipGroupOnError',
    belongs: /each call/,
  },
  {
    what: 'an SQS option on a Kinesis processor',
    build: () => new BatchProcessor(EventType.KinesisDataStreams, { poisonMessages: 'dlq' } as Loose),
    option: 'poisonMessages',
  },
  {
    what: '@BatchHandler’s sqsClient on a processor',
    build: () => new PartialSqsProcessor({ sqsClient: {} } as Loose),
    option: 'sqsClient',
    belongs: /client/,
  },
  { what: 'a typo', build: () => new BatchProcessor(EventType.SQS, { concurency: 4 } as Loose), option: 'concurency' },
  {
    what: 'a typo with an undefined value',
    build: () => new BatchProcessor(EventType.SQS, { loger: undefined } as Loose),
    option: 'loger',
  },
];

describe('options given where they are not taken', () => {
  for (const { what, build, option, belongs } of CONSTRUCTIONS) {
    it(`a processor constructor rejects ${what}`, () => {
      // Act
      const error = thrownBy(build);

      // Assess
      expectMisplaced(error, option, belongs);
    });
  }

  for (const [option, value] of [
    ['logger', silentLogger],
    ['dto', Object],
    ['processInParallel', true],
    ['poisonMessages', 'dlq'],
  ] as const) {
    it(`the options of a call reject ${option}, running no record`, async () => {
      // Prepare
      let ran = 0;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const error = await rejectionOf(() =>
        processPartialResponse(
          sqsEvent([{ n: 1 }]),
          () => {
            ran++;
          },
          processor,
          { [option]: value } as Loose,
        ),
      );

      // Assess
      expectMisplaced(error, option);
      expect(ran).to.equal(0);
    });
  }

  for (const [option, value] of [
    ['client', {}],
    ['dto', Object],
    ['processInParallel', true],
    ['context', {}],
  ] as const) {
    it(`@BatchHandler rejects ${option} where the class is declared`, () => {
      // Act
      const error = thrownBy(() => {
        class Orders {
          @RecordHandler(EventType.SQS, { dto: false })
          handle() {}
          @BatchHandler({ [option]: value } as Loose)
          async handler(_event: SQSEvent) {}
        }
        return Orders;
      });

      // Assess
      expectMisplaced(error, option);
    });
  }

  for (const [option, value] of [
    ['concurrency', 4],
    ['logger', silentLogger],
    ['poisonMessages', 'dlq'],
  ] as const) {
    it(`@RecordHandler rejects ${option} where the class is declared`, () => {
      // Act
      const error = thrownBy(() => {
        class Orders {
          @RecordHandler(EventType.SQS, { dto: false, [option]: value } as Loose)
          handle() {}
        }
        return Orders;
      });

      // Assess
      expectMisplaced(error, option);
    });
  }
});
