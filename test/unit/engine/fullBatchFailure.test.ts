import { type BatchOutcome, EventType, FullBatchFailureError, type RecordFailure, type RecordSuccess } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { throwIfFullBatchFailed } from '../../../src/engine/fullBatch';
import { thrownBy } from '../../support/errors';

/** An outcome with these identifiers succeeded and failed, in this order; `handled` failures are left out of the response. */
function outcomeOf(succeeded: string[], failed: string[], handled: string[] = []): BatchOutcome {
  const record = sqsRecord({});
  const base = { record, eventType: EventType.SQS, index: 0 };
  const successes: RecordSuccess[] = succeeded.map((itemIdentifier) => ({ ...base, itemIdentifier, result: undefined }));
  const failures: RecordFailure[] = [...failed, ...handled].map((itemIdentifier) => ({
    ...base,
    itemIdentifier,
    error: new Error(itemIdentifier),
    retryable: true,
    ...(handled.includes(itemIdentifier) ? { handled: true } : {}),
  }));
  return { response: { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) }, successes, failures };
}

describe('engine: a fully failed batch', () => {
  it('throws FullBatchFailureError with every error and a copy of the response when every record failed', () => {
    // Prepare
    const outcome = outcomeOf([], ['a', 'b']);

    // Act
    const thrown = thrownBy(() => throwIfFullBatchFailed(outcome, {}));

    // Assess
    expect(thrown).to.be.instanceOf(FullBatchFailureError);
    const full = thrown as FullBatchFailureError;
    expect(full.code).to.equal('FULL_BATCH_FAILURE');
    expect(full.recordErrors).to.deep.equal(outcome.failures.map((f) => f.error));
    expect(full.response).to.deep.equal(outcome.response);
    expect(full.response).to.not.equal(outcome.response);
    expect(full.response.batchItemFailures[0]).to.not.equal(outcome.response.batchItemFailures[0]);
  });

  const quiet: [string, BatchOutcome, { throwOnFullBatchFailure?: boolean }][] = [
    ['an empty batch', outcomeOf([], []), {}],
    ['a partial failure', outcomeOf(['a'], ['b']), {}],
    ['throwOnFullBatchFailure: false', outcomeOf([], ['a']), { throwOnFullBatchFailure: false }],
    ['a batch whose failures were partly dealt with (a DLQ)', outcomeOf([], ['a'], ['b']), {}],
  ];
  for (const [name, outcome, options] of quiet) {
    it(`does not throw for ${name}`, () => {
      // Act
      const check = () => throwIfFullBatchFailed(outcome, options);

      // Assess
      expect(check).to.not.throw();
    });
  }
});
