// A mocked SQS client for the unit tests: every batch call succeeds unless a test says otherwise.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

export const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:batchkit-queue';
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/batchkit-queue';
export const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/batchkit-queue-dlq';

/** Valid SQS batch entry ids: alphanumeric, hyphen, underscore, 1 to 80 characters. */
export const VALID_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

const allSucceed = async (input: { Entries?: { Id?: string }[] }) => ({
  Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })),
  Failed: [],
});

/** A fresh client and its mock; GetQueueUrl answers `https://sqs.<region>.amazonaws.com/<owner>/<name>`. */
export function mockedSqs(): { client: SQSClient; sqs: AwsClientStub<SQSClient> } {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const sqs = mockClient(client);
  sqs.on(GetQueueUrlCommand).callsFake(async (input: { QueueName: string; QueueOwnerAWSAccountId?: string }) => ({
    QueueUrl: `https://sqs.us-east-1.amazonaws.com/${input.QueueOwnerAWSAccountId}/${input.QueueName}`,
  }));
  sqs.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }) => ({
    Attributes: {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${input.QueueUrl.split('/')
          .pop()
          ?.replace(/(\.fifo)?$/, '-dlq$1')}`,
        maxReceiveCount: 5,
      }),
    },
  }));
  sqs.on(DeleteMessageBatchCommand).callsFake(allSucceed);
  sqs.on(SendMessageBatchCommand).callsFake(allSucceed);
  sqs.on(ChangeMessageVisibilityBatchCommand).callsFake(allSucceed);
  return { client, sqs };
}

/** The inputs of every call of one command. */
export function inputsOf<T>(sqs: AwsClientStub<SQSClient>, command: new (...args: never[]) => unknown): T[] {
  return sqs.commandCalls(command as never).map((call) => call.args[0].input as T);
}
