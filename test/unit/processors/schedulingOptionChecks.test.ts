import {
  BasePartialProcessor,
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  PartialSqsProcessor,
  type SchedulingOptions,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';

/** A custom processor as users write one. */
class CustomProcessor extends BasePartialProcessor {}

/** Every place a processor's scheduling options are declared, each building with `options`. */
const DECLARATIONS: [string, (options: SchedulingOptions) => unknown][] = [
  ['new BatchProcessor', (options) => new BatchProcessor(EventType.SQS, { logger: silentLogger, ...options })],
  [
    'new BatchProcessorSync',
    (options) => new BatchProcessorSync(EventType.KinesisDataStreams, { logger: silentLogger, ...options }),
  ],
  ['new SqsFifoPartialProcessor', (options) => new SqsFifoPartialProcessor({ logger: silentLogger, ...options })],
  ['new PartialSqsProcessor', (options) => new PartialSqsProcessor({ logger: silentLogger, ...options })],
  ['a custom BasePartialProcessor', (options) => new CustomProcessor(undefined, { logger: silentLogger, ...options })],
  ['@BatchHandler', (options) => BatchHandler({ logger: silentLogger, ...options })],
];

/** Values batchkit cannot use, each with the option it breaks. */
const BAD: [string, SchedulingOptions][] = [
  ['ordering', { ordering: 'fifo' as never }],
  ['ordering', { ordering: 'GROUP' as never }],
  ['ordering', { ordering: null as never }],
  ['deadlineMarginMs', { deadlineMarginMs: -1 }],
  ['deadlineMarginMs', { deadlineMarginMs: Number.NaN }],
  ['deadlineMarginMs', { deadlineMarginMs: Number.POSITIVE_INFINITY }],
  ['deadlineMarginMs', { deadlineMarginMs: '500' as never }],
  ['deadlineMarginMs', { deadlineMarginMs: true as never }],
  ['deadlineMarginMs', { deadlineMarginMs: null as never }],
  ['concurrency', { concurrency: 0 }],
  ['onError', { onError: 'retry' as never }],
];

/** Values at the edges of what is accepted. */
const GOOD: SchedulingOptions[] = [
  { ordering: 'group' },
  { ordering: 'none' },
  { deadlineMarginMs: 0 },
  { deadlineMarginMs: 0.5 },
  { deadlineMarginMs: false },
  { deadlineMarginMs: 10_000 },
];

/** How a value reads in a test title. */
function shown(options: SchedulingOptions): string {
  const [[key, value]] = Object.entries(options) as [[string, unknown]];
  return `${key}: ${typeof value === 'string' ? `'${value}'` : String(value)}`;
}

describe('processors: scheduling options are checked where they are declared, before any batch', () => {
  for (const [where, declare] of DECLARATIONS) {
    describe(where, () => {
      for (const [option, options] of BAD) {
        it(`throws InvalidOptionError naming ${option} for ${shown(options)}`, () => {
          // Act
          const error = thrownBy(() => declare(options));

          // Assess
          expect(error).to.be.instanceOf(InvalidOptionError);
          expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
          expect((error as InvalidOptionError).option).to.equal(option);
        });
      }

      it(`accepts ${GOOD.map(shown).join(', ')}`, () => {
        // Act
        const build = () => {
          for (const options of GOOD) declare(options);
        };

        // Assess
        expect(build).to.not.throw();
      });
    });
  }
});
