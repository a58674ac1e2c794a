import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sqsEvent } from '../testing/sqs.js';
import { dynamodbStreamEvent, kinesisEvent } from '../testing/streams.js';
import { type ParsedArgs, positiveInt, stringFlag, UsageError } from './args.js';

export const EVENT_KINDS = ['sqs', 'sqs-fifo', 'kinesis', 'dynamodb'] as const;
/** The kinds where `--group` means something: the FIFO message group, the Kinesis partition key. */
const GROUPED_KINDS = ['sqs-fifo', 'kinesis'] as const;

/** `batchkit event <kind>`: an event built with the testing helpers, as JSON. */
export function buildEvent(args: ParsedArgs, cwd: string): unknown {
  const kind = args.positional[1];
  if (!EVENT_KINDS.includes(kind as (typeof EVENT_KINDS)[number])) {
    throw new UsageError(`batchkit event needs one of: ${EVENT_KINDS.join(', ')}.`);
  }
  const count = positiveInt(args, 'count', 3);
  const template = bodyOf(args, cwd);
  const bodies = Array.from({ length: count }, (_, i) => template ?? { id: `item-${i + 1}`, quantity: i + 1 });
  const group = stringFlag(args, 'group');
  if (group !== undefined && !GROUPED_KINDS.includes(kind as (typeof GROUPED_KINDS)[number])) {
    throw new UsageError(`--group applies to ${GROUPED_KINDS.join(' and ')} events only, not ${kind}.`);
  }
  switch (kind) {
    case 'sqs':
      return sqsEvent(bodies);
    case 'sqs-fifo':
      return sqsEvent(bodies, { fifo: true, ...(group === undefined ? {} : { groupId: group }) });
    case 'kinesis':
      return kinesisEvent(bodies, group === undefined ? {} : { partitionKey: group });
    default:
      return dynamodbStreamEvent(
        bodies.map((body, i) => {
          const image = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { value: body };
          const pk = typeof image.pk === 'string' ? image.pk : `item#${i + 1}`;
          return { eventName: 'INSERT' as const, keys: { pk }, newImage: { pk, ...image } };
        }),
      );
  }
}

function bodyOf(args: ParsedArgs, cwd: string): unknown {
  const inline = stringFlag(args, 'body');
  const file = stringFlag(args, 'body-file');
  if (inline !== undefined && file !== undefined) throw new UsageError('Give --body or --body-file, not both.');
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
