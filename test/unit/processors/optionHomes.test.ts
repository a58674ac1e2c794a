// An option given where it is not taken is refused with an InvalidOptionError whose message says where the option
// belongs: that hint is what a user reads to fix the configuration, so each home is asserted word for word. Options
// that are not an object at all are refused where they enter, naming that place.
import {
  BasePartialProcessor,
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  processPartialResponse,
  RecordHandler,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';

// biome-ignore lint/suspicious/noExplicitAny: the cases pass what the types forbid, as JavaScript callers can
type Loose = any;

/** A custom processor as users write one: it takes only the base options. */
class Custom extends BasePartialProcessor {}

type Place = 'processor' | 'custom' | 'call' | '@BatchHandler' | '@RecordHandler';

/** Every place that takes options: how it is named in errors, and how to give it `options` (exactly those). */
const PLACES: Record<Place, { where: string; give: (options: unknown) => unknown }> = {
  processor: { where: 'the BatchProcessor constructor', give: (options) => new BatchProcessor(EventType.SQS, options as Loose) },
  custom: { where: 'the Custom constructor', give: (options) => new Custom(EventType.SQS, options as Loose) },
  call: {
    where: 'the options of a call',
    give: (options) =>
      processPartialResponse(
        sqsEvent([{ n: 1 }]),
        () => {},
        new BatchProcessorSync(EventType.SQS, { logger: silentLogger }),
        options as Loose,
      ),
  },
  '@BatchHandler': { where: '@BatchHandler', give: (options) => BatchHandler(options as Loose) },
  '@RecordHandler': { where: '@RecordHandler', give: (options) => RecordHandler(EventType.SQS, options as Loose) },
};

const EACH_CALL = 'the options of each call (processPartialResponse, register) or @BatchHandler';
const SQS_PROCESSOR = 'the constructor of an SQS processor, or @BatchHandler';
const DTO_OPTION = '@RecordHandler, or a DTO processor (BatchProcessor with `dto`)';

/** Each misplaced key, a place that does not take it, and where the message says it belongs. */
const MISPLACED: [key: string, place: Place, home: string][] = [
  [
    'processInParallel',
    '@RecordHandler',
    'no batchkit option: records run one at a time unless you set `concurrency` (see docs/migrating.md, "Sequential by default")',
  ],
  ['throwOnFullBatchFailure', '@RecordHandler', EACH_CALL],
  ['skipGroupOnError', 'processor', EACH_CALL],
  ['fifo', 'custom', EACH_CALL],
  ['measureDurations', 'processor', EACH_CALL],
  ['context', 'processor', 'the options of each call (processPartialResponse, register)'],
  ['logger', 'call', "the processor's constructor or @BatchHandler"],
  ['extensions', '@BatchHandler', "the processor's constructor"],
  ['dto', 'custom', '@RecordHandler, or the constructor of BatchProcessor / BatchProcessorSync'],
  ['match', 'processor', '@RecordHandler'],
  ['processor', 'call', '@BatchHandler'],
  ['deleteSuccessful', 'processor', 'PartialSqsProcessor (legacy mode), or @BatchHandler'],
  ['suppressException', 'processor', 'PartialSqsProcessor, or @BatchHandler with deleteSuccessful'],
  ['sqsClient', '@RecordHandler', '@BatchHandler (processors take `client`)'],
  ['sqsClientConfig', 'processor', '@BatchHandler (processors take `clientConfig`)'],
  ['client', 'call', 'the constructor of an SQS processor (@BatchHandler takes `sqsClient`)'],
  ['clientConfig', '@BatchHandler', 'the constructor of an SQS processor (@BatchHandler takes `sqsClientConfig`)'],
  ['poisonMessages', 'custom', SQS_PROCESSOR],
  ['dlqUrl', '@RecordHandler', SQS_PROCESSOR],
  ['nonRetryableErrors', 'call', SQS_PROCESSOR],
  ['retryBackoff', 'custom', SQS_PROCESSOR],
  ['from', '@BatchHandler', DTO_OPTION],
  ['envelope', 'call', DTO_OPTION],
  ['validator', 'custom', DTO_OPTION],
  ['transformer', '@BatchHandler', DTO_OPTION],
  ['maxDepth', 'call', DTO_OPTION],
];

/** Options that are not an options object, as they read in the message. */
const NOT_OBJECTS: [value: unknown, shown: string][] = [
  [null, 'null'],
  ['fast', '"fast"'],
  [4, '4'],
  [[], ''],
];

/** What giving `options` to `place` threw or rejected with. */
function refusal(place: Place, options: unknown): Promise<unknown> {
  return rejectionOf(async () => PLACES[place].give(options));
}

/** Asserts an InvalidOptionError naming `option` with exactly `message`. */
function expectRefused(error: unknown, option: string, message: string): void {
  expect(error).to.be.instanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).to.equal(option);
  expect((error as InvalidOptionError).message).to.equal(message);
}

describe('processors: where a misplaced option belongs', () => {
  for (const [key, place, home] of MISPLACED) {
    it(`${key} given to ${PLACES[place].where} is refused, the message saying it belongs in ${home}`, async () => {
      // Act
      const error = await refusal(place, { [key]: 1 });

      // Assess
      expectRefused(
        error,
        key,
        `Option "${key}" must be left out of ${PLACES[place].where}: it is not an option there; it belongs in ${home}; got 1.`,
      );
    });
  }

  for (const [place, { where }] of Object.entries(PLACES) as [Place, (typeof PLACES)[Place]][]) {
    it(`a typo given to ${where} is refused without a home to suggest`, async () => {
      // Act
      const error = await refusal(place, { concurency: 1 });

      // Assess
      expectRefused(error, 'concurency', `Option "concurency" must be left out of ${where}: it is not an option there; got 1.`);
    });

    it(`${where} takes undefined options as none given`, async () => {
      // Act
      let refused: unknown;
      try {
        await PLACES[place].give(undefined);
      } catch (error) {
        refused = error;
      }

      // Assess
      expect(refused).to.equal(undefined);
    });

    for (const [value, shown] of NOT_OBJECTS) {
      it(`${where} refuses ${JSON.stringify(value)} for its options, naming itself`, async () => {
        // Act
        const error = await refusal(place, value);

        // Assess
        expectRefused(error, where, `Option "${where}" must be an options object; got ${shown}.`);
      });
    }
  }
});
