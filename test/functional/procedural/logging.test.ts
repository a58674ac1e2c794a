import type { SQSRecord } from 'aws-lambda';
import { BatchProcessor, BatchProcessorSync, EventType, processPartialResponse, processPartialResponseSync } from 'batchkit';
import { kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsEmail, IsString } from 'class-validator';
import { capturingLogger } from '../../support/logger';

const SECRET = 'jane.doe+secret@example.com';

describe('failure logging (procedural API)', () => {
  it('logs each failure once through the processor logger: identifier, error name, code and message', async () => {
    // Prepare
    class CustomerError extends Error {
      override name = 'CustomerError';
      readonly code = 'CUSTOMER_LOCKED';
    }
    const logger = capturingLogger();
    const event = {
      Records: [
        sqsRecord({ email: SECRET }, { messageId: 'ok' }),
        sqsRecord({ email: SECRET }, { messageId: 'locked' }),
        sqsRecord({ email: SECRET }, { messageId: 'plain' }),
      ],
    };
    const processor = new BatchProcessor(EventType.SQS, { logger });

    // Act
    await processPartialResponse(
      event,
      (record: SQSRecord) => {
        if (record.messageId === 'locked') throw new CustomerError('customer is locked');
        if (record.messageId === 'plain') throw new TypeError('bad input');
      },
      processor,
    );

    // Assess
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(logger.entries).to.have.length(2);
    expect(
      errors.map((e) => [e.details?.itemIdentifier, e.details?.errorName, e.details?.errorCode, e.details?.errorMessage]),
    ).to.deep.equal([
      ['locked', 'CustomerError', 'CUSTOMER_LOCKED', 'customer is locked'],
      ['plain', 'TypeError', undefined, 'bad input'],
    ]);
    expect(JSON.stringify(logger.entries)).to.not.include(SECRET);
  });

  it('logs the batchkit error code, and validation paths and constraints, never the payload', async () => {
    // Prepare
    class CustomerDto {
      @IsString() name!: string;
      @IsEmail() email!: string;
    }
    const logger = capturingLogger();
    const event = {
      Records: [
        sqsRecord({ name: 'Jane', email: `not-an-email ${SECRET}` }, { messageId: 'invalid' }),
        sqsRecord(`{"email": "${SECRET}"`, { messageId: 'malformed' }),
      ],
    };
    const processor = new BatchProcessor(EventType.SQS, { dto: CustomerDto, logger });

    // Act
    await processPartialResponse(event, () => undefined, processor, { throwOnFullBatchFailure: false });

    // Assess
    expect(logger.entries).to.have.length(2);
    const [invalid, malformed] = logger.entries.map((e) => e.details ?? {});
    expect([invalid?.itemIdentifier, invalid?.errorName, invalid?.errorCode]).to.deep.equal([
      'invalid',
      'RecordValidationError',
      'RECORD_VALIDATION_FAILED',
    ]);
    const validation = invalid?.validation as { path: string; constraints: Record<string, string> }[];
    expect(validation.map((d) => [d.path, Object.keys(d.constraints)])).to.deep.equal([['email', ['isEmail']]]);
    expect([malformed?.itemIdentifier, malformed?.errorName, malformed?.errorCode]).to.deep.equal([
      'malformed',
      'RecordParseError',
      'RECORD_PARSE_FAILED',
    ]);
    expect(JSON.stringify(logger.entries)).to.not.include(SECRET);
  });

  it('logs nothing for a batch that succeeds', async () => {
    // Prepare
    const logger = capturingLogger();
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger });

    // Act
    await processPartialResponse(kinesisEvent([{ email: SECRET }, { n: 2 }]), () => 'ok', processor);

    // Assess
    expect(logger.entries).to.deep.equal([]);
  });

  it('logs short-circuited records too, once each', async () => {
    // Prepare
    const logger = capturingLogger();
    const fifoArn = 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo';
    const event = { Records: ['a', 'b', 'c'].map((id) => sqsRecord({}, { messageId: id, eventSourceARN: fifoArn })) };
    const processor = new BatchProcessor(EventType.SQS, { logger });

    // Act
    await processPartialResponse(
      event,
      (record: SQSRecord) => {
        if (record.messageId === 'b') throw new Error('b failed');
      },
      processor,
    );

    // Assess
    expect(logger.entries.map((e) => [e.details?.itemIdentifier, e.details?.errorCode])).to.deep.equal([
      ['b', undefined],
      ['c', 'FIFO_SHORT_CIRCUIT'],
    ]);
  });

  it('logs through the processor logger in the synchronous processor too', () => {
    // Prepare
    const logger = capturingLogger();
    const event = { Records: [sqsRecord({ email: SECRET }, { messageId: 'x' }), sqsRecord({}, { messageId: 'y' })] };
    const processor = new BatchProcessorSync(EventType.SQS, { logger });

    // Act
    processPartialResponseSync(
      event,
      (record: SQSRecord) => {
        if (record.messageId === 'x') throw null;
      },
      processor,
    );

    // Assess
    expect(
      logger.entries.map((e) => [e.level, e.details?.itemIdentifier, e.details?.errorName, e.details?.errorCode]),
    ).to.deep.equal([['error', 'x', 'NonErrorThrownError', 'NON_ERROR_THROWN']]);
    expect(JSON.stringify(logger.entries)).to.not.include(SECRET);
  });

  it('writes one JSON line per failure to the console when no logger is given', async () => {
    // Prepare
    const lines: unknown[][] = [];
    const event = { Records: [sqsRecord({ email: SECRET }, { messageId: 'x' }), sqsRecord({}, { messageId: 'y' })] };
    const processor = new BatchProcessor(EventType.SQS);
    const original = console.error;
    console.error = (...args: unknown[]) => {
      lines.push(args);
    };

    // Act
    try {
      await processPartialResponse(
        event,
        (record: SQSRecord) => {
          if (record.messageId === 'x') throw new RangeError('x failed');
        },
        processor,
      );
    } finally {
      console.error = original;
    }

    // Assess
    expect(lines).to.have.length(1);
    expect(lines[0]).to.have.length(1);
    const line = JSON.parse(String(lines[0]?.[0])) as Record<string, unknown>;
    expect([line.level, line.itemIdentifier, line.errorName, line.errorMessage]).to.deep.equal([
      'error',
      'x',
      'RangeError',
      'x failed',
    ]);
    expect(String(lines[0]?.[0])).to.not.include(SECRET);
  });
});
