import type { RunView } from '../engine/extension.js';
import { logHookError } from '../engine/observers.js';
import type { Run, Verdict } from '../engine/Run.js';
import type { RecordContextImpl } from '../engine/recordContext.js';
import type { RecordSteps, SkipNotice } from '../engine/recordStep.js';
import { isThenable } from '../engine/thenable.js';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import { toError } from '../errors/NonErrorThrownError.js';
import type { BatchLogger, BatchRecord, RecordContext } from '../types.js';
import { type Invocation, silence } from './invocation.js';

/** The extension points of a processor a run calls, and which of them the processor overrides. */
export interface StepHost {
  readonly logger: BatchLogger;
  successHandler(record: BatchRecord, result: unknown, context?: RecordContext): unknown;
  failureHandler(record: BatchRecord, error: Error, context?: RecordContext): unknown;
  processRecord(record: BatchRecord, context: RecordContext): unknown;
  processRecordSync(record: BatchRecord, context: RecordContext): unknown;
  prepare(run: RunView): unknown;
  clean(run: RunView): unknown;
  /** Which extension points are the processor's own (not the defaults). */
  readonly custom: {
    processRecord: boolean;
    processRecordSync: boolean;
    successHandler: boolean;
    failureHandler: boolean;
    prepare: boolean;
    clean: boolean;
  };
}

/** Which of the step methods `host` overrides, compared with the base class's own (read once per processor). */
export function overriddenSteps(host: StepHost, base: StepHost): StepHost['custom'] {
  return {
    processRecord: host.processRecord !== base.processRecord,
    processRecordSync: host.processRecordSync !== base.processRecordSync,
    successHandler: host.successHandler !== base.successHandler,
    failureHandler: host.failureHandler !== base.failureHandler,
    prepare: host.prepare !== base.prepare,
    clean: host.clean !== base.clean,
  };
}

/** What a record that settles after its run closed (the deadline passed) reports: dropped by the run. */
const LATE: Verdict = { ok: false, error: new BatchProcessingError('settled after the time-budget deadline'), ran: false };

/**
 * The steps of one run's records. The default step calls the record handler, then `successHandler` or
 * `failureHandler`; a processor that overrides `processRecord` (or `processRecordSync` in synchronous runs) gets its
 * tuple taken as the record's outcome, as in Powertools. No hook can leave a rejection unhandled: a
 * `successHandler` that throws or rejects fails its record with that error, a `failureHandler` that does is logged
 * and its record stays failed with its own error.
 */
export function recordSteps(host: StepHost, invocation: Invocation, sync: boolean, run: Run): RecordSteps {
  const custom = sync ? host.custom.processRecordSync || host.custom.processRecord : host.custom.processRecord;
  const own = sync && host.custom.processRecordSync ? host.processRecordSync : host.processRecord;

  const succeeded = (context: RecordContextImpl, record: BatchRecord, value: unknown): Verdict | Promise<Verdict> => {
    if (!host.custom.successHandler) {
      invocation.addSuccess(record, context);
      return { ok: true, result: value };
    }
    let returned: unknown;
    try {
      returned = host.successHandler(record, value, context);
    } catch (error) {
      return refused(context, record, toError(error));
    }
    if (!isThenable(returned)) return fromSuccessHook(returned, value, record);
    if (sync) {
      silence(returned);
      return refused(context, record, new AsyncHandlerError('successHandler returned a Promise in a synchronous processor.'));
    }
    return Promise.resolve(returned).then(
      (resolved) => fromSuccessHook(resolved, value, record),
      (error: unknown) => refused(context, record, toError(error)),
    );
  };

  /** A `successHandler` that threw or rejected: the record fails with that error (taken back from `successMessages`). */
  const refused = (context: RecordContextImpl, record: BatchRecord, error: Error): Verdict | Promise<Verdict> => {
    invocation.retractSuccess(record);
    return failed(context, record, error, true);
  };

  const failed = (context: RecordContextImpl, record: BatchRecord, error: Error, ran: boolean): Verdict | Promise<Verdict> => {
    const verdict: Verdict = { ok: false, error, ran };
    const done = notifyFailure(context, record, error);
    return done === undefined ? verdict : done.then(() => verdict);
  };

  /** Calls `failureHandler`; what it returns or throws changes nothing (it is logged). */
  const notifyFailure = (context: RecordContextImpl, record: BatchRecord, error: Error): Promise<void> | undefined => {
    if (!host.custom.failureHandler) {
      invocation.addFailure(record, error, context);
      return undefined;
    }
    let returned: unknown;
    try {
      returned = host.failureHandler(record, error, context);
    } catch (thrown) {
      logHookError(host.logger, context, thrown);
      return undefined;
    }
    if (!isThenable(returned)) return undefined;
    if (sync) {
      silence(returned);
      logHookError(host.logger, context, new AsyncHandlerError('failureHandler returned a Promise in a synchronous processor.'));
      return undefined;
    }
    return Promise.resolve(returned).then(
      () => undefined,
      (thrown: unknown) => logHookError(host.logger, context, thrown),
    );
  };

  const inline = (context: RecordContextImpl): Verdict | Promise<Verdict> => {
    const record = invocation.records[context.index] as BatchRecord;
    let value: unknown;
    try {
      value = invocation.invoke(record, context);
    } catch (error) {
      return failed(context, record, toError(error), true);
    }
    if (!isThenable(value)) return succeeded(context, record, value);
    if (sync) {
      silence(value);
      return failed(context, record, AsyncHandlerError.forRecordHandler(), true);
    }
    return Promise.resolve(value).then(
      (result) => (context.closed ? LATE : succeeded(context, record, result)),
      (error: unknown) => (context.closed ? LATE : failed(context, record, toError(error), true)),
    );
  };

  const overridden = (context: RecordContextImpl): Verdict | Promise<Verdict> => {
    const record = invocation.records[context.index] as BatchRecord;
    invocation.track(record, context);
    let returned: unknown;
    try {
      returned = own.call(host, record, context);
    } catch (error) {
      return { ok: false, error: toError(error), ran: invocation.ran(record) };
    }
    if (!isThenable(returned)) return fromTuple(invocation, record, returned);
    if (sync) {
      silence(returned);
      return {
        ok: false,
        error: new AsyncHandlerError('processRecord returned a Promise in a synchronous processor.'),
        ran: false,
      };
    }
    return Promise.resolve(returned).then(
      (tuple) => (context.closed ? LATE : fromTuple(invocation, record, tuple)),
      (error: unknown) => (context.closed ? LATE : { ok: false, error: toError(error), ran: invocation.ran(record) }),
    );
  };

  const skipped: SkipNotice = (context, error) => {
    const record = invocation.records[context.index] as BatchRecord;
    invocation.retractSuccess(record);
    notifyFailure(context, record, error);
  };

  if (custom) return { step: overridden, skipped };
  if (host.custom.successHandler || host.custom.failureHandler) return { step: inline, skipped };
  // Nothing of the processor's own around the handler: the engine calls it, and the fields follow the run.
  invocation.mirror(run);
  return { step: inline, direct: { invoke: invocation.invoke, sync }, skipped: () => {} };
}

/** The verdict of the default step after `successHandler`: a success, unless the hook returned a `'fail'` tuple. */
function fromSuccessHook(returned: unknown, value: unknown, record: BatchRecord): Verdict {
  if (Array.isArray(returned) && returned[0] === 'fail')
    return { ok: false, error: tupleError(returned[1], undefined), ran: true };
  if (Array.isArray(returned) && returned[0] === 'success' && returned[2] === record) return { ok: true, result: returned[1] };
  return { ok: true, result: value };
}

/** The verdict a custom `processRecord` returned as its tuple; anything else fails the record (never a silent success). */
function fromTuple(invocation: Invocation, record: BatchRecord, tuple: unknown): Verdict {
  const ran = invocation.ran(record);
  if (Array.isArray(tuple) && tuple[0] === 'success') return { ok: true, result: tuple[1] };
  if (Array.isArray(tuple) && tuple[0] === 'fail')
    return { ok: false, error: tupleError(tuple[1], invocation.errorOf(record)), ran };
  return {
    ok: false,
    error: new BatchProcessingError(
      "processRecord returned no result: return ['success', result, record] or ['fail', error, record].",
    ),
    ran,
  };
}

/** The error of a `'fail'` tuple: the Error itself, the one `failureHandler` was given, or one made from the message. */
function tupleError(value: unknown, given: Error | undefined): Error {
  if (value instanceof Error) return value;
  if (given !== undefined) return given;
  return new BatchProcessingError(typeof value === 'string' ? value : 'processRecord reported a failure.');
}
