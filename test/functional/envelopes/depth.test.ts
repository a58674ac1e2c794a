import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { BatchProcessor, type BatchRecord, EventType, processPartialResponse, RecordParseError, silentLogger } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, ValidateNested } from 'class-validator';
import { DEFAULT_MAX_DEPTH } from '../../../src/sources/limits.js';
import { idOf } from '../../support/records';

/** A DTO that nests itself through a single child: one JSON level per object. */
class Level {
  @IsInt() n!: number;
  @IsOptional() @ValidateNested() @Type(() => Level) next?: Level;
}

/** A DTO that nests itself through an array of children: two JSON levels per object. */
class TreeNode {
  @IsInt() n!: number;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
}

/** `{ n, next: { n, next: ... } }`, `depth` objects deep. */
function chain(depth: number): Record<string, unknown> {
  let payload: Record<string, unknown> = { n: depth };
  for (let level = depth - 1; level >= 1; level--) payload = { n: level, next: payload };
  return payload;
}

/** `{ n, children: [{ n, children: [...] }] }`, objects and arrays in turn, `depth` levels in all. */
function tree(depth: number): Record<string, unknown> {
  let payload: Record<string, unknown> = depth % 2 === 0 ? { n: 0, children: [] } : { n: 0 };
  for (let level = depth % 2 === 0 ? depth - 2 : depth - 1; level >= 1; level -= 2) payload = { n: level, children: [payload] };
  return payload;
}

/** How many JSON levels the DTO spans, failing when any object on the way is not an instance of `dto`. */
function dtoLevels(value: unknown, dto: typeof Level | typeof TreeNode): number {
  let levels = 0;
  for (let node: unknown = value; node !== undefined; ) {
    if (Array.isArray(node)) {
      levels++;
      node = node[0];
      continue;
    }
    expect(node).to.be.instanceOf(dto);
    levels++;
    node = (node as Level).next ?? (node as TreeNode).children;
  }
  return levels;
}

type Streamed = SQSRecord | KinesisStreamRecord | DynamoDBRecord;

const SHAPES = [
  ['a chain of objects', Level, chain],
  ['objects and arrays in turn', TreeNode, tree],
] as const;

/** One event per source, holding a payload at the limit and one a level deeper. */
const SOURCES: [string, EventType, (payloads: Record<string, unknown>[]) => { Records: BatchRecord[] }, ('sns' | undefined)?][] =
  [
    ['SQS', EventType.SQS, (payloads) => sqsEvent(payloads)],
    ['Kinesis', EventType.KinesisDataStreams, (payloads) => kinesisEvent(payloads)],
    [
      'DynamoDB Streams',
      EventType.DynamoDBStreams,
      (payloads) =>
        dynamodbStreamEvent(payloads.map((newImage, i) => ({ eventName: 'INSERT', keys: { pk: `u#${i}` }, newImage }))),
    ],
    [
      'SNS -> SQS',
      EventType.SQS,
      (payloads) =>
        sqsEvent(
          payloads.map((payload) => ({
            Type: 'Notification',
            TopicArn: 'arn:aws:sns:us-east-1:1:t',
            Message: JSON.stringify(payload),
          })),
        ),
      'sns',
    ],
  ];

describe(`payload depth: the default limit (${DEFAULT_MAX_DEPTH} levels) is the same for every source`, () => {
  for (const [source, eventType, eventOf, envelope] of SOURCES) {
    for (const [shape, dto, payloadOf] of SHAPES) {
      it(`${source}, ${shape}: ${DEFAULT_MAX_DEPTH} levels become a validated DTO, ${DEFAULT_MAX_DEPTH + 1} fail that record alone, not retryable`, async () => {
        // Prepare
        const processor = new BatchProcessor(eventType, { dto, logger: silentLogger, ...(envelope ? { envelope } : {}) });
        const event = eventOf([payloadOf(DEFAULT_MAX_DEPTH), payloadOf(DEFAULT_MAX_DEPTH + 1)]);
        const levels: number[] = [];

        // Act
        const response = await processPartialResponse(
          event,
          (value: Level | TreeNode) => levels.push(dtoLevels(value, dto)),
          processor,
        );

        // Assess
        expect(levels).to.deep.equal([DEFAULT_MAX_DEPTH]);
        expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: idOf(event.Records[1] as Streamed) }] });
        expect(processor.errors.map((error) => error.constructor)).to.deep.equal([RecordParseError]);
        expect((processor.errors[0] as RecordParseError).retryable).to.equal(false);
      });
    }
  }
});

describe('payload depth: a DynamoDB image far deeper than the stack allows', () => {
  it('fails that record alone with a non-retryable RecordParseError, never a RangeError', async () => {
    // Prepare
    let deep: AttributeValue = { N: '1' };
    for (let level = 0; level < 100_000; level++) deep = { M: { next: deep } };
    const event = dynamodbStreamEvent([
      { eventName: 'INSERT', keys: { pk: 'u#0' }, newImage: { n: 0 } },
      { eventName: 'INSERT', keys: { pk: 'u#1' }, newImage: { n: 1 } },
    ]);
    const image = event.Records[1]?.dynamodb as { NewImage: Record<string, AttributeValue> };
    image.NewImage = { n: { N: '1' }, next: deep };
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { dto: Level, logger: silentLogger });
    const handled: number[] = [];

    // Act
    const response = await processPartialResponse(event, (level: Level) => handled.push(level.n), processor);

    // Assess
    expect(handled).to.deep.equal([0]);
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: idOf(event.Records[1] as Streamed) }] });
    expect(processor.errors.map((error) => error.constructor)).to.deep.equal([RecordParseError]);
    expect((processor.errors[0] as RecordParseError).retryable).to.equal(false);
  });
});
