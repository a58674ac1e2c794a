// The random batches of the property tests: record behaviours, the events built from them with the testing kit,
// and the per-run script that plays each record's behaviour and logs what the handler saw.
// No DTO or handler classes and no mutable module state live here: those are declared in each test.
import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { type BasePartialProcessor, type BatchRecord, EventType, type OnErrorPolicy, type RecordContext } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import fc from 'fast-check';
import { canonicalKey } from '../../src/sources/dynamodb.js';
import { macrotask } from '../support/time';

/** What a thrown value is made of. */
export type ThrownKind = 'error' | 'type-error' | 'string' | 'null' | 'undefined' | 'number' | 'object';
/** How a payload is broken: unparsable, not an object (or holding a forbidden key), or failing validation. */
export type InvalidKind = 'syntax' | 'shape' | 'validation';

/** What one record does when it is run. `ticks` is how many macrotasks an async handler waits. */
export type Behaviour =
  | { kind: 'ok'; ticks: number | undefined }
  | { kind: 'throw'; ticks: number | undefined; thrown: ThrownKind }
  | { kind: 'invalid'; invalid: InvalidKind };

/** One record of a random batch: its behaviour and its ordering group (0..3). */
export interface RecordSpec {
  behaviour: Behaviour;
  group: number;
  /** DynamoDB: write the key attributes in the other order (the canonical key must not care). */
  flipKeys: boolean;
}

const ticks = fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined });
const thrownKind = fc.constantFrom<ThrownKind>('error', 'type-error', 'string', 'null', 'undefined', 'number', 'object');

/** A record behaviour; `invalid` payloads only when the API parses payloads (a DTO), sync only when asked. */
export function behaviourArb(options: { invalid: boolean; syncOnly?: boolean }): fc.Arbitrary<Behaviour> {
  const when = options.syncOnly === true ? fc.constant(undefined) : ticks;
  const ok = when.map((t): Behaviour => ({ kind: 'ok', ticks: t }));
  const thrown = fc.tuple(when, thrownKind).map(([t, k]): Behaviour => ({ kind: 'throw', ticks: t, thrown: k }));
  const invalid = fc
    .constantFrom<InvalidKind>('syntax', 'shape', 'validation')
    .map((k): Behaviour => ({ kind: 'invalid', invalid: k }));
  return options.invalid
    ? fc.oneof({ arbitrary: ok, weight: 3 }, { arbitrary: thrown, weight: 2 }, { arbitrary: invalid, weight: 1 })
    : fc.oneof({ arbitrary: ok, weight: 3 }, { arbitrary: thrown, weight: 2 });
}

/** A failing behaviour, for batches where every record fails. */
export function failingBehaviourArb(options: { invalid: boolean; syncOnly?: boolean }): fc.Arbitrary<Behaviour> {
  return behaviourArb(options).filter((b) => b.kind !== 'ok');
}

/** A random batch of 0..60 records, sometimes one where every record fails. */
export function batchArb(options: { invalid: boolean; syncOnly?: boolean; groups?: number }): fc.Arbitrary<RecordSpec[]> {
  const spec = (behaviour: fc.Arbitrary<Behaviour>) =>
    fc.record({ behaviour, group: fc.integer({ min: 0, max: (options.groups ?? 4) - 1 }), flipKeys: fc.boolean() });
  return fc.oneof(
    { arbitrary: fc.array(spec(behaviourArb(options)), { maxLength: 60, size: 'max' }), weight: 4 },
    { arbitrary: fc.array(spec(failingBehaviourArb(options)), { minLength: 1, maxLength: 60, size: 'max' }), weight: 1 },
  );
}

/** Whether the record fails when it runs. */
export const failsWhenRun = (spec: RecordSpec) => spec.behaviour.kind !== 'ok';

/** The payload each record carries: `{ i }` is valid for the tests' `ItemDto` (`@IsInt() @Min(0) i`). */
function payloadOf(spec: RecordSpec, index: number): Record<string, unknown> {
  return spec.behaviour.kind === 'invalid' && spec.behaviour.invalid === 'validation'
    ? { i: `not-a-number-${index}` }
    : { i: index };
}

/** One event source under test: how to build its events and what the engine should key and default on. */
export interface SourceCase {
  name: string;
  eventType: EventType;
  build(specs: readonly RecordSpec[]): { Records: BatchRecord[] };
  identifier(record: BatchRecord): string;
  /** The ordering key the engine should derive for the record (`undefined`: no group). */
  orderingKey(spec: RecordSpec): string | undefined;
  /** The `onError` policy the engine uses when none is given. */
  defaultPolicy: OnErrorPolicy;
}

const sqsStandard: SourceCase = {
  name: 'SQS',
  eventType: EventType.SQS,
  build: (specs) => ({
    Records: specs.map((spec, i) => {
      const invalid = spec.behaviour.kind === 'invalid' ? spec.behaviour.invalid : undefined;
      if (invalid === 'syntax') return sqsRecord(`{"i":${i}`);
      if (invalid === 'shape') return sqsRecord(`[${i}]`);
      return sqsRecord(payloadOf(spec, i));
    }),
  }),
  identifier: (record) => (record as SQSRecord).messageId,
  orderingKey: () => undefined,
  defaultPolicy: 'continue',
};

const kinesis: SourceCase = {
  name: 'Kinesis',
  eventType: EventType.KinesisDataStreams,
  build: (specs) => {
    const payloads = specs.map((spec, i) =>
      spec.behaviour.kind === 'invalid' && spec.behaviour.invalid === 'shape' ? `"text-${i}"` : payloadOf(spec, i),
    );
    const event = kinesisEvent(payloads);
    event.Records.forEach((record, i) => {
      const spec = specs[i] as RecordSpec;
      record.kinesis.partitionKey = `partition-${spec.group}`;
      if (spec.behaviour.kind === 'invalid' && spec.behaviour.invalid === 'syntax') record.kinesis.data = `%%${i}%%`;
    });
    return event;
  },
  identifier: (record) => (record as KinesisStreamRecord).kinesis.sequenceNumber,
  orderingKey: (spec) => `partition-${spec.group}`,
  defaultPolicy: 'stop',
};

function dynamodbKeys(spec: RecordSpec): Record<string, unknown> {
  const pk = `item-${spec.group}`;
  return spec.flipKeys ? { sk: spec.group * 10, pk } : { pk, sk: spec.group * 10 };
}

const dynamodb: SourceCase = {
  name: 'DynamoDB',
  eventType: EventType.DynamoDBStreams,
  build: (specs) => {
    const event = dynamodbStreamEvent(
      specs.map((spec, i) => {
        const keys = dynamodbKeys(spec);
        const shape = spec.behaviour.kind === 'invalid' && spec.behaviour.invalid === 'shape';
        return {
          eventName: 'MODIFY',
          keys,
          newImage: { ...keys, ...payloadOf(spec, i), ...(shape ? { constructor: 'x' } : {}) },
        };
      }),
    );
    event.Records.forEach((record, i) => {
      const spec = specs[i] as RecordSpec;
      const stream = record.dynamodb as NonNullable<DynamoDBRecord['dynamodb']>;
      if (spec.behaviour.kind === 'invalid' && spec.behaviour.invalid === 'syntax') {
        stream.NewImage = { ...stream.NewImage, i: { X: String(i) } as unknown as AttributeValue };
      }
    });
    return event;
  },
  identifier: (record) => (record as DynamoDBRecord).dynamodb?.SequenceNumber as string,
  orderingKey: (spec) => {
    const keys = dynamodbKeys(spec);
    return canonicalKey({ pk: { S: keys.pk as string }, sk: { N: String(keys.sk) } });
  },
  defaultPolicy: 'stop',
};

/** The three sources, for `for (const source of SOURCES) it(...)`. */
export const SOURCES: readonly SourceCase[] = [sqsStandard, kinesis, dynamodb];

/** The queue of the FIFO batches. */
export const FIFO_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo';

/** SQS FIFO: every record on a `.fifo` queue, in message group `g<group>`. */
export const sqsFifo: SourceCase = {
  name: 'SQS FIFO',
  eventType: EventType.SQS,
  build: (specs) => ({
    Records: specs.map((spec, i) => {
      const overrides = { eventSourceARN: FIFO_QUEUE_ARN, attributes: { MessageGroupId: `g${spec.group}` } };
      const invalid = spec.behaviour.kind === 'invalid' ? spec.behaviour.invalid : undefined;
      if (invalid === 'syntax') return sqsRecord(`{"i":${i}`, overrides);
      if (invalid === 'shape') return sqsRecord(`[${i}]`, overrides);
      return sqsRecord(payloadOf(spec, i), overrides);
    }),
  }),
  identifier: (record) => (record as SQSRecord).messageId,
  orderingKey: (spec) => `g${spec.group}`,
  defaultPolicy: 'stop',
};

// biome-ignore lint/suspicious/noExplicitAny: mixin constructors take any arguments
type ProcessorClass = new (...args: any[]) => BasePartialProcessor;

/**
 * A processor class that logs its settle handlers (`successHandler`/`failureHandler`, the procedural hooks) and each
 * success's result. Each call makes a fresh class, so tests share nothing.
 */
export function withSettleLog<T extends ProcessorClass>(Base: T) {
  class SettleLogged extends Base {
    readonly hookCalls: number[] = [];
    readonly results = new Map<number, unknown>();

    override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
      if (context !== undefined) {
        this.hookCalls.push(context.index);
        this.results.set(context.index, result);
      }
      return super.successHandler(record, result, context);
    }

    override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
      if (context !== undefined) this.hookCalls.push(context.index);
      return super.failureHandler(record, error, context);
    }
  }
  return SettleLogged;
}

/** The value a `throw` behaviour throws, made once per run so identity can be checked. */
function makeThrown(kind: ThrownKind, index: number): unknown {
  switch (kind) {
    case 'error':
      return new Error(`boom-${index}`);
    case 'type-error':
      return new TypeError(`bad-${index}`);
    case 'string':
      return `boom-${index}`;
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'number':
      return index;
    case 'object':
      return { reason: index };
  }
}

/** One run of a random batch: plays each record's behaviour and logs what happened. */
export class Script {
  /** Handler invocations, by record index, in start order. */
  readonly calls: number[] = [];
  /** Start and end of every invocation, in time order. */
  readonly timeline: { index: number; edge: 'start' | 'end' }[] = [];
  /** Whatever the handler saw that it should not have (a wrong DTO, a call for an invalid payload). */
  readonly violations: string[] = [];
  readonly thrown: unknown[];

  constructor(readonly specs: readonly RecordSpec[]) {
    this.thrown = specs.map((spec, i) => (spec.behaviour.kind === 'throw' ? makeThrown(spec.behaviour.thrown, i) : undefined));
  }

  /** The success result the record at `index` returns. */
  static resultOf(index: number): string {
    return `result-${index}`;
  }

  /** Runs record `index`; `payload` is checked when a DTO class is given. */
  play(index: number, payload?: { dto: Function; value: unknown }): unknown {
    const spec = this.specs[index];
    this.calls.push(index);
    this.timeline.push({ index, edge: 'start' });
    if (spec === undefined) {
      this.violations.push(`called with unknown index ${index}`);
      return undefined;
    }
    if (payload !== undefined) {
      const { dto, value } = payload;
      if (!(value instanceof dto) || (value as { i?: unknown }).i !== index) this.violations.push(`record ${index}: wrong DTO`);
    }
    const behaviour = spec.behaviour;
    if (behaviour.kind === 'invalid') {
      this.violations.push(`record ${index}: handler ran on an invalid payload`);
      this.timeline.push({ index, edge: 'end' });
      return undefined;
    }
    const finish = (): unknown => {
      this.timeline.push({ index, edge: 'end' });
      if (behaviour.kind === 'throw') throw this.thrown[index];
      return Script.resultOf(index);
    };
    if (behaviour.ticks === undefined) return finish();
    return (async () => {
      for (let t = 0; t < (behaviour.ticks as number); t++) await macrotask();
      return finish();
    })();
  }
}
