import { RecordParseError } from '../errors/RecordParseError.js';
import { parseJsonObject, requirePlainObject } from '../sources/json.js';
import { maxDepthOf, type PayloadLimits } from '../sources/limits.js';

/** A wrapper around the message an SQS body carries: an SNS notification or an EventBridge event. */
export type Envelope = 'sns' | 'eventbridge';

/** The DTO input inside an envelope, and the envelope itself (kept for `ctx.envelope`). */
export interface Unwrapped {
  payload: Record<string, unknown>;
  envelope: Record<string, unknown>;
}

/** SNS message types that carry no message for the handler: SNS sends them when a subscription changes. */
const SNS_CONTROL_TYPES = ['SubscriptionConfirmation', 'UnsubscribeConfirmation'];

/**
 * Takes the message out of a decoded SQS body: an SNS notification's `Message` (JSON text, parsed under
 * `limits.maxDepth` like any body), or an EventBridge event's `detail`. A body that is not the named envelope
 * fails the record with `RecordParseError` (not retryable: the same body fails the same way every time), saying
 * what is missing, never what the body holds.
 *
 * @example
 * ```ts
 * const { payload, envelope } = unwrapEnvelope('sns', { Type: 'Notification', Message: '{"orderId":"o-1"}' });
 * // payload: { orderId: 'o-1' }; envelope: the notification
 * ```
 */
export function unwrapEnvelope(kind: Envelope, body: Record<string, unknown>, limits?: PayloadLimits): Unwrapped {
  if (kind === 'sns') return { payload: snsMessage(body, maxDepthOf(limits)), envelope: body };
  return { payload: eventBridgeDetail(body), envelope: body };
}

function snsMessage(body: Record<string, unknown>, maxDepth: number): Record<string, unknown> {
  const type = body.Type;
  if (typeof type === 'string' && SNS_CONTROL_TYPES.includes(type)) {
    throw new RecordParseError(
      `The SQS body is an SNS ${type}, not a Notification: it carries no message (SNS sends it when a subscription ` +
        'changes). Confirm or remove the subscription; the record is not retried.',
    );
  }
  if (type !== 'Notification') {
    throw new RecordParseError(
      'The SQS body is not an SNS notification (no Type "Notification"). With raw message delivery on, the body ' +
        'is the message itself: drop the `envelope` option.',
    );
  }
  if (typeof body.Message !== 'string') {
    throw new RecordParseError(
      body.Message === undefined
        ? 'The SNS notification has no Message.'
        : `The SNS notification's Message must be a string of JSON text, got ${kindOf(body.Message)}.`,
    );
  }
  return parseJsonObject(body.Message, 'SNS Message', maxDepth);
}

function eventBridgeDetail(body: Record<string, unknown>): Record<string, unknown> {
  const missing = ['detail-type', 'source'].filter((field) => typeof body[field] !== 'string');
  if (missing.length > 0) {
    throw new RecordParseError(
      `The SQS body is not an EventBridge event: no ${missing.map((field) => `"${field}"`).join(' or ')} string.`,
    );
  }
  return requirePlainObject(body.detail, 'EventBridge detail');
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
