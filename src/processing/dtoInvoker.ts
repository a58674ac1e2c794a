import { DtoBinder } from '../dto/DtoBinder.js';
import type { DtoRuntime } from '../dto/runtime.js';
import type { EventSource } from '../sources/EventSource.js';
import type { BatchRecord, Class, DtoOptions } from '../types.js';

/** How a DTO is built for one handler: its binder and where its input comes from. */
export interface DtoPlan {
  binder: DtoBinder;
  fromRecord: boolean;
}

/** Builds the DTO plan once, when a processor or handler plan is set up. */
export function createDtoPlan(dto: Class, runtime: DtoRuntime, options: DtoOptions): DtoPlan {
  return {
    binder: new DtoBinder(dto as Class<object>, runtime, options),
    fromRecord: options.from === 'record',
  };
}

/** The input a DTO is built from: the decoded payload of the record's source, or the whole record. */
export function dtoInput(plan: DtoPlan, source: EventSource, record: BatchRecord): unknown {
  return plan.fromRecord ? record : source.payload(record);
}
