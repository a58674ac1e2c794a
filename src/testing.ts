export { type FromReceiveMessageOptions, fromReceiveMessage, sqsRecordFromMessage } from './testing/fromReceiveMessage.js';
export { type LambdaContextOptions, lambdaContext } from './testing/lambdaContext.js';
export { marshallItem, marshallValue } from './testing/marshall.js';
export { type SqsEventOptions, type SqsRecordOverrides, sqsEvent, sqsRecord } from './testing/sqs.js';
export { type DynamoDBChange, dynamodbStreamEvent, type KinesisEventOptions, kinesisEvent } from './testing/streams.js';
