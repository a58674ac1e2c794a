import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import type { BatchRecord } from '../types.js';
import { currentInvocation, type InspectionEntry, type InspectionFields, Invocation } from './invocation.js';

/**
 * The Powertools-style fields of a processor (`successMessages`, `failureMessages`, `errors`, `records`, `handler`):
 * those of the invocation running on this processor (kept per invocation with `AsyncLocalStorage`), and outside one,
 * those of the last invocation that finished. The engine never reads them back.
 */
export abstract class InvocationFields {
  /** The last finished invocation, mirrored for inspection only. */
  protected last: Invocation | undefined;

  /** Records that succeeded, in input order (the default `successHandler` adds them). */
  get successMessages(): InspectionEntry[] {
    return this.fields().successMessages;
  }
  set successMessages(value: InspectionEntry[]) {
    this.fields().successMessages = value;
  }
  /** Records that failed, in input order (the default `failureHandler` adds them). */
  get failureMessages(): InspectionEntry[] {
    return this.fields().failureMessages;
  }
  set failureMessages(value: InspectionEntry[]) {
    this.fields().failureMessages = value;
  }
  /** The errors of the failed records, index-aligned with `failureMessages` (the default `failureHandler` adds them). */
  get errors(): Error[] {
    return this.fields().errors;
  }
  set errors(value: Error[]) {
    this.fields().errors = value;
  }
  /** The records of the invocation. */
  get records(): readonly BatchRecord[] {
    return (currentInvocation(this) ?? this.last)?.records ?? [];
  }
  /** The record handler of the invocation: `this.handler(record)` runs it (DTO built and validated, when there is one). */
  get handler(): (record: BatchRecord, ...rest: unknown[]) => unknown {
    const invocation = currentInvocation(this) ?? this.last;
    if (invocation !== undefined && invocation.records.length > 0) return invocation.handler;
    return () => {
      throw new BatchProcessingError('this.handler is set while the processor runs a batch.');
    };
  }

  /** The invocation running on this processor, else the last one that finished (or an empty one). */
  protected current(): Invocation {
    const running = currentInvocation(this);
    if (running !== undefined) return running;
    this.last ??= new Invocation([], () => undefined);
    return this.last;
  }

  private fields(): InspectionFields {
    return this.current().fields;
  }
}
