import { DtoBinder } from '../dto/DtoBinder.js';
import { type Envelope, unwrapEnvelope } from '../dto/envelopes.js';
import type { DtoRuntime } from '../dto/runtime.js';
import type { EventSource } from '../sources/EventSource.js';
import type { BatchRecord, Class, DtoOptions, RecordContext } from '../types.js';

/** How a DTO is built for one handler: its binder and where its input comes from. */
export interface DtoPlan {
  binder: DtoBinder;
  fromRecord: boolean;
  envelope: Envelope | undefined;
}

/** Builds the DTO plan once, when a processor or handler plan is set up. */
export function createDtoPlan(dto: Class, runtime: DtoRuntime, options: DtoOptions): DtoPlan {
  return {
    binder: new DtoBinder(dto as Class<object>, runtime, options),
    fromRecord: options.from === 'record',
    envelope: options.envelope,
  };
}

/**
 * The input a DTO is built from: the whole record, or the decoded payload of the record's source, taken out of its
 * envelope when there is one (the envelope is then kept on the record context).
 */
export function dtoInput(plan: DtoPlan, source: EventSource, record: BatchRecord, context: RecordContext): unknown {
  if (plan.fromRecord) return record;
  const payload = source.payload(record);
  if (plan.envelope === undefined) return payload;
  const unwrapped = unwrapEnvelope(plan.envelope, payload as Record<string, unknown>);
  context.envelope = unwrapped.envelope;
  return unwrapped.payload;
}
