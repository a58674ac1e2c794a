import type { EventType } from '../constants.js';
import { executeRun, type RunParticipant, type RunResult } from '../engine/execute.js';
import type { RunExtension, RunView } from '../engine/extension.js';
import { observesFailuresOnly, type SettleObserver } from '../engine/observers.js';
import { type RunDefaults, resolveRunSettings } from '../engine/settings.js';
import type { BatchRecord, ProcessOptions } from '../types.js';
import { failureLogger } from './failureLogger.js';
import { guardedHook } from './guardedHook.js';
import { Invocation, type RecordInvoker, withInvocation } from './invocation.js';
import { CALL_KEYS, checkOptionKeys, checkOptionValues } from './optionKeys.js';
import { recordSteps, type StepHost } from './recordSteps.js';

/** Per-call options objects already checked (a handler passes the same one on every invocation). */
const checkedCallOptions = new WeakSet<object>();

/** What a processor brings to one of its runs. */
export interface ProcessorRunRequest {
  host: StepHost;
  eventType: EventType | undefined;
  extensions: readonly RunExtension[];
  defaults: RunDefaults;
  records: readonly BatchRecord[];
  invoke: RecordInvoker;
  options: ProcessOptions;
  observe: SettleObserver | undefined;
  /** False when the caller reads nothing of the successes but the response (`processPartialResponse`, say). */
  resultsRead: boolean;
  /** Once the run is complete: its invocation (for the inspection fields) and its response. */
  completed(invocation: Invocation, run: RunView): void;
}

/**
 * Whether code of the processor's own, an extension or an observer can read the successes' results after they ran
 * (through the run's view, or the outcomes it is handed): only then are they kept.
 */
function resultsReachable(host: StepHost, extensions: readonly RunExtension[], observe: SettleObserver): boolean {
  if (host.custom.prepare || host.custom.clean || !observesFailuresOnly(observe)) return true;
  return extensions.some((extension) => extension.afterRecords !== undefined || extension.conclude !== undefined);
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
    steps: (run) => recordSteps(host, invocation, sync, run),
    clean: (view) => guardedHook('clean', () => host.clean(view), sync),
    completed: (run) => request.completed(invocation, run.view),
  };
  return withInvocation(host, invocation, () => {
    const settings = resolveRunSettings(records, request.eventType, options, request.defaults, request.extensions);
    const observe = request.observe ?? failureLogger(host.logger);
    const run = {
      records,
      settings,
      extensions: request.extensions,
      observe,
      logger: host.logger,
      participant,
      keepResults: request.resultsRead || resultsReachable(host, request.extensions, observe),
    };
    return sync ? executeRun(run, true) : executeRun(run, false);
  });
}
