import { type EventType, RECORD_HANDLERS } from '../constants.js';
import { createDtoPlan, type DtoPlan, dtoInput } from '../dto/dtoInvoker.js';
import { resolveDto } from '../dto/resolveDto.js';
import { dtoRuntime } from '../dto/runtime.js';
import { NoRecordHandlerError } from '../errors/NoRecordHandlerError.js';
import type { RecordInvoker } from '../processors/invocation.js';
import { sourceOfType } from '../sources/registry.js';
import type { BatchRecord, Class, RecordContext } from '../types.js';
import { ownMetadata, type RecordHandlerMeta } from './store.js';

/** One record handler, resolved: which method, which records, which DTO. */
export interface ResolvedRecordHandler {
  methodName: string;
  eventType: EventType;
  match: ((record: never) => boolean) | undefined;
  dto: DtoPlan | undefined;
}

/** Everything the runtime needs about a handler class, resolved once per class. */
export interface HandlerPlan {
  className: string;
  byType: ReadonlyMap<EventType, readonly ResolvedRecordHandler[]>;
  /** The engine's invoker for one handler instance. */
  invokerFor(instance: object): RecordInvoker;
}

const plans = new WeakMap<Function, Promise<HandlerPlan>>();
const built = new WeakMap<Function, HandlerPlan>();

/**
 * The cached plan of a class, built at its first invocation: the plan itself once built (no promise to wait for),
 * else a promise of it. A failed build is not cached, so it fails each time.
 */
export function planFor(ctor: Function): HandlerPlan | Promise<HandlerPlan> {
  const ready = built.get(ctor);
  if (ready !== undefined) return ready;
  let plan = plans.get(ctor);
  if (plan === undefined) {
    plan = buildPlan(ctor).then((done) => {
      built.set(ctor, done);
      return done;
    });
    plans.set(ctor, plan);
    plan.catch(() => plans.delete(ctor));
  }
  return plan;
}

async function buildPlan(ctor: Function): Promise<HandlerPlan> {
  const metas = collectRecordHandlers(ctor);
  const dtos = metas.map((meta) =>
    resolveDto({
      className: ctor.name,
      methodName: meta.methodName,
      explicit: meta.options.dto,
      declaringPrototype: meta.declaringPrototype,
      arity: meta.arity,
    }),
  );
  const runtime = dtos.some((dto) => dto !== undefined) ? await dtoRuntime() : undefined;
  const byType = new Map<EventType, ResolvedRecordHandler[]>();
  metas.forEach((meta, i) => {
    const dto = dtos[i];
    const handlers = byType.get(meta.eventType) ?? [];
    handlers.push({
      methodName: meta.methodName,
      eventType: meta.eventType,
      match: meta.options.match as ResolvedRecordHandler['match'],
      dto:
        dto === undefined || runtime === undefined
          ? undefined
          : createDtoPlan(dto as Class, runtime, meta.options, `${ctor.name}.${meta.methodName}`),
    });
    byType.set(meta.eventType, handlers);
  });
  const only = metas.length === 1 ? byType.values().next().value?.[0] : undefined;
  const plan: HandlerPlan = {
    className: ctor.name,
    byType,
    invokerFor:
      only === undefined || only.match !== undefined || only.dto !== undefined
        ? (instance) => (record, context) => dispatch(plan, instance, record, context)
        : (instance) => singleInvoker(plan, only, instance),
  };
  return plan;
}

/**
 * The invoker of a class with one record handler, without `match` or DTO: its records go straight to the method
 * (looked up on the instance, so overrides run); records of another source go through {@link dispatch}.
 */
function singleInvoker(plan: HandlerPlan, only: ResolvedRecordHandler, instance: object): RecordInvoker {
  const { eventType, methodName } = only;
  const methods = instance as Record<string, (...args: unknown[]) => unknown>;
  return (record, context) => {
    if (context.eventType !== eventType) return dispatch(plan, instance, record, context);
    context.handlerName = methodName;
    return (methods[methodName] as (...args: unknown[]) => unknown).call(instance, record, record, context);
  };
}

/** The class's record handlers, its own first (in declaration order), then inherited ones not re-decorated. */
function collectRecordHandlers(ctor: Function): RecordHandlerMeta[] {
  const redecorated = new Set<string>();
  const metas: RecordHandlerMeta[] = [];
  for (let c: unknown = ctor; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const own = ownMetadata(c, RECORD_HANDLERS).filter((meta) => !redecorated.has(meta.methodName));
    metas.push(...own); // every decorator of a method counts (one per source, say)
    for (const meta of own) redecorated.add(meta.methodName);
  }
  return metas;
}

/** Sends a record to the first handler of its source that accepts it; the method is looked up on the instance, so overrides run. */
function dispatch(plan: HandlerPlan, instance: object, record: BatchRecord, context: RecordContext): unknown {
  const eventType = context.eventType as EventType;
  const handlers = plan.byType.get(eventType);
  if (handlers === undefined) {
    throw new NoRecordHandlerError(
      `${plan.className} has no @RecordHandler(EventType.${eventType}) for record ${context.itemIdentifier ?? context.index}.`,
    );
  }
  for (const handler of handlers) {
    if (handler.match !== undefined && !handler.match(record as never)) continue;
    const method = (instance as Record<string, (...args: unknown[]) => unknown>)[handler.methodName] as (
      ...args: unknown[]
    ) => unknown;
    context.handlerName = handler.methodName;
    if (handler.dto === undefined) return method.call(instance, record, record, context);
    const payload = handler.dto.binder.bind(dtoInput(handler.dto, sourceOfType(eventType), record, context));
    if (payload instanceof Promise) return payload.then((dto) => method.call(instance, dto, record, context));
    return method.call(instance, payload, record, context);
  }
  throw new NoRecordHandlerError(
    `No ${plan.className} @RecordHandler(EventType.${eventType}) matched record ${context.itemIdentifier ?? context.index}.`,
  );
}
