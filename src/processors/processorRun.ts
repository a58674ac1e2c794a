import type { EventType } from '../constants.js';
import { executeRun, type RunParticipant, type RunResult } from '../engine/execute.js';
import type { RunExtension, RunView } from '../engine/extension.js';
import type { SettleObserver } from '../engine/observers.js';
import { type RunDefaults, resolveRunSettings } from '../engine/settings.js';
import type { BatchRecord, PartialBatchResponse, ProcessOptions } from '../types.js';
import { failureLogger } from './failureLogger.js';
import { guardedHook } from './guardedHook.js';
import { Invocation, type RecordInvoker, withInvocation } from './invocation.js';
import { CALL_KEYS, checkOptionKeys, checkOptionValues } from './optionKeys.js';
import { recordSteps, type StepHost } from './recordSteps.js';

/** Per-call options objects already checked (a handler passes the same one on every invocation). */
const checkedCallOptions = new WeakSet<object>();

/** What a processor brings to one of its runs. */
export interface ProcessorRunRequest {
  host: StepHost & { prepare(run: RunView): unknown; clean(run: RunView): unknown };
  eventType: EventType | undefined;
  extensions: readonly RunExtension[];
  defaults: RunDefaults;
  records: readonly BatchRecord[];
  invoke: RecordInvoker;
  options: ProcessOptions;
  observe: SettleObserver | undefined;
  /** Once the run is complete: its invocation (for the inspection fields) and its response. */
  completed(invocation: Invocation, response: PartialBatchResponse): void;
}

/**
 * Runs one batch of a processor on the engine, in an invocation of its own (what `this.successMessages` & co. show
 * while it runs): checks the call's options once per options object, resolves the run's settings, and guards the
 * processor's `prepare` and `clean`.
 */
export function runProcessor(request: ProcessorRunRequest, sync: true): RunResult;
export function runProcessor(request: ProcessorRunRequest, sync: false): Promise<RunResult>;
export function runProcessor(request: ProcessorRunRequest, sync: boolean): RunResult | Promise<RunResult> {
  const { host, records, invoke, options } = request;
  if (!checkedCallOptions.has(options)) {
    checkOptionKeys(options, CALL_KEYS, 'the options of a call');
    checkOptionValues(options);
    checkedCallOptions.add(options);
  }
  const invocation = new Invocation(records, invoke);
  const participant: RunParticipant = {
    prepare: (view) => guardedHook('prepare', () => host.prepare(view), sync),
    steps: () => recordSteps(host, invocation, sync),
    clean: (view) => guardedHook('clean', () => host.clean(view), sync),
    completed: (run) => request.completed(invocation, run.outcome().response),
  };
  return withInvocation(host, invocation, () => {
    const settings = resolveRunSettings(records, request.eventType, options, request.defaults, request.extensions);
    const run = {
      records,
      settings,
      extensions: request.extensions,
      observe: request.observe ?? failureLogger(host.logger),
      logger: host.logger,
      participant,
    };
    return sync ? executeRun(run, true) : executeRun(run, false);
  });
}
