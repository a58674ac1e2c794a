// The response comes from the run: what hooks and the @BatchHandler body do to the objects they are handed never
// acknowledges a record batchkit failed. A partial batch response the body returns gets batchkit's failures merged in.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  EventType,
  processPartialResponse,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt } from 'class-validator';
import { failuresOf } from '../../support/responses';

class Order {
  @IsInt() qty!: number;
}

/** Records m-0 … m-4: m-1 fails in its handler, m-3 fails validation before any handler runs. */
function orders(): SQSEvent {
  const bodies = [{ qty: 1 }, { qty: 2, fail: true }, { qty: 3 }, { qty: 'three' }, { qty: 5 }];
  return { Records: bodies.map((body, i) => sqsRecord(body, { messageId: `m-${i}` })) } as SQSEvent;
}

const BATCHKIT_FAILURES = failuresOf('m-1', 'm-3');

/** What a hook does to what it is handed. */
const TAMPERING: { what: string; onSuccess?: (s: RecordSuccess) => void; onFailure?: (f: RecordFailure) => void }[] = [
  { what: 'marks the failure handled', onFailure: (f) => Object.assign(f, { handled: true }) },
  { what: 'blanks the identifier', onFailure: (f) => Object.assign(f, { itemIdentifier: undefined, index: 0 }) },
  { what: 'turns a success into a failure-looking object', onSuccess: (s) => Object.assign(s, { error: new Error('x') }) },
  { what: 'freezes what it gets', onFailure: (f) => Object.freeze(f) },
];

/** What the body does to, or returns instead of, the outcome it is handed. */
const BODIES: { what: string; body: (outcome: BatchOutcome) => unknown; expected: unknown }[] = [
  {
    what: 'empties outcome.response.batchItemFailures',
    body: (outcome) => {
      outcome.response.batchItemFailures.length = 0;
    },
    expected: BATCHKIT_FAILURES,
  },
  {
    what: 'splices the failures and successes lists',
    body: (outcome) => {
      outcome.failures.splice(0);
      outcome.successes.push({ itemIdentifier: 'm-1' } as RecordSuccess);
    },
    expected: BATCHKIT_FAILURES,
  },
  { what: 'returns an empty partial batch response', body: () => ({ batchItemFailures: [] }), expected: BATCHKIT_FAILURES },
  {
    what: 'returns its own failures: they are merged with batchkit’s, in record order',
    body: () => ({ batchItemFailures: [{ itemIdentifier: 'm-4' }, { itemIdentifier: 'm-0' }] }),
    expected: failuresOf('m-0', 'm-1', 'm-3', 'm-4'),
  },
  {
    what: 'returns a failure batchkit also reported: it appears once',
    body: () => ({ batchItemFailures: [{ itemIdentifier: 'm-3' }] }),
    expected: BATCHKIT_FAILURES,
  },
  {
    what: 'returns the outcome’s response after emptying it',
    body: (outcome) => {
      outcome.response.batchItemFailures.splice(0);
      return outcome.response;
    },
    expected: BATCHKIT_FAILURES,
  },
  { what: 'returns something else: it is returned as it is', body: () => ({ statusCode: 202 }), expected: { statusCode: 202 } },
];

describe('the response cannot be tampered with', () => {
  for (const { what, onSuccess, onFailure } of TAMPERING) {
    it(`keeps the response when a hook ${what}`, async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(order: Order, record: SQSRecord) {
          if (record.body.includes('fail')) throw new Error('refused');
          return order.qty;
        }
        onSuccess(success: RecordSuccess) {
          onSuccess?.(success);
        }
        onFailure(failure: RecordFailure) {
          onFailure?.(failure);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent) {}
      }

      // Act
      const response = await new Orders().handler(orders());

      // Assess
      expect(response).to.deep.equal(BATCHKIT_FAILURES);
    });
  }

  for (const { what, body, expected } of BODIES) {
    it(`answers with ${JSON.stringify(expected)} when the @BatchHandler body ${what}`, async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(_order: Order, record: SQSRecord) {
          if (record.body.includes('fail')) throw new Error('refused');
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent, _context?: Context, outcome?: BatchOutcome) {
          return body(outcome as BatchOutcome);
        }
      }

      // Act
      const response = await new Orders().handler(orders());

      // Assess
      expect(response).to.deep.equal(expected);
    });
  }

  it('keeps the procedural response when an overridden failureHandler or onFailure-like override changes its arguments', async () => {
    // Prepare
    class Tampering extends BatchProcessor {
      override failureHandler(record: SQSRecord, error: Error) {
        Object.assign(record, { messageId: 'someone-else' });
        return super.failureHandler(record, error);
      }
    }
    const processor = new Tampering(EventType.SQS, { logger: silentLogger });
    const event = orders();

    // Act
    const response = await processPartialResponse(
      event,
      (record: SQSRecord) => {
        if (record.body.includes('fail')) throw new Error('refused');
      },
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('m-1'));
  });
});
