import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sqsEvent } from '../testing/sqs.js';
import { type DynamoDBChange, dynamodbStreamEvent, kinesisEvent } from '../testing/streams.js';
import { type ParsedArgs, stringValue, UsageError, wholeNumber } from './args.js';

export const EVENT_KINDS = ['sqs', 'sqs-fifo', 'kinesis', 'dynamodb'] as const;
/** The kinds where `--group` means something: the FIFO message group, the Kinesis partition key. */
const GROUPED_KINDS = ['sqs-fifo', 'kinesis'] as const;
/** The most records `--count` gives: the largest batch Lambda delivers (SQS, Kinesis and DynamoDB `BatchSize`). */
export const MAX_EVENT_RECORDS = 10_000;

/** `batchkit event <kind>`: an event built with the testing helpers, as JSON. */
export function buildEvent(args: ParsedArgs, cwd: string): unknown {
  const [kind, ...extra] = args.positional;
  if (!EVENT_KINDS.includes(kind as (typeof EVENT_KINDS)[number])) {
    throw new UsageError(`batchkit event needs one of: ${EVENT_KINDS.join(', ')}.`, { syntax: true });
  }
  if (extra.length > 0) throw new UsageError(`batchkit event takes one kind, not also ${extra.join(' ')}.`, { syntax: true });
  const count = wholeNumber(args, 'count', { fallback: 3, max: MAX_EVENT_RECORDS, why: 'the largest batch Lambda delivers' });
  const group = stringValue(args, 'group');
  if (group !== undefined && !GROUPED_KINDS.includes(kind as (typeof GROUPED_KINDS)[number])) {
    throw new UsageError(`--group applies to ${GROUPED_KINDS.join(' and ')} events only, not ${kind}.`, { syntax: true });
  }
  const template = bodyOf(args, cwd);
  const bodies = Array.from({ length: count }, (_, i) => template ?? { id: `item-${i + 1}`, quantity: i + 1 });
  switch (kind) {
    case 'sqs':
      return sqsEvent(bodies);
    case 'sqs-fifo':
      return sqsEvent(bodies, { fifo: true, ...(group === undefined ? {} : { groupId: group }) });
    case 'kinesis':
      return kinesisEvent(bodies, group === undefined ? {} : { partitionKey: group });
    default:
      return dynamodbStreamEvent(bodies.map(insertOf));
  }
}

/**
 * An `INSERT` of the body into a table whose key is `pk`. As in DynamoDB, `Keys` holds the item's own key
 * attribute: the body's `pk` (a string or a number) when it has one, else `item#1`, `item#2`, ... added to the item.
 */
function insertOf(body: unknown, index: number): DynamoDBChange {
  const image =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : { value: body };
  const pk = Object.hasOwn(image, 'pk') ? keyValue(image.pk) : `item#${index + 1}`;
  return { eventName: 'INSERT', keys: { pk }, newImage: { pk, ...image } };
}

function keyValue(value: unknown): string | number {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new UsageError(
    `The body's pk is the item key, so it must be a non-empty string or a number (a DynamoDB key is S, N or B), not ${JSON.stringify(value)}.`,
  );
}

function bodyOf(args: ParsedArgs, cwd: string): unknown {
  const inline = stringValue(args, 'body');
  const file = stringValue(args, 'body-file');
  if (inline !== undefined && file !== undefined) throw new UsageError('Give --body or --body-file, not both.', { syntax: true });
  const text = inline ?? (file === undefined ? undefined : readText(resolve(cwd, file)));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('The body is not valid JSON.');
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
}
