// The DLQ send's fallback for copies SQS refuses as too large, with the refusals the test server does not produce
// for a correctly sized request (a whole call refused, AWS's own error texts). test/integration/poisonMessages covers
// the rest against the real server.
import { BatchRequestTooLong, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, FAILURE_ATTRIBUTE, NonRetryableError, processPartialResponse } from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { isSizeError } from '../../../../src/sqs/deadLetter/sendToDeadLetterQueue';
import { capturingLogger } from '../../../support/logger';
import { inputsOf, mockedSqs } from '../support';

type SendInput = { Entries: SendMessageBatchRequestEntry[] };

const poison = (): never => {
  throw new NonRetryableError('refused');
};

const annotated = (entry: SendMessageBatchRequestEntry) => FAILURE_ATTRIBUTE in (entry.MessageAttributes ?? {});

describe('sqs/deadLetter/sendToDeadLetterQueue: copies refused as too large', () => {
  it('a call refused as a whole (BatchRequestTooLong) is sent again one copy per call, without the note', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendInput) => {
      if (input.Entries.some(annotated))
        throw new BatchRequestTooLong({ message: 'too long', $metadata: { httpStatusCode: 400 } });
      return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    const logger = capturingLogger();
    const processor = new BatchProcessor(EventType.SQS, { client, poisonMessages: 'dlq', logger });
    const event = sqsEvent([{ n: 0 }, { n: 1 }]);

    // Act
    const response = await processPartialResponse(event, poison, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    const calls = inputsOf<SendInput>(sqs, SendMessageBatchCommand).map((c) => c.Entries.map(annotated));
    expect(calls).to.deep.equal([[true, true], [false], [false]]);
    const omitted = logger.entries.filter((e) => e.message.includes('would exceed the message size limit'));
    expect(omitted.map((e) => e.details?.itemIdentifier)).to.deep.equal(event.Records.map((r: SQSRecord) => r.messageId));
  });

  it("an entry refused with AWS's size error is sent again without the note; other refusals are not", async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const tooLarge = {
      Code: 'InvalidParameterValue',
      Message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    };
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendInput) => {
      const [first, second] = input.Entries;
      if (input.Entries.length === 1) return { Successful: [{ Id: first?.Id }], Failed: [] };
      return {
        Successful: [],
        Failed: [
          { Id: first?.Id, SenderFault: true, ...tooLarge },
          { Id: second?.Id, SenderFault: true, Code: 'AccessDenied', Message: 'denied' },
        ],
      };
    });
    const logger = capturingLogger();
    const processor = new BatchProcessor(EventType.SQS, { client, poisonMessages: 'dlq', logger });
    const event = sqsEvent([{ n: 0 }, { n: 1 }]);

    // Act
    const response = await processPartialResponse(event, poison, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    const calls = inputsOf<SendInput>(sqs, SendMessageBatchCommand).map((c) => c.Entries.map(annotated));
    expect(calls).to.deep.equal([[true, true], [false]]);
  });

  it('a copy already without the note that is refused as too large stays a failure, sent once', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendInput) => ({
      Successful: [],
      Failed: input.Entries.map((e) => ({
        Id: e.Id,
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message: 'Message must be shorter than 1024 bytes.',
      })),
    }));
    const processor = new BatchProcessor(EventType.SQS, { client, poisonMessages: 'dlq', logger: capturingLogger() });
    const event = sqsEvent(['x'.repeat(1024 * 1024)]);

    // Act
    const response = await processPartialResponse(event, poison, processor, { throwOnFullBatchFailure: false });

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
    expect(inputsOf<SendInput>(sqs, SendMessageBatchCommand).map((c) => c.Entries.map(annotated))).to.deep.equal([[false]]);
  });

  const ERRORS: { code: string; message: string; size: boolean }[] = [
    { code: 'BatchRequestTooLong', message: 'Batch requests cannot be longer than 1048576 bytes.', size: true },
    { code: 'AWS.SimpleQueueService.BatchRequestTooLong', message: '', size: true },
    {
      code: 'InvalidParameterValue',
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
      size: true,
    },
    { code: 'InvalidParameterValueException', message: 'Message too long', size: true },
    { code: 'MessageTooLong', message: '', size: true },
    { code: 'InvalidParameterValue', message: 'Value 901 for parameter DelaySeconds is invalid.', size: false },
    { code: 'InvalidMessageContents', message: 'Invalid characters found.', size: false },
    { code: 'AccessDenied', message: 'too long a wait', size: false },
  ];
  for (const { code, message, size } of ERRORS) {
    it(`${code} "${message}" is ${size ? '' : 'not '}a size error`, () => {
      expect(isSizeError({ code, message })).to.equal(size);
    });
  }
});
