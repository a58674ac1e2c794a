// What a processor says when it is misused: an event type it does not know, a `dto` that is no class, process()
// before register(), a sync entry point given a processor that prepares its handler asynchronously, a hook that
// returned a promise in a synchronous run, an event that is not a batch. The message names what was given and what
// to do instead, and nothing the call leaves behind rejects unhandled.
import {
  AsyncHandlerError,
  BasePartialProcessor,
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  processPartialResponse,
  processPartialResponseSync,
  type RunExtension,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt } from 'class-validator';
import { rejectionOf } from '../../support/errors';
import { delay } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

class Qty {
  @IsInt() qty!: number;
}

/** A DTO class without a constraint: setting up its handler fails (InvalidDtoError) after processSync() threw. */
class NoConstraints {}

// biome-ignore lint/suspicious/noExplicitAny: the cases pass what the types forbid, as JavaScript callers can
type Loose = any;

/** A synchronous processor whose `hook` returns a promise. */
function promisingIn(hook: 'prepare' | 'clean'): BatchProcessorSync {
  class Hooked extends BatchProcessorSync {
    override prepare(): void | Promise<void> {
      return hook === 'prepare' ? Promise.resolve() : undefined;
    }
    override clean(): void | Promise<void> {
      return hook === 'clean' ? Promise.resolve() : undefined;
    }
  }
  return new Hooked(EventType.SQS, { logger: silentLogger });
}

const MISUSES: [what: string, call: () => unknown, type: abstract new (...args: never[]) => Error, message: string][] = [
  [
    'prepare() returning a promise in a synchronous run',
    () => processPartialResponseSync(sqsEvent([{ n: 1 }]), () => {}, promisingIn('prepare')),
    AsyncHandlerError,
    'prepare() returned a Promise during synchronous processing: use the async API.',
  ],
  [
    'clean() returning a promise in a synchronous run',
    () => processPartialResponse(sqsEvent([{ n: 1 }]), () => {}, promisingIn('clean')),
    AsyncHandlerError,
    'clean() returned a Promise during synchronous processing: use the async API.',
  ],
  [
    'an event without Records',
    () => processPartialResponse({ records: [] }, () => {}, new BatchProcessor(EventType.SQS, { logger: silentLogger })),
    UnexpectedBatchTypeError,
    'The event is not a batch: expected an object with a Records array (an SQS, Kinesis or DynamoDB Streams event).',
  ],
  [
    'processPartialResponseSync given a DTO BatchProcessor',
    () =>
      processPartialResponseSync(
        sqsEvent([{ n: 1 }]),
        () => {},
        new BatchProcessor(EventType.SQS, { logger: silentLogger, dto: NoConstraints }),
      ),
    AsyncHandlerError,
    'processPartialResponseSync needs a synchronous processor: use BatchProcessorSync, or processPartialResponse.',
  ],
  [
    'an event type batchkit does not know',
    () => new BatchProcessor('SNS' as Loose),
    InvalidOptionError,
    'Option "eventType" must be an EventType (SQS, KinesisDataStreams or DynamoDBStreams), or undefined; got "SNS".',
  ],
  [
    'a dto that is neither a class nor a function',
    () => new BatchProcessor(EventType.SQS, { dto: 42 as Loose }),
    InvalidOptionError,
    'Option "dto" must be a DTO class or a function returning one; got 42.',
  ],
  [
    'a dto thunk that returns no class (found at the first batch)',
    () =>
      processPartialResponse(
        sqsEvent([{ qty: 1 }]),
        () => {},
        new BatchProcessor(EventType.SQS, { logger: silentLogger, dto: (() => 42) as Loose }),
      ),
    InvalidOptionError,
    'Option "dto" must be a DTO class or a function returning one; got () => 42.',
  ],
  [
    'process() before register()',
    () => new BatchProcessor(EventType.SQS, { logger: silentLogger }).process(),
    BatchProcessingError,
    'Nothing to process: call register(records, handler) before process().',
  ],
  [
    'processSync() on a BatchProcessor with a DTO',
    () =>
      new BatchProcessor(EventType.SQS, { logger: silentLogger, dto: Qty })
        .register(sqsEvent([{ qty: 1 }]).Records, () => {})
        .processSync(),
    AsyncHandlerError,
    'This processor prepares its handler asynchronously (a DTO with BatchProcessor): use process(), or BatchProcessorSync.',
  ],
  [
    'processSync() on a BatchProcessor whose DTO cannot be used (its failed setup is never left unhandled)',
    () =>
      new BatchProcessor(EventType.SQS, { logger: silentLogger, dto: NoConstraints })
        .register(sqsEvent([{ qty: 1 }]).Records, () => {})
        .processSync(),
    AsyncHandlerError,
    'This processor prepares its handler asynchronously (a DTO with BatchProcessor): use process(), or BatchProcessorSync.',
  ],
];

describe('processors: what they say when misused', () => {
  for (const [what, call, type, message] of MISUSES) {
    it(`${what}: ${type.name} says "${message}"`, async () => {
      // Prepare
      const watch = watchUnhandledRejections();

      // Act
      const error = await rejectionOf(async () => call());
      await delay(50);
      watch.stop();

      // Assess
      expect(error).to.be.instanceOf(type);
      expect((error as Error).message).to.equal(message);
      expect(watch.reasons).to.deep.equal([]);
    });
  }
});

describe('processors: the extensions a custom processor holds', () => {
  /** A custom processor that shows subclasses' view of its extensions. */
  class Plugged extends BasePartialProcessor {
    get plugged(): readonly RunExtension[] {
      return this.extensions;
    }
  }

  for (const [given, expected] of [
    [undefined, []],
    [[{ name: 'audit' }], [{ name: 'audit' }]],
  ] as [RunExtension[] | undefined, RunExtension[]][]) {
    it(`are exactly those given (${given === undefined ? 'none' : given.length})`, () => {
      // Act
      const processor = new Plugged(EventType.SQS, { logger: silentLogger, extensions: given });

      // Assess
      expect(processor.plugged).to.deep.equal(expected);
    });
  }
});
