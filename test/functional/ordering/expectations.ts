// What the ordering suite expects of a run, and how it checks what a front door saw against it.
import {
  type BatchRecord,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  StreamShortCircuitError,
} from 'batchkit';
import { expect } from 'chai';
import { idOf } from '../../support/records';
import { failuresOf } from '../../support/responses';
import type { Seen } from './support';

/** The error the suite's record handlers throw. */
export class Boom extends Error {}

/** How a skipped record fails: its error class and code, the record whose failure skipped it, and whether by group. */
export interface Skip {
  error: typeof ShortCircuitError;
  code: string;
  after: number;
  grouped: boolean;
}

/** SQS: skipped because record `after` failed (FIFO, or `onError: 'stop'`). */
export const fifoSkip = (after: number): Skip => ({
  error: SqsFifoShortCircuitError,
  code: 'FIFO_SHORT_CIRCUIT',
  after,
  grouped: false,
});
/** SQS FIFO: skipped because record `after` of the same message group failed. */
export const groupSkip = (after: number): Skip => ({
  ...fifoSkip(after),
  error: SqsFifoMessageGroupShortCircuitError,
  code: 'FIFO_GROUP_SHORT_CIRCUIT',
  grouped: true,
});
/** Kinesis / DynamoDB Streams: skipped because record `after` failed. */
export const streamSkip = (after: number): Skip => ({
  error: StreamShortCircuitError,
  code: 'STREAM_SHORT_CIRCUIT',
  after,
  grouped: false,
});
/** Kinesis / DynamoDB Streams, `'skip-group'`: skipped because record `after` with the same ordering key failed. */
export const keySkip = (after: number): Skip => ({ ...streamSkip(after), grouped: true });

/** What must happen: the records that ran (in order), those in `batchItemFailures`, and how the others were skipped. */
export interface Expected {
  ran: number[];
  response: number[];
  skipped?: Record<number, Skip>;
  /** Every record failed: the call throws `FullBatchFailureError` (its `response` is `response`). */
  throws?: boolean;
}

/** The ordering group of a record: its message group, partition key or item keys (canonical: sorted names). */
function groupOf(record: BatchRecord): string | undefined {
  if ('messageId' in record) return record.attributes.MessageGroupId;
  if ('kinesis' in record) return record.kinesis.partitionKey;
  const keys = record.dynamodb?.Keys ?? {};
  return JSON.stringify(
    Object.keys(keys)
      .sort()
      .map((name) => [name, keys[name]]),
  );
}

/** What a failure's error says: class, code, the record whose failure skipped it, the group skipped. */
function errorView(error: Error) {
  const { code, failedItemIdentifier } = error as Partial<ShortCircuitError>;
  const group = (error as { messageGroupId?: string }).messageGroupId ?? (error as { orderingKey?: string }).orderingKey;
  return { error: error.constructor.name, code, after: failedItemIdentifier, group };
}

/** The error view expected for record `index`: the handler's own error, or its skip. */
function expectedView(expected: Expected, records: BatchRecord[], index: number) {
  const skip = expected.skipped?.[index];
  if (skip === undefined) return { error: Boom.name, code: undefined, after: undefined, group: undefined };
  const cause = records[skip.after] as BatchRecord;
  return { error: skip.error.name, code: skip.code, after: idOf(cause), group: skip.grouped ? groupOf(cause) : undefined };
}

/**
 * Checks what a front door saw of `records` (whose handlers started in the order `ran`) against `expected`. Every list
 * is in input order, except, when records `overlapped` (concurrency), those of the processor extension points.
 */
export function assess(expected: Expected, records: BatchRecord[], ran: number[], seen: Seen, overlapped = false): void {
  const failed = new Set(expected.response);
  const views = expected.response.map((index) => ({ index, ...expectedView(expected, records, index) }));
  const byIndex =
    overlapped && seen.settleOrder
      ? <T extends { index: number }>(list: T[]) => list.sort((a, b) => a.index - b.index)
      : <T>(list: T[]) => list;
  expect(seen.response).to.deep.equal(failuresOf(...expected.response.map((i) => idOf(records[i] as BatchRecord))));
  expect(ran).to.deep.equal(expected.ran);
  const succeeded = [...expected.ran].sort((a, b) => a - b).filter((index) => !failed.has(index));
  expect(byIndex(seen.successes.map(({ record }) => ({ index: records.indexOf(record) })))).to.deep.equal(
    succeeded.map((index) => ({ index })),
  );
  // the failure hooks or fields: every failed record (the very object), with its error
  const reported = seen.failures.map(({ record, error }) => ({ index: records.indexOf(record), ...errorView(error) }));
  expect(byIndex(reported)).to.deep.equal(views);
  for (const { record, index } of [...seen.successes, ...seen.failures]) {
    if (index !== undefined) expect(index, 'the index reported').to.equal(records.indexOf(record));
  }
  if (seen.outcome !== undefined) {
    const { successes, failures } = seen.outcome;
    expect(successes.map(({ record, index }) => ({ record, index }))).to.deep.equal(seen.successes);
    expect(failures.map(({ record, index, error, retryable }) => ({ record, index, error, retryable }))).to.deep.equal(
      seen.failures,
    );
  }
  for (const { record, error, retryable } of seen.failures) {
    const skip = expected.skipped?.[records.indexOf(record)];
    expect(error).to.be.instanceOf(skip?.error ?? Boom);
    if (skip !== undefined) expect(error).to.be.instanceOf(ShortCircuitError).and.to.include({ retryable: true });
    if (retryable !== undefined) expect(retryable, 'RecordFailure.retryable').to.equal(true);
  }
  if (expected.throws) {
    expect(seen.fullBatchFailure?.recordErrors.map(errorView)).to.deep.equal(views.map(({ index, ...view }) => view));
  } else {
    expect(seen.fullBatchFailure).to.equal(undefined);
  }
  if (seen.results !== undefined) {
    // one tuple per record, in input order: ['success', result, record] or ['fail', its error's message, record]
    const messageOf = (record: BatchRecord) => seen.failures.find((failure) => failure.record === record)?.error.message;
    const tuples = records.map((record, i) => (failed.has(i) ? ['fail', messageOf(record), i] : ['success', undefined, i]));
    expect(seen.results.map(([status, value, record]) => [status, value, records.indexOf(record)])).to.deep.equal(tuples);
  }
}
