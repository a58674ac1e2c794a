// With the default logger, every failure gets its log line and a hook that throws changes nothing, whatever was
// thrown: errors whose fields JSON cannot serialise, whose getters throw, Proxies whose every trap throws, non-Errors.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type FailureResult,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { watchUnhandledRejections } from '../../support/unhandledRejections';
import { type ConsoleLine, captureConsole } from './captureConsole';

function unreadable(): never {
  throw new Error('this field cannot be read');
}

/** A Proxy of an Error whose every trap (get, has, ownKeys, getPrototypeOf, ...) throws. */
function hostileProxy(): object {
  const traps = new Proxy({}, { get: () => unreadable });
  return new Proxy(new Error('boom'), traps);
}

function errorWith(field: string, descriptor: PropertyDescriptor): Error {
  return Object.defineProperty(new Error('boom'), field, { enumerable: true, configurable: true, ...descriptor });
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { kind: 'loop' };
  value.self = value;
  return value;
}

const UNREADABLE = '[Unreadable]';

/** What user code throws (fresh on each call), and the error fields a hook error line gives for it. */
const BAD_ERRORS: { what: string; make: () => unknown; logged: Record<string, unknown> }[] = [
  {
    what: 'an Error with a bigint code',
    make: () => errorWith('code', { value: 10n }),
    logged: { errorName: 'Error', errorMessage: 'boom', errorCode: '10n' },
  },
  {
    what: 'an Error with a circular code',
    make: () => errorWith('code', { value: circular() }),
    logged: { errorName: 'Error', errorMessage: 'boom', errorCode: '[object Object]' },
  },
  {
    what: 'an Error whose code getter throws',
    make: () => errorWith('code', { get: unreadable }),
    logged: { errorName: 'Error', errorMessage: 'boom', errorCode: UNREADABLE },
  },
  {
    what: 'an Error whose code has a toJSON that throws',
    make: () => errorWith('code', { value: { toJSON: unreadable } }),
    logged: { errorName: 'Error', errorMessage: 'boom', errorCode: '[object Object]' },
  },
  {
    what: 'an Error whose name getter throws',
    make: () => errorWith('name', { get: unreadable }),
    logged: { errorName: UNREADABLE, errorMessage: 'boom' },
  },
  {
    what: 'an Error whose message getter throws',
    make: () => errorWith('message', { get: unreadable }),
    logged: { errorName: 'Error', errorMessage: UNREADABLE },
  },
  {
    what: 'a Proxy whose every trap throws',
    make: hostileProxy,
    logged: { errorName: UNREADABLE, errorMessage: UNREADABLE, errorCode: UNREADABLE },
  },
  { what: 'a string', make: () => 'plain string', logged: { errorName: 'string', errorMessage: 'plain string' } },
  { what: 'a number', make: () => 42, logged: { errorName: 'number', errorMessage: '42' } },
  { what: 'null', make: () => null, logged: { errorName: 'null', errorMessage: 'null' } },
];

function event(): SQSEvent {
  return { Records: ['ok-0', 'bad-1', 'ok-2', 'bad-3'].map((messageId) => sqsRecord({}, { messageId })) };
}

const FAILED = { batchItemFailures: [{ itemIdentifier: 'bad-1' }, { itemIdentifier: 'bad-3' }] };

/** The lines that name this record (every line must be JSON). */
function linesOf(lines: readonly ConsoleLine[], itemIdentifier: string): ConsoleLine[] {
  for (const line of lines) expect(line.json, line.text).to.be.an('object');
  return lines.filter((line) => line.json?.itemIdentifier === itemIdentifier);
}

describe('logging: every failure gets its line with the default logger, whatever was thrown', () => {
  for (const { what, make, logged } of BAD_ERRORS) {
    it(`processPartialResponse: a record handler that throws ${what}`, async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS);
      const handle = (record: SQSRecord) => {
        if (record.messageId.startsWith('bad')) throw make();
      };
      const rejections = watchUnhandledRejections();

      // Act
      const { result, lines } = await captureConsole(() => processPartialResponse(event(), handle, processor));
      rejections.stop();

      // Assess
      expect(result).to.deep.equal(FAILED);
      for (const id of ['bad-1', 'bad-3']) {
        const mine = linesOf(lines, id);
        expect(mine.map((l) => [l.stream, l.json?.level, l.json?.message])).to.deep.equal([['stderr', 'error', 'Record failed']]);
        expect(mine[0]?.json?.errorName).to.be.a('string');
        expect(mine[0]?.json?.errorMessage).to.be.a('string');
      }
      expect(linesOf(lines, 'ok-0')).to.deep.equal([]);
      expect(rejections.reasons).to.deep.equal([]);
    });

    it(`processPartialResponseSync: a record handler that throws ${what}`, async () => {
      // Prepare
      const processor = new BatchProcessorSync(EventType.SQS);
      const handle = (record: SQSRecord) => {
        if (record.messageId.startsWith('bad')) throw make();
      };

      // Act
      const { result, lines } = await captureConsole(() => processPartialResponseSync(event(), handle, processor));

      // Assess
      expect(result).to.deep.equal(FAILED);
      for (const id of ['bad-1', 'bad-3'])
        expect(linesOf(lines, id).map((l) => l.json?.message)).to.deep.equal(['Record failed']);
    });

    it(`@BatchHandler: onFailure and onSuccess that rethrow ${what} change no outcome; each is logged once`, async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          if (record.messageId.startsWith('bad')) throw new Error('record failed');
        }

        @BatchHandler()
        async handler(_event: SQSEvent, _context: Context) {}

        onFailure() {
          throw make();
        }

        async onSuccess() {
          throw make();
        }
      }
      const rejections = watchUnhandledRejections();

      // Act
      const { result, lines } = await captureConsole(() => new Orders().handler(event(), lambdaContext()));
      rejections.stop();

      // Assess
      expect(result).to.deep.equal(FAILED);
      for (const id of ['ok-0', 'bad-1', 'ok-2', 'bad-3']) {
        const mine = linesOf(lines, id);
        expect(mine.map((l) => [l.json?.level, l.json?.message])).to.deep.equal([
          ['error', 'A record hook threw; the record outcome is unchanged'],
        ]);
        const { errorName, errorMessage, errorCode } = mine[0]?.json ?? {};
        expect(JSON.parse(JSON.stringify({ errorName, errorMessage, errorCode }))).to.deep.equal(logged);
      }
      expect(rejections.reasons).to.deep.equal([]);
    });

    it(`custom processor: a failureHandler that throws ${what} changes no outcome and is logged`, async () => {
      // Prepare
      class Rethrowing extends BatchProcessor {
        override failureHandler(record: BatchRecord, error: Error): FailureResult {
          super.failureHandler(record, error);
          throw make();
        }
      }
      const handle = (record: SQSRecord) => {
        if (record.messageId.startsWith('bad')) throw new Error('record failed');
      };

      // Act
      const { result, lines } = await captureConsole(() =>
        processPartialResponse(event(), handle, new Rethrowing(EventType.SQS)),
      );

      // Assess
      expect(result).to.deep.equal(FAILED);
      for (const id of ['bad-1', 'bad-3']) {
        expect(linesOf(lines, id).map((l) => l.json?.message)).to.include('A record hook threw; the record outcome is unchanged');
      }
    });
  }
});
