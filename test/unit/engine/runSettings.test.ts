import type { Context } from 'aws-lambda';
import {
  type BatchRecord,
  EventType,
  InvalidOptionError,
  type ProcessOptions,
  type SchedulingOptions,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { kinesisEvent, lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import type { FailureCandidate, RunExtension } from '../../../src/engine/extension';
import { resolveRunSettings } from '../../../src/engine/settings';
import { thrownBy } from '../../support/errors';

const STANDARD = sqsEvent([{ n: 1 }]).Records;
const FIFO = sqsEvent([{ n: 1 }], { fifo: true }).Records;
const KINESIS = kinesisEvent([{ n: 1 }]).Records;

/** Resolves with the processor defaults of a plain processor (FIFO detected from the ARN). */
function resolve(
  records: readonly BatchRecord[],
  eventType: EventType | undefined,
  options: ProcessOptions = {},
  defaults: SchedulingOptions = {},
  extensions: readonly RunExtension[] = [],
) {
  return resolveRunSettings(records, eventType, options, { ...defaults, fifo: 'auto' }, extensions);
}

/** A context whose remaining time is fixed. */
function fixedContext(remainingMs: number): Context {
  return { ...lambdaContext(), getRemainingTimeInMillis: () => remainingMs };
}

describe('engine: run settings', () => {
  it('defaults to one record at a time, grouped ordering, no durations and no deadline without a context', () => {
    // Act
    const settings = resolve(STANDARD, EventType.SQS);

    // Assess
    expect(settings.concurrency).to.equal(1);
    expect(settings.ordering).to.equal('group');
    expect(settings.deadline).to.equal(undefined);
    expect(settings.lambdaContext).to.equal(undefined);
    expect(settings.eventType).to.equal(EventType.SQS);
    expect(settings.measureDurations).to.equal(false);
    expect([settings.nonRetryable, settings.setAside]).to.deep.equal([undefined, undefined]);
  });

  it('reads the batch source from the records when the processor has none, and refuses a mixed batch', () => {
    // Act
    const fromRecords = resolve(KINESIS, undefined);
    const fixed = resolve(KINESIS, EventType.SQS);
    const mixed = thrownBy(() => resolve([...STANDARD, ...KINESIS], undefined));

    // Assess
    expect([fromRecords.eventType, fromRecords.batchType]).to.deep.equal([undefined, EventType.KinesisDataStreams]);
    expect(fixed.batchType).to.equal(EventType.SQS);
    expect(mixed).to.be.instanceOf(UnexpectedBatchTypeError);
  });

  describe('onError defaults', () => {
    const cases: [string, readonly BatchRecord[], EventType | undefined, string][] = [
      ['standard SQS', STANDARD, EventType.SQS, 'continue'],
      ['SQS FIFO', FIFO, EventType.SQS, 'stop'],
      ['Kinesis', KINESIS, EventType.KinesisDataStreams, 'stop'],
      ['DynamoDB Streams', [], EventType.DynamoDBStreams, 'stop'],
      ['standard SQS, source read from the records', STANDARD, undefined, 'continue'],
      ['SQS FIFO, source read from the records', FIFO, undefined, 'stop'],
      ['Kinesis, source read from the records', KINESIS, undefined, 'stop'],
      ['an empty batch of no known source', [], undefined, 'continue'],
    ];
    for (const [name, records, eventType, expected] of cases) {
      it(`is '${expected}' for ${name}`, () => {
        // Act
        const settings = resolve(records, eventType);

        // Assess
        expect(settings.onError).to.equal(expected);
      });
    }

    it("makes skipGroupOnError mean 'skip-group'", () => {
      // Act
      const settings = resolve(FIFO, EventType.SQS, { skipGroupOnError: true });

      // Assess
      expect(settings.onError).to.equal('skip-group');
    });

    it('lets an explicit onError win over skipGroupOnError and over the processor default', () => {
      // Act
      const settings = resolve(FIFO, EventType.SQS, { skipGroupOnError: true, onError: 'continue' }, { onError: 'stop' });

      // Assess
      expect(settings.onError).to.equal('continue');
    });

    it("uses the processor's onError when the call gives none", () => {
      // Act
      const settings = resolve(KINESIS, EventType.KinesisDataStreams, {}, { onError: 'skip-group' });

      // Assess
      expect(settings.onError).to.equal('skip-group');
    });

    it('follows the fifo option over the ARN', () => {
      // Act
      const forcedOn = resolveRunSettings(STANDARD, EventType.SQS, {}, { fifo: true });
      const forcedOff = resolveRunSettings(FIFO, EventType.SQS, { fifo: false }, { fifo: 'auto' });

      // Assess
      expect([forcedOn.fifo, forcedOn.onError]).to.deep.equal([true, 'stop']);
      expect([forcedOff.fifo, forcedOff.onError]).to.deep.equal([false, 'continue']);
    });
  });

  it('lets call options override processor defaults', () => {
    // Act
    const settings = resolve(
      KINESIS,
      EventType.KinesisDataStreams,
      { concurrency: 7, ordering: 'none', measureDurations: true },
      { concurrency: 3, ordering: 'group' },
    );

    // Assess
    expect([settings.concurrency, settings.ordering, settings.measureDurations]).to.deep.equal([7, 'none', true]);
  });

  it("combines the extensions' rules: an error is non-retryable, or set aside, when any extension says so", () => {
    // Prepare
    const errorSays = (text: string) => (error: Error) => error.message === text;
    const failureSays = (text: string) => (failure: FailureCandidate) => failure.error.message === text;
    const extensions: RunExtension[] = [
      { name: 'a', settings: () => ({ nonRetryable: errorSays('a'), setAside: failureSays('a') }) },
      { name: 'none', settings: () => undefined },
      { name: 'b', settings: () => ({ nonRetryable: errorSays('b') }) },
      { name: 'c', settings: () => ({ setAside: failureSays('c') }) },
    ];

    // Act
    const settings = resolve(STANDARD, EventType.SQS, {}, {}, extensions);

    // Assess
    const nonRetryable = ['a', 'b', 'c'].map((m) => settings.nonRetryable?.(new Error(m)));
    const setAside = ['a', 'b', 'c'].map((m) => settings.setAside?.({ error: new Error(m), retryable: true, eventType: 'SQS' }));
    expect(nonRetryable).to.deep.equal([true, true, false]);
    expect(setAside).to.deep.equal([true, false, true]);
  });

  describe('the deadline', () => {
    it('is now + remaining time - 500 ms by default', () => {
      // Prepare
      const before = Date.now();

      // Act
      const settings = resolve(STANDARD, EventType.SQS, { context: fixedContext(10_000) });

      // Assess
      const after = Date.now();
      expect(settings.deadline).to.be.within(before + 9_500, after + 9_500);
    });

    it('subtracts the margin from the call, else from the processor', () => {
      // Prepare
      const before = Date.now();
      const context = fixedContext(10_000);

      // Act
      const fromCall = resolve(STANDARD, EventType.SQS, { context, deadlineMarginMs: 2_000 }, { deadlineMarginMs: 1_000 });
      const fromProcessor = resolve(STANDARD, EventType.SQS, { context }, { deadlineMarginMs: 1_000 });

      // Assess
      const after = Date.now();
      expect(fromCall.deadline).to.be.within(before + 8_000, after + 8_000);
      expect(fromProcessor.deadline).to.be.within(before + 9_000, after + 9_000);
    });

    it('is off with deadlineMarginMs: false, given on the call or the processor', () => {
      // Act
      const fromCall = resolve(STANDARD, EventType.SQS, { context: fixedContext(10_000), deadlineMarginMs: false });
      const fromProcessor = resolve(STANDARD, EventType.SQS, { context: fixedContext(10_000) }, { deadlineMarginMs: false });

      // Assess
      expect(fromCall.deadline).to.equal(undefined);
      expect(fromProcessor.deadline).to.equal(undefined);
    });

    it('is off when the context cannot tell its remaining time', () => {
      // Prepare
      const partial = { functionName: 'f' } as unknown as Context;
      const infinite = fixedContext(Number.POSITIVE_INFINITY);
      const notANumber = { ...lambdaContext(), getRemainingTimeInMillis: () => '1000' } as unknown as Context;

      // Act
      const deadlines = [partial, infinite, notANumber].map((context) => resolve(STANDARD, EventType.SQS, { context }).deadline);

      // Assess
      expect(deadlines).to.deep.equal([undefined, undefined, undefined]);
    });

    it('may lie in the past when less time remains than the margin', () => {
      // Act
      const settings = resolve(STANDARD, EventType.SQS, { context: fixedContext(100) });

      // Assess
      expect(settings.deadline).to.be.lessThan(Date.now());
    });
  });

  describe('invalid values', () => {
    const whole = 'must be a whole number of at least 1';
    const margin = 'must be a number of milliseconds >= 0, or false';
    const policies = "must be 'continue', 'skip-group' or 'stop'";
    const bad: [string, ProcessOptions, string][] = [
      ['concurrency', { concurrency: 0 }, whole],
      ['concurrency', { concurrency: 2.5 }, whole],
      ['concurrency', { concurrency: '8' as unknown as number }, whole],
      ['ordering', { ordering: 'fifo' as unknown as 'group' }, "must be 'group' or 'none'"],
      ['onError', { onError: 'x' as unknown as 'stop' }, policies],
      ['onError', { skipGroupOnError: false, onError: 'x' as unknown as 'stop' }, policies],
      ['deadlineMarginMs', { deadlineMarginMs: -1, context: fixedContext(1_000) }, margin],
      ['deadlineMarginMs', { deadlineMarginMs: -1 }, margin],
      ['deadlineMarginMs', { deadlineMarginMs: Number.POSITIVE_INFINITY, context: fixedContext(1_000) }, margin],
    ];
    for (const [option, options, must] of bad) {
      const value = options[option as keyof ProcessOptions];
      const shown = typeof value === 'string' ? `'${value}'` : String(value);
      it(`throws InvalidOptionError for ${option} = ${shown}${options.context ? ' with a context' : ''}, saying what it must be`, () => {
        // Act
        const error = thrownBy(() => resolve(STANDARD, EventType.SQS, options));

        // Assess
        expect(error).to.be.instanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
        expect((error as InvalidOptionError).option).to.equal(option);
        expect((error as Error).message).to.include(must);
      });
    }

    it('checks processor defaults too', () => {
      // Act
      const error = thrownBy(() => resolve(STANDARD, EventType.SQS, {}, { concurrency: -1 }));

      // Assess
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal('concurrency');
    });
  });
});
