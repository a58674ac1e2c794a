// Which SQS run extensions a processor gets: the SQS features only when an SQS option asks for them, legacy deletes
// only in legacy mode, and neither on a processor of another source. What a processor got shows where it matters to
// the user: a synchronous run refuses exactly the extensions that call AWS, naming them; SQS options on another
// source are refused naming the option given.
import {
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  PartialSqsProcessor,
  processPartialResponseSync,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';

// biome-ignore lint/suspicious/noExplicitAny: the cases pass what the types forbid, as JavaScript callers can
type Loose = any;

const SQS_FEATURES = 'poisonMessages, dlqUrl, retryBackoff, nonRetryableErrors';

/** SQS options on a processor of another source: the option the error names, and how it names the source. */
const OTHER_SOURCES: [what: string, build: () => unknown, option: string, shown: string, source: string][] = [
  [
    'retryBackoff on a Kinesis processor',
    () => new BatchProcessor(EventType.KinesisDataStreams, { retryBackoff: { baseSeconds: 1, maxSeconds: 2 } } as Loose),
    'retryBackoff',
    '[object Object]',
    'a KinesisDataStreams',
  ],
  [
    'dlqUrl on a DynamoDB Streams processor',
    () => new BatchProcessorSync(EventType.DynamoDBStreams, { dlqUrl: 'https://sqs/dlq' } as Loose),
    'dlqUrl',
    '"https://sqs/dlq"',
    'a DynamoDBStreams',
  ],
  [
    'nonRetryableErrors and clientConfig on a Kinesis processor (the first one is named)',
    () =>
      new BatchProcessor(EventType.KinesisDataStreams, {
        clientConfig: { region: 'eu-west-1' },
        nonRetryableErrors: [],
      } as Loose),
    'nonRetryableErrors',
    '',
    'a KinesisDataStreams',
  ],
  [
    'client on a processor without an event type (a JavaScript caller)',
    () => new BatchProcessor(undefined as Loose, { client: 'a client' } as Loose),
    'client',
    '"a client"',
    'an any-source',
  ],
];

/** SQS processors run synchronously: the extensions the run refuses (none: the run goes ahead). */
const SYNC_RUNS: [what: string, build: () => BatchProcessor, refused: string | undefined][] = [
  ['an SQS processor without SQS options', () => new BatchProcessorSync(EventType.SQS, { logger: silentLogger }), undefined],
  [
    'an SQS processor with poisonMessages',
    () => new BatchProcessorSync(EventType.SQS, { logger: silentLogger, poisonMessages: 'dlq' }),
    SQS_FEATURES,
  ],
  ['PartialSqsProcessor without SQS options', () => new PartialSqsProcessor({ logger: silentLogger }), 'deleteSuccessful'],
  [
    'PartialSqsProcessor with clientConfig',
    () => new PartialSqsProcessor({ logger: silentLogger, clientConfig: { region: 'eu-west-1' } }),
    `${SQS_FEATURES}, deleteSuccessful`,
  ],
];

describe('processors: the SQS extensions a processor gets', () => {
  for (const [what, build, option, shown, source] of OTHER_SOURCES) {
    it(`refuses ${what}, naming ${option}`, () => {
      // Act
      const error = thrownBy(build);

      // Assess
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal(option);
      expect((error as InvalidOptionError).message).to.equal(
        `Option "${option}" must be left out of ${source} processor: SQS processors only; got ${shown}.`,
      );
    });
  }

  it('refuses legacy mode on a processor of another source', () => {
    // Prepare
    class LegacyKinesis extends BatchProcessor {
      protected override legacyMode() {
        return { suppressException: false };
      }
    }

    // Act
    const error = thrownBy(() => new LegacyKinesis(EventType.KinesisDataStreams, { logger: silentLogger }));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).to.equal('deleteSuccessful');
    expect((error as InvalidOptionError).message).to.equal(
      'Option "deleteSuccessful" must be left out of a KinesisDataStreams processor: SQS processors only; got true.',
    );
  });

  for (const [what, build, refused] of SYNC_RUNS) {
    it(`${what}, run synchronously, ${refused === undefined ? 'runs' : `refuses exactly ${refused}`}`, () => {
      // Prepare
      const processor = build();
      let ran = 0;

      // Act
      const run = () =>
        processPartialResponseSync(
          sqsEvent([{ n: 1 }]),
          () => {
            ran++;
          },
          processor,
        );

      // Assess
      if (refused === undefined) {
        expect(run()).to.deep.equal({ batchItemFailures: [] });
        expect(ran).to.equal(1);
        return;
      }
      const error = thrownBy(run);
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal(refused);
      expect(ran).to.equal(0);
    });
  }

  for (const [deleteSuccessful, refused] of [
    [true, true],
    [false, false],
  ] as const) {
    it(`@BatchHandler with a processor ${refused ? 'refuses' : 'accepts'} deleteSuccessful: ${deleteSuccessful}`, () => {
      // Prepare
      const options = { processor: new BatchProcessor(EventType.SQS, { logger: silentLogger }), deleteSuccessful };

      // Act
      const declare = () => BatchHandler(options);

      // Assess
      if (!refused) {
        expect(declare).to.not.throw();
        return;
      }
      const error = thrownBy(declare);
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal('processor');
    });
  }
});
