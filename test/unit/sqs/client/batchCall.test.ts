import { RequestThrottled, SQSServiceException } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { type BatchItem, type BatchReply, callInBatches, entryId, isTransient } from '../../../../src/sqs/client/batchCall';
import { VALID_ENTRY_ID } from '../support';

const POLICY = { maxEntries: 10, attempts: 3, baseDelayMs: 1, parallel: 4 };

function items(count: number, size?: number): BatchItem<{ Id: string }>[] {
  return Array.from({ length: count }, (_, index) => ({
    entry: { Id: entryId(index) },
    index,
    itemIdentifier: `m${index}`,
    size,
  }));
}

const succeedAll = async (entries: { Id: string }[]): Promise<BatchReply> => ({ Successful: entries.map((e) => ({ Id: e.Id })) });

describe('sqs/client/batchCall', () => {
  it('makes entry ids that SQS accepts, distinct per record', () => {
    // Prepare / Act
    const ids = [0, 1, 9, 10, 9_999].map(entryId);

    // Assess
    for (const id of ids) expect(id).to.match(VALID_ENTRY_ID);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('sends at most maxEntries per call and reports every success by record index', async () => {
    // Prepare
    const calls: number[] = [];

    // Act
    const result = await callInBatches(
      items(23),
      (entries) => {
        calls.push(entries.length);
        return succeedAll(entries);
      },
      POLICY,
    );

    // Assess
    expect(calls).to.deep.equal([10, 10, 3]);
    expect(result.succeeded).to.deep.equal(Array.from({ length: 23 }, (_, i) => i));
    expect(result.failed).to.deep.equal([]);
  });

  it('also starts a new call when the payload limit would be exceeded', async () => {
    // Prepare
    const calls: number[] = [];

    // Act
    await callInBatches(
      items(5, 100),
      (entries) => {
        calls.push(entries.length);
        return succeedAll(entries);
      },
      { ...POLICY, maxBytes: 250 },
    );

    // Assess
    expect(calls).to.deep.equal([2, 2, 1]);
  });

  it("retries Failed entries that are not the sender's fault, and only those, until they succeed", async () => {
    // Prepare
    const calls: string[][] = [];

    // Act
    const result = await callInBatches(
      items(3),
      async (entries) => {
        calls.push(entries.map((e) => e.Id));
        if (calls.length > 1) return succeedAll(entries);
        return {
          Successful: [{ Id: 'r0' }],
          Failed: [
            { Id: 'r1', SenderFault: false, Code: 'InternalError' },
            { Id: 'r2', SenderFault: false },
          ],
        };
      },
      POLICY,
    );

    // Assess
    expect(calls).to.deep.equal([
      ['r0', 'r1', 'r2'],
      ['r1', 'r2'],
    ]);
    expect(result.succeeded).to.deep.equal([0, 1, 2]);
    expect(result.failed).to.deep.equal([]);
  });

  it('gives up after the bounded number of attempts and reports the entry, not the sender fault', async () => {
    // Prepare
    let calls = 0;

    // Act
    const result = await callInBatches(
      items(1),
      async () => {
        calls++;
        return { Failed: [{ Id: 'r0', SenderFault: false, Code: 'InternalError', Message: 'try later' }] };
      },
      POLICY,
    );

    // Assess
    expect(calls).to.equal(3);
    expect(result.failed).to.deep.equal([
      { itemIdentifier: 'm0', index: 0, code: 'InternalError', message: 'try later', senderFault: false },
    ]);
  });

  it("does not retry the sender's faults", async () => {
    // Prepare
    let calls = 0;

    // Act
    const result = await callInBatches(
      items(2),
      async () => {
        calls++;
        return { Successful: [{ Id: 'r1' }], Failed: [{ Id: 'r0', SenderFault: true, Code: 'ReceiptHandleIsInvalid' }] };
      },
      POLICY,
    );

    // Assess
    expect(calls).to.equal(1);
    expect(result.succeeded).to.deep.equal([1]);
    expect(result.failed.map((f) => [f.index, f.code, f.senderFault])).to.deep.equal([[0, 'ReceiptHandleIsInvalid', true]]);
  });

  it('retries a throttled call, and reports a call that fails for good', async () => {
    // Prepare
    let throttledCalls = 0;
    let deniedCalls = 0;

    // Act
    const throttled = await callInBatches(
      items(2),
      async (entries) => {
        if (++throttledCalls < 3) throw new RequestThrottled({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
        return succeedAll(entries);
      },
      POLICY,
    );
    const denied = await callInBatches(
      items(2),
      async () => {
        deniedCalls++;
        throw new SQSServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
          message: 'no',
        });
      },
      POLICY,
    );

    // Assess
    expect(throttledCalls).to.equal(3);
    expect(throttled.succeeded).to.deep.equal([0, 1]);
    expect(deniedCalls).to.equal(1);
    expect(denied.failed.map((f) => [f.index, f.code, f.senderFault])).to.deep.equal([
      [0, 'AccessDenied', true],
      [1, 'AccessDenied', true],
    ]);
  });

  it('counts an entry the reply does not mention as failed', async () => {
    // Prepare / Act
    const result = await callInBatches(items(2), async () => ({ Successful: [{ Id: 'r0' }] }), POLICY);

    // Assess
    expect(result.succeeded).to.deep.equal([0]);
    expect(result.failed.map((f) => [f.index, f.code])).to.deep.equal([[1, 'NoResult']]);
  });

  it('classifies throttling, server faults and network errors as transient; client faults are not', () => {
    // Prepare
    const serverFault = new SQSServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    const clientFault = new SQSServiceException({
      name: 'QueueDoesNotExist',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const network = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    // Act / Assess
    expect(isTransient(new RequestThrottled({ message: 'x', $metadata: {} }))).to.equal(true);
    expect(isTransient(serverFault)).to.equal(true);
    expect(isTransient(network)).to.equal(true);
    expect(isTransient(clientFault)).to.equal(false);
    expect(isTransient('nope')).to.equal(false);
  });
});
