import { BatchProcessor, EventType, processPartialResponse, RecordParseError, silentLogger } from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
const ORDER = { orderId: 'o-1' };

/** An SNS notification as SNS delivers it to an SQS subscription (raw delivery off), with `patch` applied. */
function notification(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: 'b1f2c3d4-0000-4000-8000-000000000001',
    TopicArn: TOPIC,
    Message: JSON.stringify(ORDER),
    Timestamp: '2026-11-24T08:00:00.000Z',
    SignatureVersion: '1',
    ...patch,
  };
}

/** What SNS posts to a new SQS subscription before any notification (the confirmation messages). */
function control(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'): Record<string, unknown> {
  return {
    Type: type,
    MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
    Token:
      '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
    TopicArn: TOPIC,
    Message: `You have chosen to ${type === 'SubscriptionConfirmation' ? 'subscribe to' : 'unsubscribe from'} the topic ${TOPIC}.`,
    SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`,
    Timestamp: '2026-11-24T07:59:00.000Z',
    SignatureVersion: '1',
  };
}

/** An EventBridge event as a rule delivers it to an SQS target, with `patch` applied. */
function eventBridge(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: '0', id: '6a7e8feb', 'detail-type': 'OrderPlaced', source: 'shop.orders', detail: ORDER, ...patch };
}

const without = (body: Record<string, unknown>, field: string) => {
  const { [field]: _dropped, ...rest } = body;
  return rest;
};

/**
 * Bodies that are not the named envelope, or hold no usable message. `cause`: the error the RecordParseError
 * wraps (JSON.parse's SyntaxError for a Message that is not JSON; none when the envelope itself is wrong).
 */
const NOT_SNS: [string, unknown, (new (...args: never[]) => Error) | undefined][] = [
  ['a SubscriptionConfirmation', control('SubscriptionConfirmation'), undefined],
  ['an UnsubscribeConfirmation', control('UnsubscribeConfirmation'), undefined],
  [
    'a SubscriptionConfirmation whose Message happens to be JSON',
    { ...control('SubscriptionConfirmation'), Message: JSON.stringify(ORDER) },
    undefined,
  ],
  ['a Notification without a Message', without(notification(), 'Message'), undefined],
  ['a Notification whose Message is null', notification({ Message: null }), undefined],
  ['a Notification whose Message is the object itself', notification({ Message: ORDER }), undefined],
  [
    'a Notification whose Message is an array holding the JSON text',
    notification({ Message: [JSON.stringify(ORDER)] }),
    undefined,
  ],
  ['a Notification whose Message is a number', notification({ Message: 7 }), undefined],
  ['a Notification whose Message is not JSON', notification({ Message: 'order o-1 placed' }), SyntaxError],
  ['a Notification whose Message is a JSON array', notification({ Message: '[{"orderId":"o-1"}]' }), undefined],
  ['a Notification whose Message holds a __proto__ key', notification({ Message: '{"__proto__":{"orderId":"o-1"}}' }), undefined],
  ['a body without a Type (raw message delivery)', { ...ORDER, Message: JSON.stringify(ORDER) }, undefined],
  ['a body whose Type is not a string', notification({ Type: ['Notification'] }), undefined],
  ['an EventBridge event', eventBridge(), undefined],
];

const NOT_EVENTBRIDGE: [string, unknown][] = [
  ['an event without detail-type', without(eventBridge(), 'detail-type')],
  ['an event whose detail-type is not a string', eventBridge({ 'detail-type': 7 })],
  ['an event without source', without(eventBridge(), 'source')],
  ['an event whose source is not a string', eventBridge({ source: null })],
  ['an event without detail', without(eventBridge(), 'detail')],
  ['an event whose detail is a string', eventBridge({ detail: JSON.stringify(ORDER) })],
  ['an event whose detail is null', eventBridge({ detail: null })],
  ['an event whose detail is an array', eventBridge({ detail: [ORDER] })],
  ['an SNS notification', notification()],
];

describe('envelopes: bodies that are not the named envelope', () => {
  class Order {
    @IsString() orderId!: string;
  }

  /** Runs a valid envelope and `body` through a processor; returns the response, what ran and the errors. */
  async function run(envelope: 'sns' | 'eventbridge', body: unknown) {
    const processor = new BatchProcessor(EventType.SQS, { dto: Order, envelope, logger: silentLogger });
    const event = sqsEvent([envelope === 'sns' ? notification() : eventBridge(), body]);
    const handled: string[] = [];
    const response = await processPartialResponse(event, (order: Order) => handled.push(order.orderId), processor);
    return { event, response, handled, errors: processor.errors };
  }

  for (const [label, body, cause] of NOT_SNS) {
    it(`with envelope 'sns', fails ${label} with a non-retryable RecordParseError`, async () => {
      // Act
      const { event, response, handled, errors } = await run('sns', body);

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
      expect(handled).to.deep.equal(['o-1']);
      expect(errors).to.have.length(1);
      const error = errors[0] as RecordParseError;
      expect(error).to.be.instanceOf(RecordParseError);
      expect(error.code).to.equal('RECORD_PARSE_FAILED');
      expect(error.retryable).to.equal(false);
      if (cause === undefined) expect(error.cause).to.equal(undefined);
      else expect(error.cause).to.be.instanceOf(cause);
      const type = (body as { Type?: unknown }).Type;
      if (type === 'SubscriptionConfirmation' || type === 'UnsubscribeConfirmation') expect(error.message).to.include(type);
    });
  }

  for (const [label, body] of NOT_EVENTBRIDGE) {
    it(`with envelope 'eventbridge', fails ${label} with a non-retryable RecordParseError`, async () => {
      // Act
      const { event, response, handled, errors } = await run('eventbridge', body);

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
      expect(handled).to.deep.equal(['o-1']);
      expect(errors.map((error) => error.constructor)).to.deep.equal([RecordParseError]);
      expect((errors[0] as RecordParseError).retryable).to.equal(false);
    });
  }
});
