// unwrapEnvelope takes the DTO input out of an SNS notification (its Message, parsed as JSON within maxDepth) or an
// EventBridge event (its detail), and keeps the envelope. A body that is not that envelope fails with RecordParseError
// (not retryable), saying what is missing and never what the body holds.
import { RecordParseError } from 'batchkit';
import { expect } from 'chai';
import { type Envelope, unwrapEnvelope } from '../../../src/dto/envelopes';
import type { PayloadLimits } from '../../../src/sources/limits';
import { thrownBy } from '../../support/errors';

const notification = (fields: Record<string, unknown>) => ({ Type: 'Notification', MessageId: 'm-1', ...fields });
const event = (fields: Record<string, unknown>) => ({ 'detail-type': 'OrderPlaced', source: 'shop', ...fields });

describe('unwrapEnvelope', () => {
  const unwrapped: { kind: Envelope; why: string; body: Record<string, unknown>; payload: unknown; limits?: PayloadLimits }[] = [
    {
      kind: 'sns',
      why: "an SNS notification's Message",
      body: notification({ Message: '{"orderId":"o-1","lines":[{"sku":"a"}]}' }),
      payload: { orderId: 'o-1', lines: [{ sku: 'a' }] },
    },
    {
      kind: 'sns',
      why: 'a Message exactly as deep as maxDepth',
      body: notification({ Message: '{"a":{"b":{}}}' }),
      payload: { a: { b: {} } },
      limits: { maxDepth: 3 },
    },
    {
      kind: 'eventbridge',
      why: "an EventBridge event's detail",
      body: event({ detail: { orderId: 'o-1' } }),
      payload: { orderId: 'o-1' },
    },
  ];
  for (const { kind, why, body, payload, limits } of unwrapped) {
    it(`${kind}: gives ${why} and keeps the envelope`, () => {
      // Act
      const result = unwrapEnvelope(kind, body, limits);

      // Assess
      expect(result.payload).to.deep.equal(payload);
      expect(result.envelope).to.equal(body);
    });
  }

  const controlMessage = (type: string) =>
    `The SQS body is an SNS ${type}, not a Notification: it carries no message (SNS sends it when a subscription ` +
    'changes). Confirm or remove the subscription; the record is not retried.';
  const notSns =
    'The SQS body is not an SNS notification (no Type "Notification"). With raw message delivery on, the body is the ' +
    'message itself: drop the `envelope` option.';
  const badMessage = (got: string) => `The SNS notification's Message must be a string of JSON text, got ${got}.`;
  // Where the message comes from src/sources/json.ts, only the start that names the field is this file's.
  const refused: {
    kind: Envelope;
    why: string;
    body: Record<string, unknown>;
    message: string | { startsWith: string };
    limits?: PayloadLimits;
  }[] = [
    {
      kind: 'sns',
      why: 'a subscription confirmation',
      body: { Type: 'SubscriptionConfirmation', SubscribeURL: 'https://sns.example/confirm' },
      message: controlMessage('SubscriptionConfirmation'),
    },
    {
      kind: 'sns',
      why: 'an unsubscribe confirmation',
      body: { Type: 'UnsubscribeConfirmation', Message: '{}' },
      message: controlMessage('UnsubscribeConfirmation'),
    },
    { kind: 'sns', why: 'a body without Type (raw message delivery)', body: { orderId: 'o-1' }, message: notSns },
    { kind: 'sns', why: 'another Type', body: { Type: 'Subscription', Message: '{}' }, message: notSns },
    { kind: 'sns', why: 'a Type that is no string', body: { Type: ['Notification'], Message: '{}' }, message: notSns },
    { kind: 'sns', why: 'no Message', body: notification({}), message: 'The SNS notification has no Message.' },
    { kind: 'sns', why: 'a null Message', body: notification({ Message: null }), message: badMessage('null') },
    { kind: 'sns', why: 'an array Message', body: notification({ Message: [] }), message: badMessage('an array') },
    { kind: 'sns', why: 'an object Message', body: notification({ Message: {} }), message: badMessage('object') },
    { kind: 'sns', why: 'a number Message', body: notification({ Message: 7 }), message: badMessage('number') },
    {
      kind: 'sns',
      why: 'a Message that is no JSON object',
      body: notification({ Message: '[1]' }),
      message: { startsWith: 'SNS Message must be a JSON object' },
    },
    {
      kind: 'sns',
      why: 'a Message deeper than maxDepth',
      body: notification({ Message: '{"a":{"b":{"c":{}}}}' }),
      message: { startsWith: 'SNS Message is nested more than 3 levels deep' },
      limits: { maxDepth: 3 },
    },
    {
      kind: 'eventbridge',
      why: 'a body without detail-type and source',
      body: { detail: {} },
      message: 'The SQS body is not an EventBridge event: no "detail-type" or "source" string.',
    },
    {
      kind: 'eventbridge',
      why: 'a body without source',
      body: { 'detail-type': 'OrderPlaced', detail: {} },
      message: 'The SQS body is not an EventBridge event: no "source" string.',
    },
    {
      kind: 'eventbridge',
      why: 'a detail-type that is no string',
      body: { 'detail-type': 1, source: 'shop', detail: {} },
      message: 'The SQS body is not an EventBridge event: no "detail-type" string.',
    },
    {
      kind: 'eventbridge',
      why: 'no detail',
      body: event({}),
      message: { startsWith: 'EventBridge detail must be a JSON object' },
    },
    {
      kind: 'eventbridge',
      why: 'an SNS notification',
      body: notification({ Message: '{}' }),
      message: 'The SQS body is not an EventBridge event: no "detail-type" or "source" string.',
    },
  ];
  for (const { kind, why, body, message, limits } of refused) {
    it(`${kind}: refuses ${why} with RecordParseError`, () => {
      // Act
      const error = thrownBy(() => unwrapEnvelope(kind, body, limits));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
      expect((error as RecordParseError).retryable).to.equal(false);
      const text = (error as RecordParseError).message;
      if (typeof message === 'string') expect(text).to.equal(message);
      else expect(text.startsWith(message.startsWith)).to.equal(true, text);
    });
  }
});
