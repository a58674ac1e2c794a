import type { SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessor, silentLogger } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, IsString } from 'class-validator';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** A body that tells the test handler how long to wait and whether to fail. */
interface Job {
  wait: number;
  fail: boolean;
}

function jobRecord(messageId: string, job: Job, eventSourceARN?: string): SQSRecord {
  return sqsRecord(job, { messageId, ...(eventSourceARN === undefined ? {} : { eventSourceARN }) });
}

async function runJob(record: SQSRecord): Promise<string> {
  const job = JSON.parse(record.body) as Job;
  await delay(job.wait);
  if (job.fail) throw new Error(`${record.messageId} failed`);
  return record.messageId;
}

describe('per-invocation isolation (procedural API)', () => {
  it('gives two overlapping processPartialResponse calls on one processor exactly their own response', async () => {
    // Prepare
    const slow = {
      Records: [
        jobRecord('slow-1', { wait: 25, fail: true }),
        jobRecord('slow-2', { wait: 25, fail: false }),
        jobRecord('slow-3', { wait: 5, fail: true }),
      ],
    };
    const fast = {
      Records: [
        jobRecord('fast-1', { wait: 1, fail: false }),
        jobRecord('fast-2', { wait: 2, fail: true }),
        jobRecord('fast-3', { wait: 1, fail: false }),
      ],
    };
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

    // Act
    const [slowResponse, fastResponse] = await Promise.all([
      processPartialResponse(slow, runJob, processor),
      processPartialResponse(fast, runJob, processor),
    ]);

    // Assess
    expect(slowResponse).to.deep.equal(failuresOf('slow-1', 'slow-3'));
    expect(fastResponse).to.deep.equal(failuresOf('fast-2'));
  });

  it('keeps many overlapping calls apart, whatever order they finish in', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const events = [0, 1, 2, 3, 4, 5].map((n) => ({
      Records: [0, 1, 2].map((i) => jobRecord(`e${n}-r${i}`, { wait: ((n * 7 + i * 3) % 11) + 1, fail: (n + i) % 3 === 0 })),
    }));
    const expected = events.map((event) =>
      failuresOf(...event.Records.filter((r) => (JSON.parse(r.body) as Job).fail).map((r) => r.messageId)),
    );

    // Act
    const responses = await Promise.all(events.map((event) => processPartialResponse(event, runJob, processor)));

    // Assess
    expect(responses).to.deep.equal(expected);
  });

  it('keeps overlapping calls apart with a DTO processor', async () => {
    // Prepare
    class JobDto {
      @IsInt() wait!: number;
      @IsString() name!: string;
    }
    const processor = new BatchProcessor(EventType.SQS, { dto: JobDto, logger: silentLogger });
    const first = {
      Records: [
        sqsRecord({ wait: 20, name: 'a' }, { messageId: 'first-ok' }),
        sqsRecord({ wait: 'x', name: 'b' }, { messageId: 'first-invalid' }),
      ],
    };
    const second = {
      Records: [
        sqsRecord({ wait: 1, name: 7 }, { messageId: 'second-invalid' }),
        sqsRecord({ wait: 1, name: 'c' }, { messageId: 'second-ok' }),
      ],
    };
    const handler = async (job: JobDto) => delay(job.wait);

    // Act
    const [firstResponse, secondResponse] = await Promise.all([
      processPartialResponse(first, handler, processor),
      processPartialResponse(second, handler, processor),
    ]);

    // Assess
    expect(firstResponse).to.deep.equal(failuresOf('first-invalid'));
    expect(secondResponse).to.deep.equal(failuresOf('second-invalid'));
  });

  it('keeps FIFO short-circuit state per call: a failure in one call skips nothing in the other', async () => {
    // Prepare
    const arn = 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo';
    const failing = {
      Records: [jobRecord('f-1', { wait: 1, fail: true }, arn), jobRecord('f-2', { wait: 1, fail: false }, arn)],
    };
    const healthy = {
      Records: [
        jobRecord('h-1', { wait: 10, fail: false }, arn),
        jobRecord('h-2', { wait: 10, fail: false }, arn),
        jobRecord('h-3', { wait: 1, fail: false }, arn),
      ],
    };
    const processor = new SqsFifoPartialProcessor({ logger: silentLogger });

    // Act
    const [failingResponse, healthyResponse] = await Promise.all([
      processPartialResponse(failing, runJob, processor, { throwOnFullBatchFailure: false }),
      processPartialResponse(healthy, runJob, processor),
    ]);

    // Assess
    expect(failingResponse).to.deep.equal(failuresOf('f-1', 'f-2'));
    expect(healthyResponse).to.deep.equal({ batchItemFailures: [] });
  });

  it('keeps per-call options apart between overlapping calls', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const lenient = { Records: [jobRecord('l-1', { wait: 15, fail: true })] };
    const strict = { Records: [jobRecord('s-1', { wait: 1, fail: true })] };

    // Act
    const [lenientResult, strictResult] = await Promise.allSettled([
      processPartialResponse(lenient, runJob, processor, { throwOnFullBatchFailure: false }),
      processPartialResponse(strict, runJob, processor),
    ]);

    // Assess
    expect(lenientResult).to.deep.equal({ status: 'fulfilled', value: failuresOf('l-1') });
    expect(strictResult.status).to.equal('rejected');
  });

  it('runs register/process pairs started back to back without awaiting in between on their own batches', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const first = [jobRecord('a-1', { wait: 20, fail: false }), jobRecord('a-2', { wait: 5, fail: true })];
    const second = [jobRecord('b-1', { wait: 1, fail: true }), jobRecord('b-2', { wait: 1, fail: false })];

    // Act
    const firstRun = processor.register(first, runJob).process();
    const secondRun = processor.register(second, runJob).process();
    const [firstResults, secondResults] = await Promise.all([firstRun, secondRun]);

    // Assess
    expect(firstResults).to.deep.equal([
      ['success', 'a-1', first[0]],
      ['fail', 'a-2 failed', first[1]],
    ]);
    expect(secondResults).to.deep.equal([
      ['fail', 'b-1 failed', second[0]],
      ['success', 'b-2', second[1]],
    ]);
    expect(processor.response()).to.deep.equal(failuresOf('a-2'), 'the inspection fields mirror the last run to finish');
  });
});
