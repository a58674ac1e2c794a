import type { EventSource } from '../sources/EventSource.js';
import type { PayloadLimits } from '../sources/limits.js';
import type { BatchRecord, Class, DtoOptions, RecordContext } from '../types.js';
import { DtoBinder } from './DtoBinder.js';
import { type Envelope, unwrapEnvelope } from './envelopes.js';
import type { DtoRuntime } from './runtime.js';

/** How a DTO is built for one handler: its binder, where its input comes from, and the payload's limits. */
export interface DtoPlan {
  binder: DtoBinder;
  fromRecord: boolean;
  envelope: Envelope | undefined;
  limits: PayloadLimits;
}

/**
 * Builds the DTO plan once, when a processor or handler plan is set up. Throws `InvalidDtoError` for a DTO class no
 * constraint validates (see `checkValidatable`); `declaredBy` names who declared it (`OrderHandler.handle`).
 */
export function createDtoPlan(dto: Class, runtime: DtoRuntime, options: DtoOptions, declaredBy?: string): DtoPlan {
  return {
    binder: new DtoBinder(dto as Class<object>, runtime, {
      validator: options.validator,
      transformer: options.transformer,
      declaredBy: declaredBy ?? `The processor's dto ${dto.name}`,
    }),
    fromRecord: options.from === 'record',
    envelope: options.envelope,
    limits: { maxDepth: options.maxDepth },
  };
}

/**
 * The input a DTO is built from: the whole record, or the decoded payload of the record's source (within the plan's
 * `maxDepth`), taken out of its envelope when there is one (the envelope is then kept on the record context).
 */
export function dtoInput(plan: DtoPlan, source: EventSource, record: BatchRecord, context: RecordContext): unknown {
  if (plan.fromRecord) return record;
  const payload = source.payload(record, plan.limits);
  if (plan.envelope === undefined) return payload;
  const unwrapped = unwrapEnvelope(plan.envelope, payload as Record<string, unknown>, plan.limits);
  context.envelope = unwrapped.envelope;
  return unwrapped.payload;
}
