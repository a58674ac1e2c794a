// The model and the checks of the property tests: what a run must produce, whatever API ran it.

import {
  type BatchRecord,
  EventType,
  NonErrorThrownError,
  type OnErrorPolicy,
  type PartialBatchResponse,
  RecordParseError,
  RecordValidationError,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  StreamShortCircuitError,
} from 'batchkit';
import { expect } from 'chai';
import fc from 'fast-check';
import { failsWhenRun, type RecordSpec, Script, type SourceCase } from './batches.js';

/** What a run produced, gathered from whichever API ran it. */
export interface Observed {
  /** Successes in the order the API lists them, with their results. */
  successes: { index: number; result: unknown }[];
  /** Failures in the order the API lists them. */
  failures: { index: number; error: Error; retryable?: boolean }[];
  /** Indexes of the settle hooks called (onSuccess/onFailure, or successHandler/failureHandler). */
  hookCalls: number[];
  response: PartialBatchResponse;
}

export type Status = 'success' | 'failed' | 'skipped';

/** The model: which records succeed, fail when run, or are skipped, for a sequential run (or any deterministic one). */
export function expectedStatuses(
  specs: readonly RecordSpec[],
  keys: readonly (string | undefined)[],
  policy: OnErrorPolicy,
): Status[] {
  let stopped = false;
  const failedKeys = new Set<string>();
  return specs.map((spec, i) => {
    const key = keys[i];
    if (policy === 'stop' && stopped) return 'skipped';
    if (policy === 'skip-group' && key !== undefined && failedKeys.has(key)) return 'skipped';
    if (!failsWhenRun(spec)) return 'success';
    stopped = true;
    if (key !== undefined) failedKeys.add(key);
    return 'failed';
  });
}

/** The statuses a run actually produced. */
export function observedStatuses(observed: Observed, n: number): Status[] {
  const statuses = new Array<Status>(n).fill('success');
  for (const failure of observed.failures) {
    statuses[failure.index] = failure.error instanceof ShortCircuitError ? 'skipped' : 'failed';
  }
  return statuses;
}

/** Checks that the error of a failed (run) record is what its behaviour produced. */
function expectRunError(spec: RecordSpec, thrown: unknown, failure: Observed['failures'][number]): void {
  const { behaviour } = spec;
  const { error } = failure;
  if (behaviour.kind === 'throw') {
    if (thrown instanceof Error) expect(error).to.equal(thrown);
    else {
      expect(error).to.be.instanceOf(NonErrorThrownError);
      expect((error as NonErrorThrownError).code).to.equal('NON_ERROR_THROWN');
      expect(Object.is(error.cause, thrown), 'cause is the thrown value').to.equal(true);
    }
    if (failure.retryable !== undefined) expect(failure.retryable).to.equal(true);
    return;
  }
  if (behaviour.kind === 'invalid') {
    if (behaviour.invalid === 'validation') {
      expect(error).to.be.instanceOf(RecordValidationError);
      expect((error as RecordValidationError).code).to.equal('RECORD_VALIDATION_FAILED');
    } else {
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
    }
    if (failure.retryable !== undefined) expect(failure.retryable).to.equal(false);
    return;
  }
  expect.fail(`record ${failure.index} should have succeeded when run, but failed with ${error.name}`);
}

/** Checks a skipped record's error against the policy and the earlier failure that caused it. */
function expectSkipError(
  source: SourceCase,
  error: Error,
  index: number,
  ids: readonly string[],
  keys: readonly (string | undefined)[],
  statuses: readonly Status[],
  policy: OnErrorPolicy,
  deterministic: boolean,
): void {
  expect(policy, `record ${index} skipped under onError 'continue'`).to.not.equal('continue');
  const skip = error as ShortCircuitError;
  expect(skip.retryable).to.equal(true);
  const cause = ids.indexOf(skip.failedItemIdentifier as string);
  // Sequentially the cause is an earlier record; with records in flight under 'stop' it may be a later one.
  expect(cause, 'the skip names a failed record').to.be.within(0, deterministic ? index - 1 : ids.length - 1);
  expect(statuses[cause]).to.equal('failed');
  const grouped = policy === 'skip-group' && keys[index] !== undefined;
  if (grouped) expect(keys[cause]).to.equal(keys[index]);
  if (source.eventType === EventType.SQS) {
    if (grouped) {
      expect(skip).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
      expect(skip.code).to.equal('FIFO_GROUP_SHORT_CIRCUIT');
      expect((skip as SqsFifoMessageGroupShortCircuitError).messageGroupId).to.equal(keys[index]);
    } else {
      expect(skip).to.be.instanceOf(SqsFifoShortCircuitError);
      expect(skip.code).to.equal('FIFO_SHORT_CIRCUIT');
    }
  } else {
    expect(skip).to.be.instanceOf(StreamShortCircuitError);
    expect(skip.code).to.equal('STREAM_SHORT_CIRCUIT');
    expect((skip as StreamShortCircuitError).orderingKey).to.equal(grouped ? keys[index] : undefined);
  }
}

/** Everything a run must satisfy, whatever the API, policy and concurrency. */
export interface RunCheck {
  source: SourceCase;
  script: Script;
  records: readonly BatchRecord[];
  observed: Observed;
  policy: OnErrorPolicy;
  /** Whether the statuses follow from the behaviours alone (sequential, or a policy that needs no timing). */
  deterministic: boolean;
}

/** Asserts the invariants: one outcome per record, errors as produced, identifiers exactly the failed ones in order. */
export function assessRun({ source, script, records, observed, policy, deterministic }: RunCheck): void {
  const n = records.length;
  const ids = records.map((record) => source.identifier(record));
  const keys = script.specs.map((spec) => source.orderingKey(spec));
  const all = Array.from({ length: n }, (_, i) => i);

  // every record ends in exactly one outcome, each list in input order
  const successIndexes = observed.successes.map((s) => s.index);
  const failureIndexes = observed.failures.map((f) => f.index);
  expect([...successIndexes, ...failureIndexes].sort((a, b) => a - b)).to.deep.equal(all);
  expect(successIndexes).to.deep.equal([...successIndexes].sort((a, b) => a - b));
  expect(failureIndexes).to.deep.equal([...failureIndexes].sort((a, b) => a - b));
  expect(
    [...observed.hookCalls].sort((a, b) => a - b),
    'one settle hook call per record',
  ).to.deep.equal(all);

  // the handler ran at most once per record, never on an invalid payload, and saw the right DTO
  expect(script.violations).to.deep.equal([]);
  expect(new Set(script.calls).size, 'no record ran twice').to.equal(script.calls.length);

  const statuses = observedStatuses(observed, n);
  const called = new Set(script.calls);
  for (const success of observed.successes) {
    expect(script.specs[success.index]?.behaviour.kind).to.equal('ok');
    expect(called.has(success.index)).to.equal(true);
    expect(success.result).to.equal(Script.resultOf(success.index));
  }
  for (const failure of observed.failures) {
    const spec = script.specs[failure.index] as RecordSpec;
    if (statuses[failure.index] === 'skipped') {
      expect(called.has(failure.index), `skipped record ${failure.index} must not run`).to.equal(false);
      expectSkipError(source, failure.error, failure.index, ids, keys, statuses, policy, deterministic);
    } else {
      expect(called.has(failure.index)).to.equal(spec.behaviour.kind === 'throw');
      expectRunError(spec, script.thrown[failure.index], failure);
    }
  }

  // the model, where timing cannot change the result
  if (deterministic) expect(statuses).to.deep.equal(expectedStatuses(script.specs, keys, policy));

  // the response names exactly the failed records, in input order
  expect(observed.response).to.deep.equal({ batchItemFailures: failureIndexes.map((i) => ({ itemIdentifier: ids[i] })) });
}

/** Scheduling options for a run: a policy and a concurrency, and whether the model can predict the statuses. */
export interface Scheduling {
  onError: OnErrorPolicy | undefined;
  concurrency: number | undefined;
}

/** Random scheduling: any policy (or the source's default) at concurrency 1..6. */
export const schedulingArb: fc.Arbitrary<Scheduling> = fc.record({
  onError: fc.constantFrom<OnErrorPolicy | undefined>(undefined, 'continue', 'skip-group', 'stop'),
  concurrency: fc.constantFrom<number | undefined>(undefined, 1, 2, 6),
});

/** The policy in force and whether the statuses are predictable: 'stop' with records in flight is timing-dependent. */
export function resolvePolicy(source: SourceCase, scheduling: Scheduling): { policy: OnErrorPolicy; deterministic: boolean } {
  const policy = scheduling.onError ?? source.defaultPolicy;
  return { policy, deterministic: policy !== 'stop' || (scheduling.concurrency ?? 1) === 1 };
}

/** Only the scheduling options that are set, so defaults stay defaults. */
export function schedulingOptions(scheduling: Scheduling): { onError?: OnErrorPolicy; concurrency?: number } {
  return {
    ...(scheduling.onError === undefined ? {} : { onError: scheduling.onError }),
    ...(scheduling.concurrency === undefined ? {} : { concurrency: scheduling.concurrency }),
  };
}
