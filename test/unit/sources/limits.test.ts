import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { InvalidOptionError, RecordParseError } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { dynamodbSource } from '../../../src/sources/dynamodb.js';
import { kinesisSource } from '../../../src/sources/kinesis.js';
import { checkMaxDepth, DEFAULT_MAX_DEPTH, maxDepthOf, type PayloadLimits } from '../../../src/sources/limits.js';
import { sqsSource } from '../../../src/sources/sqs.js';
import { thrownBy } from '../../support/errors';

/** A payload nesting `depth` objects (the payload itself is level 1), as JSON text. */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{"leaf":true}${'}'.repeat(depth - 1)}`;
}

/** A DynamoDB image `depth` levels deep: the image (level 1), then M and L in turn. */
function nestedImage(depth: number): Record<string, AttributeValue> {
  let value: AttributeValue = { M: { leaf: { BOOL: true } } };
  for (let level = depth - 1; level > 1; level--) value = level % 2 === 0 ? { L: [value] } : { M: { a: value } };
  return depth === 1 ? { leaf: { BOOL: true } } : { a: value };
}

function sqsWith(depth: number): SQSRecord {
  return sqsRecord(nestedJson(depth));
}

function kinesisWith(depth: number): KinesisStreamRecord {
  return kinesisEvent([nestedJson(depth)]).Records[0] as KinesisStreamRecord;
}

function dynamodbWith(depth: number): DynamoDBRecord {
  const record = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' } }]).Records[0] as DynamoDBRecord;
  return { ...record, dynamodb: { ...record.dynamodb, NewImage: nestedImage(depth) } };
}

/** Each source's payload of a record nested `depth` levels deep, under `limits`. */
const SOURCES: [string, (depth: number, limits?: PayloadLimits) => unknown][] = [
  ['an SQS body', (depth, limits) => sqsSource.payload(sqsWith(depth), limits)],
  ['Kinesis data', (depth, limits) => kinesisSource.payload(kinesisWith(depth), limits)],
  ['a DynamoDB image', (depth, limits) => dynamodbSource.payload(dynamodbWith(depth), limits)],
];

/** How many levels a decoded payload has: objects, arrays and sets, not bytes (the payload is level 1). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, level] = entry;
    if (typeof node !== 'object' || node === null || node instanceof Uint8Array) continue;
    deepest = Math.max(deepest, level);
    const children = node instanceof Set || Array.isArray(node) ? [...node] : Object.values(node);
    for (const child of children) stack.push([child, level + 1]);
  }
  return deepest;
}

describe('sources: the payload depth limit', () => {
  for (const [label, payloadAt] of SOURCES) {
    describe(label, () => {
      for (const [limitLabel, limits, limit] of [
        ['the default', undefined, DEFAULT_MAX_DEPTH],
        ['limits without maxDepth', {}, DEFAULT_MAX_DEPTH],
        ['maxDepth 3', { maxDepth: 3 }, 3],
        ['maxDepth 1', { maxDepth: 1 }, 1],
        ['maxDepth 2,000', { maxDepth: 2_000 }, 2_000],
      ] as [string, PayloadLimits | undefined, number][]) {
        it(`passes a payload exactly at ${limitLabel} (${limit} levels)`, () => {
          // Act
          const payload = payloadAt(limit, limits);

          // Assess
          expect(depthOf(payload)).to.equal(limit);
        });

        it(`fails a payload one level deeper than ${limitLabel} with a non-retryable RecordParseError`, () => {
          // Act
          const error = thrownBy(() => payloadAt(limit + 1, limits));

          // Assess
          expect(error).to.be.instanceOf(RecordParseError);
          expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
          expect((error as RecordParseError).retryable).to.equal(false);
        });
      }

      it('fails a payload nested 100,000 levels with RecordParseError, never a RangeError', () => {
        // Act
        const error = thrownBy(() => payloadAt(100_000));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
        expect((error as RecordParseError).retryable).to.equal(false);
      });
    });
  }

  describe('DynamoDB sets count as a level, like arrays', () => {
    for (const [label, set] of [
      ['SS', { SS: ['a'] }],
      ['NS', { NS: ['1'] }],
      ['BS', { BS: ['AQ=='] }],
    ] as [string, AttributeValue][]) {
      it(`counts a set (${label}) inside a map: 3 levels pass maxDepth 3, fail maxDepth 2`, () => {
        // Prepare
        const record = dynamodbWith(1);
        const deep = { ...record, dynamodb: { ...record.dynamodb, NewImage: { m: { M: { s: set } } } } };

        // Act
        const payload = dynamodbSource.payload(deep, { maxDepth: 3 });
        const error = thrownBy(() => dynamodbSource.payload(deep, { maxDepth: 2 }));

        // Assess
        expect(depthOf(payload)).to.equal(3);
        expect(error).to.be.instanceOf(RecordParseError);
      });
    }
  });

  describe('checkMaxDepth and maxDepthOf', () => {
    for (const value of [undefined, 1, 500, 10_000]) {
      it(`accepts ${value}`, () => {
        // Act
        const act = () => checkMaxDepth(value);

        // Assess
        expect(act).to.not.throw();
      });
    }

    for (const value of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '500', null]) {
      it(`refuses ${String(value)} with InvalidOptionError`, () => {
        // Act
        const error = thrownBy(() => checkMaxDepth(value));

        // Assess
        expect(error).to.be.instanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
      });
    }

    it('gives the configured limit, else the default', () => {
      // Act
      const limits = [maxDepthOf(undefined), maxDepthOf({}), maxDepthOf({ maxDepth: undefined }), maxDepthOf({ maxDepth: 7 })];

      // Assess
      expect(limits).to.deep.equal([DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH, 7]);
    });
  });
});
