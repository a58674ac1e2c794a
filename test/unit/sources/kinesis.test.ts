import type { KinesisStreamRecord } from 'aws-lambda';
import { EventType, type RecordContext, RecordParseError } from 'batchkit';
import { kinesisEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { decodeBase64Utf8, kinesisSource } from '../../../src/sources/kinesis.js';
import { thrownBy } from '../../support/errors';

function recordWith(patch: Partial<KinesisStreamRecord['kinesis']>): KinesisStreamRecord {
  const record = kinesisEvent([{ page: '/home' }]).Records[0] as KinesisStreamRecord;
  return { ...record, kinesis: { ...record.kinesis, ...patch } };
}

function base64(bytes: readonly number[] | string): string {
  return typeof bytes === 'string' ? Buffer.from(bytes, 'utf8').toString('base64') : Buffer.from(bytes).toString('base64');
}

describe('sources/kinesis', () => {
  it('names the Kinesis event type and source', () => {
    // Assess
    expect(kinesisSource.eventType).to.equal(EventType.KinesisDataStreams);
    expect(kinesisSource.sourceName).to.equal('aws:kinesis');
  });

  describe('itemIdentifier', () => {
    it('is kinesis.sequenceNumber', () => {
      // Prepare
      const record = recordWith({ sequenceNumber: '49590338271490256608559692538361571095921575989136588898' });

      // Act
      const id = kinesisSource.itemIdentifier(record);

      // Assess
      expect(id).to.equal('49590338271490256608559692538361571095921575989136588898');
    });

    for (const [label, sequenceNumber] of [
      ['empty', ''],
      ['a number', 4959],
      ['null', null],
      ['missing', undefined],
    ] as const) {
      it(`is undefined when the sequence number is ${label}`, () => {
        // Prepare
        const record = recordWith({ sequenceNumber } as unknown as Partial<KinesisStreamRecord['kinesis']>);

        // Act
        const id = kinesisSource.itemIdentifier(record);

        // Assess
        expect(id).to.equal(undefined);
      });
    }

    it('is undefined when the record has no kinesis section', () => {
      // Prepare
      const record = { eventSource: 'aws:kinesis' } as unknown as KinesisStreamRecord;

      // Act
      const id = kinesisSource.itemIdentifier(record);

      // Assess
      expect(id).to.equal(undefined);
    });
  });

  describe('payload', () => {
    it('decodes base64 UTF-8 JSON, including multi-byte characters', () => {
      // Prepare
      const record = recordWith({ data: base64('{"page":"/caf\u00e9","emoji":"\ud83d\ude00","n":[1,2]}') });

      // Act
      const payload = kinesisSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ page: '/caf\u00e9', emoji: '\ud83d\ude00', n: [1, 2] });
    });

    for (const [label, data] of [
      ['an invalid character', 'eyJhIjox*Q=='],
      ['a URL-safe alphabet character', 'eyJhIjox-Q=='],
      ['whitespace', 'eyJh IjoxfQ=='],
      ['missing padding', 'eyJhIjoxfQ'],
      ['too much padding', 'eyJhIjoxfQ==='],
      ['padding in the middle', 'ey=hIjoxfQ=='],
      ['data after the padding', 'eyJhIjoxfQ==eyJh'],
    ] as const) {
      it(`rejects base64 with ${label}`, () => {
        // Prepare
        const record = recordWith({ data });

        // Act
        const act = () => kinesisSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
      });
    }

    // Each text is valid JSON but for invalid UTF-8 inside a string value: only the strict decoder can refuse it
    // (a lenient one would pass U+FFFD to the handler).
    const json = (...value: number[]) => [...Buffer.from('{"a":"'), ...value, ...Buffer.from('"}')];
    for (const [label, bytes] of [
      ['a 0xff byte', json(0xff)],
      ['a lone continuation byte', json(0x80)],
      ['a truncated sequence', json(0xe2, 0x82)],
      ['an overlong encoding of "/"', json(0xc0, 0xaf)],
      ['an encoded surrogate', json(0xed, 0xa0, 0x80)],
      ['a code point beyond U+10FFFF', json(0xf4, 0x90, 0x80, 0x80)],
    ] as const) {
      it(`rejects invalid UTF-8 inside a JSON string: ${label}`, () => {
        // Prepare
        const record = recordWith({ data: base64(bytes) });

        // Act
        const error = thrownBy(() => kinesisSource.payload(record));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
        expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
        expect((error as RecordParseError).retryable).to.equal(false);
        expect((error as RecordParseError).cause).to.be.instanceOf(TypeError); // the decoder's, not JSON.parse's SyntaxError
      });
    }

    it('accepts the same texts with valid UTF-8 in the string', () => {
      // Prepare
      const record = recordWith({ data: base64(json(0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80)) });

      // Act
      const payload = kinesisSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ a: '\u00e9\ud83d\ude00' });
    });

    for (const [label, data] of [
      ['non-string data', 123],
      ['missing data', undefined],
    ] as const) {
      it(`rejects ${label}`, () => {
        // Prepare
        const record = recordWith({ data } as unknown as Partial<KinesisStreamRecord['kinesis']>);

        // Act
        const act = () => kinesisSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError);
      });
    }

    for (const [label, text] of [
      ['malformed JSON', '{"page":'],
      ['an empty text', ''],
      ['a JSON array', '[{"page":"/"}]'],
      ['a JSON string', '"/home"'],
      ['JSON null', 'null'],
      ['a JSON number', '7'],
    ] as const) {
      it(`rejects ${label} with RecordParseError`, () => {
        // Prepare
        const record = recordWith({ data: base64(text) });

        // Act
        const act = () => kinesisSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
      });
    }

    it('rejects a payload with a constructor.prototype path and pollutes nothing', () => {
      // Prepare
      const record = recordWith({ data: base64('{"constructor":{"prototype":{"polluted":true}}}') });

      // Act
      const act = () => kinesisSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('decodeBase64Utf8', () => {
    it('round-trips any text through base64', () => {
      // Prepare
      const texts = ['', 'a', 'ab', 'abc', 'abcd', '\u00e9\u4e2d\ud83d\ude00'];

      // Act
      const decoded = texts.map((text) => decodeBase64Utf8(base64(text)));

      // Assess
      expect(decoded).to.deep.equal(texts);
    });
  });

  describe('orderingKey', () => {
    it('is the partition key', () => {
      // Prepare
      const record = recordWith({ partitionKey: 'user-1' });

      // Act
      const key = kinesisSource.orderingKey(record);

      // Assess
      expect(key).to.equal('user-1');
    });

    it('is undefined for an empty partition key', () => {
      // Prepare
      const record = recordWith({ partitionKey: '' });

      // Act
      const key = kinesisSource.orderingKey(record);

      // Assess
      expect(key).to.equal(undefined);
    });
  });

  describe('describe', () => {
    it('adds no SQS fields to the record context', () => {
      // Prepare
      const record = recordWith({});
      const context: RecordContext = {
        eventType: EventType.KinesisDataStreams,
        index: 0,
        itemIdentifier: undefined,
        lambdaContext: undefined,
        signal: new AbortController().signal,
      };
      const before = { ...context };

      // Act
      kinesisSource.describe(record, context);

      // Assess
      expect(context).to.deep.equal(before);
      expect(context).to.not.have.any.keys('attempt', 'messageGroupId');
    });
  });
});
