import { RecordParseError } from '../errors/RecordParseError.js';
import { parseJsonObject, requirePlainObject } from '../sources/json.js';

/** A wrapper around the message an SQS body carries: an SNS notification or an EventBridge event. */
export type Envelope = 'sns' | 'eventbridge';

/** The DTO input inside an envelope, and the envelope itself (kept for `ctx.envelope`). */
export interface Unwrapped {
  payload: Record<string, unknown>;
  envelope: Record<string, unknown>;
}

/**
 * Takes the message out of a decoded SQS body: an SNS notification's `Message` (JSON text), or an EventBridge event's
 * `detail`. A body that is not the named envelope fails the record with `RecordParseError`.
 */
export function unwrapEnvelope(kind: Envelope, body: Record<string, unknown>): Unwrapped {
  if (kind === 'sns') {
    if (body.Type !== 'Notification' || typeof body.Message !== 'string') {
      throw new RecordParseError('The SQS body is not an SNS notification (Type "Notification" with a Message string).');
    }
    return { payload: parseJsonObject(body.Message, 'SNS Message'), envelope: body };
  }
  if (typeof body['detail-type'] !== 'string' || typeof body.source !== 'string' || !('detail' in body)) {
    throw new RecordParseError('The SQS body is not an EventBridge event (detail-type, source and detail).');
  }
  return { payload: requirePlainObject(body.detail, 'EventBridge detail'), envelope: body };
}
