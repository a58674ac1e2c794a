// The flags and choices of every options object are checked where they enter: a flag that is not a boolean, or a
// choice outside its list, is refused with an InvalidOptionError whose message lists what the option takes.
import {
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  PartialSqsProcessor,
  processPartialResponse,
  RecordHandler,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';

// biome-ignore lint/suspicious/noExplicitAny: the cases pass what the types forbid, as JavaScript callers can
type Loose = any;

/** The places that take flags and choices, each given `options` (with a silent logger where it takes one). */
const PLACES: Record<string, (options: object) => unknown> = {
  'the options of a call': (options) =>
    processPartialResponse(
      sqsEvent([{ n: 1 }]),
      () => {},
      new BatchProcessorSync(EventType.SQS, { logger: silentLogger }),
      options as Loose,
    ),
  '@BatchHandler': (options) => BatchHandler({ logger: silentLogger, ...options } as Loose),
  '@RecordHandler': (options) => RecordHandler(EventType.SQS, options as Loose),
  'the BatchProcessor constructor': (options) => new BatchProcessor(EventType.SQS, { logger: silentLogger, ...options } as Loose),
  'the PartialSqsProcessor constructor': (options) => new PartialSqsProcessor({ logger: silentLogger, ...options } as Loose),
};

const FLAG = 'true or false';

/** Each flag or choice given a value it does not take, where it is taken, and what the message says it must be. */
const WRONG_VALUES: [key: string, value: unknown, shown: string, place: string, expected: string][] = [
  ['throwOnFullBatchFailure', 'false', '"false"', 'the options of a call', FLAG],
  ['throwOnFullBatchFailure', 0, '0', '@BatchHandler', FLAG],
  ['skipGroupOnError', 1, '1', 'the options of a call', FLAG],
  ['skipGroupOnError', null, 'null', '@BatchHandler', FLAG],
  ['measureDurations', 'yes', '"yes"', 'the options of a call', FLAG],
  ['measureDurations', 1, '1', '@BatchHandler', FLAG],
  ['deleteSuccessful', 'true', '"true"', '@BatchHandler', FLAG],
  ['suppressException', 1, '1', '@BatchHandler', FLAG],
  ['suppressException', 'no', '"no"', 'the PartialSqsProcessor constructor', FLAG],
  ['fifo', 'yes', '"yes"', 'the options of a call', "'auto', true, false"],
  ['fifo', 'true', '"true"', '@BatchHandler', "'auto', true, false"],
  ['fifo', 'AUTO', '"AUTO"', 'the options of a call', "'auto', true, false"],
  ['from', 'body', '"body"', '@RecordHandler', "'payload', 'record'"],
  ['from', true, 'true', 'the BatchProcessor constructor', "'payload', 'record'"],
  ['envelope', 'sqs', '"sqs"', '@RecordHandler', "'sns', 'eventbridge'"],
  ['envelope', 'SNS', '"SNS"', 'the BatchProcessor constructor', "'sns', 'eventbridge'"],
];

describe('processors: flags and choices are checked where they are given', () => {
  for (const [key, value, shown, place, expected] of WRONG_VALUES) {
    it(`${place} refuses ${key}: ${shown}, saying it must be ${expected}`, async () => {
      // Act
      const error = await rejectionOf(async () => (PLACES[place] as (options: object) => unknown)({ [key]: value }));

      // Assess
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal(key);
      expect((error as InvalidOptionError).message).to.equal(`Option "${key}" must be ${expected}; got ${shown}.`);
    });
  }
});
