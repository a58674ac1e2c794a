import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoPartialProcessor,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { FIFO_ARN, STANDARD_ARN } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** A FIFO record of a message group; its body names it. */
function fifoRecord(messageId: string, group: string): SQSRecord {
  return sqsRecord({ messageId }, { messageId, eventSourceARN: FIFO_ARN, attributes: { MessageGroupId: group } });
}

/** A standard-queue record with its own messageId. */
function standardRecord(messageId: string): SQSRecord {
  return sqsRecord({}, { messageId, eventSourceARN: STANDARD_ARN });
}

describe('SQS FIFO rules (procedural API)', () => {
  it('runs records one at a time, in input order, even when the handler is slow', async () => {
    // Prepare
    const records = ['m1', 'm2', 'm3', 'm4'].map((id) => fifoRecord(id, 'g'));
    const waits: Record<string, number> = { m1: 20, m2: 1, m3: 10, m4: 0 };
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      { Records: records },
      async (record: SQSRecord) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${record.messageId}`);
        await delay(waits[record.messageId] ?? 0);
        log.push(`end ${record.messageId}`);
        running--;
      },
      processor,
    );

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(maxRunning).to.equal(1);
    expect(log).to.deep.equal(['start m1', 'end m1', 'start m2', 'end m2', 'start m3', 'end m3', 'start m4', 'end m4']);
  });

  it('after the first failure, fails every later record with SqsFifoShortCircuitError without running it', async () => {
    // Prepare
    const records = [fifoRecord('m1', 'g1'), fifoRecord('m2', 'g2'), fifoRecord('m3', 'g1'), fifoRecord('m4', 'g3')];
    const ran: string[] = [];
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      { Records: records },
      (record: SQSRecord) => {
        ran.push(record.messageId);
        if (record.messageId === 'm2') throw new Error('m2 failed');
      },
      processor,
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('m2', 'm3', 'm4'));
    expect(ran).to.deep.equal(['m1', 'm2']);
    const [first, ...skipped] = processor.errors;
    expect(first).to.not.be.instanceOf(ShortCircuitError);
    for (const error of skipped) {
      expect(error).to.be.instanceOf(SqsFifoShortCircuitError);
      expect(error).to.be.instanceOf(ShortCircuitError);
      expect((error as SqsFifoShortCircuitError).code).to.equal('FIFO_SHORT_CIRCUIT');
      expect((error as SqsFifoShortCircuitError).failedItemIdentifier).to.equal('m2');
    }
    expect(skipped).to.have.length(2);
  });

  it('lists skipped records in the results like any failure', async () => {
    // Prepare
    const records = [fifoRecord('m1', 'g'), fifoRecord('m2', 'g'), fifoRecord('m3', 'g')];
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });
    processor.register(records, (record: SQSRecord) => {
      if (record.messageId === 'm2') throw new Error('m2 failed');
      return record.messageId;
    });

    // Act
    const results = await processor.process();

    // Assess
    expect(results.map(([status, , record]) => [status, record])).to.deep.equal([
      ['success', records[0]],
      ['fail', records[1]],
      ['fail', records[2]],
    ]);
    expect(results[1]?.[1]).to.equal('m2 failed');
    expect(processor.failureMessages).to.deep.equal([records[1], records[2]]);
    expect(processor.response()).to.deep.equal(failuresOf('m2', 'm3'));
  });

  it('with skipGroupOnError, skips only later records of the failed message group', async () => {
    // Prepare
    const records = [
      fifoRecord('a1', 'A'),
      fifoRecord('b1', 'B'),
      fifoRecord('a2', 'A'),
      fifoRecord('c1', 'C'),
      fifoRecord('b2', 'B'),
      fifoRecord('a3', 'A'),
    ];
    const ran: string[] = [];
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      { Records: records },
      (record: SQSRecord) => {
        ran.push(record.messageId);
        if (record.messageId === 'a2') throw new Error('a2 failed');
      },
      processor,
      { skipGroupOnError: true },
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('a2', 'a3'));
    expect(ran).to.deep.equal(['a1', 'b1', 'a2', 'c1', 'b2']);
    const skipped = processor.errors[1];
    expect(skipped).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
    expect(skipped).to.be.instanceOf(ShortCircuitError);
    expect((skipped as SqsFifoMessageGroupShortCircuitError).code).to.equal('FIFO_GROUP_SHORT_CIRCUIT');
    expect((skipped as SqsFifoMessageGroupShortCircuitError).messageGroupId).to.equal('A');
    expect((skipped as SqsFifoMessageGroupShortCircuitError).failedItemIdentifier).to.equal('a2');
  });

  it('with skipGroupOnError, keeps each failed group apart', async () => {
    // Prepare
    const records = [
      fifoRecord('a1', 'A'),
      fifoRecord('b1', 'B'),
      fifoRecord('a2', 'A'),
      fifoRecord('b2', 'B'),
      fifoRecord('c1', 'C'),
    ];
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      { Records: records },
      (record: SQSRecord) => {
        if (record.messageId === 'a1' || record.messageId === 'b1') throw new Error('failed');
      },
      processor,
      { skipGroupOnError: true },
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('a1', 'b1', 'a2', 'b2'));
    expect(processor.errors.map((e) => (e as SqsFifoMessageGroupShortCircuitError).messageGroupId)).to.deep.equal([
      undefined,
      undefined,
      'A',
      'B',
    ]);
  });

  it('throws FullBatchFailureError when the first record fails and the rest are skipped', async () => {
    // Prepare
    const records = [fifoRecord('m1', 'g'), fifoRecord('m2', 'g')];
    let calls = 0;
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const error = await rejectionOf(
      processPartialResponse(
        { Records: records },
        () => {
          calls++;
          throw new Error('m1 failed');
        },
        processor,
      ),
    );

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect((error as FullBatchFailureError).response).to.deep.equal(failuresOf('m1', 'm2'));
    expect((error as FullBatchFailureError).recordErrors[1]).to.be.instanceOf(SqsFifoShortCircuitError);
    expect(calls).to.equal(1);
  });

  it('applies the FIFO rules in SqsFifoPartialProcessor even to a standard queue ARN', async () => {
    // Prepare
    const records = ['m1', 'm2'].map((id) => standardRecord(id));
    const ran: string[] = [];
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const response = await processPartialResponse(
      { Records: records },
      (record: SQSRecord) => {
        ran.push(record.messageId);
        throw new Error('failed');
      },
      processor,
      { throwOnFullBatchFailure: false },
    );

    // Assess
    expect(response).to.deep.equal(failuresOf('m1', 'm2'));
    expect(ran).to.deep.equal(['m1']);
  });

  describe('BatchProcessor(EventType.SQS)', () => {
    it('applies the FIFO rules automatically to a batch from a .fifo queue', async () => {
      // Prepare
      const records = [fifoRecord('m1', 'g'), fifoRecord('m2', 'g'), fifoRecord('m3', 'g')];
      const ran: string[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: SQSRecord) => {
          ran.push(record.messageId);
          if (record.messageId === 'm2') throw new Error('m2 failed');
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('m2', 'm3'));
      expect(ran).to.deep.equal(['m1', 'm2']);
      expect(processor.errors[1]).to.be.instanceOf(SqsFifoShortCircuitError);
    });

    it('honours skipGroupOnError on an automatically detected FIFO batch', async () => {
      // Prepare
      const records = [fifoRecord('a1', 'A'), fifoRecord('b1', 'B'), fifoRecord('a2', 'A')];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: SQSRecord) => {
          if (record.messageId === 'a1') throw new Error('a1 failed');
        },
        processor,
        { skipGroupOnError: true },
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('a1', 'a2'));
      expect(processor.errors[1]).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
    });

    it('runs every record of a standard queue batch, whatever failed before', async () => {
      // Prepare
      const records = ['m1', 'm2', 'm3'].map((id) => standardRecord(id));
      const ran: string[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: SQSRecord) => {
          ran.push(record.messageId);
          if (record.messageId === 'm1') throw new Error('m1 failed');
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('m1'));
      expect(ran).to.deep.equal(['m1', 'm2', 'm3']);
    });

    it('turns the FIFO rules off with fifo: false, for that call only', async () => {
      // Prepare
      const records = [fifoRecord('m1', 'g'), fifoRecord('m2', 'g')];
      const ran: string[] = [];
      const handler = (record: SQSRecord) => {
        ran.push(record.messageId);
        if (record.messageId === 'm1') throw new Error('m1 failed');
      };
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const withoutFifo = await processPartialResponse({ Records: records }, handler, processor, { fifo: false });
      const ranWithoutFifo = [...ran];
      ran.length = 0;
      const withFifo = await processPartialResponse({ Records: records }, handler, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(withoutFifo).to.deep.equal(failuresOf('m1'));
      expect(ranWithoutFifo).to.deep.equal(['m1', 'm2']);
      expect(withFifo).to.deep.equal(failuresOf('m1', 'm2'));
      expect(ran).to.deep.equal(['m1']);
    });

    it('forces the FIFO rules on a standard queue with fifo: true', async () => {
      // Prepare
      const records = ['m1', 'm2', 'm3'].map((id) => standardRecord(id));
      const ran: string[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: records },
        (record: SQSRecord) => {
          ran.push(record.messageId);
          if (record.messageId === 'm2') throw new Error('m2 failed');
        },
        processor,
        { fifo: true },
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('m2', 'm3'));
      expect(ran).to.deep.equal(['m1', 'm2']);
    });
  });
});
