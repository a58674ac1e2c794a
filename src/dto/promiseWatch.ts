import type { ValidationError, ValidatorOptions } from 'class-validator';
import type { DtoRuntime } from './runtime.js';

/** A constraint that answered `validateSync` with a promise: which one, and where. */
export interface PromisedAnswer {
  /** The constraint's name (its key in the validation errors). */
  name: string;
  /** The constraint class (class-validator's `ConstraintMetadata.target`). */
  constraint: unknown;
  /** `OrderDto.sku`: the class and property validated. */
  at: string;
}

/** What one watched `validateSync` gave. */
export interface WatchedValidation {
  errors: ValidationError[];
  /** The first constraint that answered with a promise; `undefined` when every one answered synchronously. */
  promised: PromisedAnswer | undefined;
}

interface ConstraintLike {
  name?: unknown;
  async?: unknown;
  target?: unknown;
  readonly instance?: { validate?: (value: unknown, args?: unknown) => unknown };
}
const KEY = 'getTargetValidatorConstraints';

/** The watch of the `validateSync` call running now (a synchronous call: nothing else can run meanwhile). */
let current: { promised: PromisedAnswer | undefined } | undefined;
/** Per metadata storage: its own lookup, and the watching one that replaces it during a watched call. */
const lookups = new WeakMap<object, { original: Function; watching: Function }>();
/** One watched view per class-validator constraint, made once. */
const views = new WeakMap<object, ConstraintLike>();
/** One watching wrapper per constraint instance, made once. */
const wrappers = new WeakMap<object, object>();

/**
 * Runs class-validator's `validateSync` and notes any constraint that answers with a promise. `validateSync` would
 * ignore that promise (the constraint silently passes, and a rejection goes unhandled); here the promise is marked
 * handled, the constraint counts as passed for this run, and the caller learns which one it was, so it can fail the
 * record (synchronous processing) or validate again with `validate` (asynchronous processing).
 *
 * For the length of the call, the metadata storage's `getTargetValidatorConstraints` hands out watched views of the
 * constraints; it is set back in `finally` (as an own property holding class-validator's method). The constraints
 * and their instances are not changed. Costs a few percent over a plain `validateSync`.
 */
export function validateSyncWatched(runtime: DtoRuntime, instance: object, options: ValidatorOptions): WatchedValidation {
  const storage = runtime.getMetadataStorage() as unknown as Record<string, unknown>;
  const lookup = lookupsOf(storage);
  if (lookup === undefined) return { errors: runtime.validateSync(instance, options), promised: undefined };
  const outer = current;
  const watch: { promised: PromisedAnswer | undefined } = { promised: undefined };
  const saved = storage[KEY];
  current = watch;
  storage[KEY] = lookup.watching;
  try {
    return { errors: runtime.validateSync(instance, options), promised: watch.promised };
  } finally {
    storage[KEY] = saved;
    current = outer;
  }
}

function lookupsOf(storage: Record<string, unknown>): { original: Function; watching: Function } | undefined {
  let lookup = lookups.get(storage);
  if (lookup === undefined) {
    const original = storage[KEY];
    if (typeof original !== 'function') return undefined;
    // class-validator hands out the same array for a constraint class each time (and only ever appends to it).
    const mapped = new WeakMap<object, { length: number; views: ConstraintLike[] }>();
    const watching = (target: unknown): ConstraintLike[] => {
      const list = original.call(storage, target) as ConstraintLike[];
      let entry = mapped.get(list);
      if (entry === undefined || entry.length !== list.length) {
        entry = { length: list.length, views: list.map(watchedView) };
        mapped.set(list, entry);
      }
      return entry.views;
    };
    lookup = { original, watching };
    lookups.set(storage, lookup);
  }
  return lookup;
}

/** A constraint as class-validator sees it, whose instance reports a promise answer instead of returning it. */
function watchedView(constraint: ConstraintLike): ConstraintLike {
  // validateSync skips constraints declared async itself; anything else may answer with a promise.
  if (typeof constraint !== 'object' || constraint === null || constraint.async === true) return constraint;
  let view = views.get(constraint);
  if (view === undefined) {
    let seen: unknown;
    let wrapper: unknown;
    view = Object.create(constraint, {
      instance: {
        // Read each time, as class-validator does (a user's container may answer with a new instance).
        get: () => {
          const instance = constraint.instance;
          if (instance !== seen) {
            seen = instance;
            wrapper = watchingInstance(constraint, instance);
          }
          return wrapper;
        },
        enumerable: true,
      },
    }) as ConstraintLike;
    views.set(constraint, view);
  }
  return view;
}

/** The constraint instance, its `validate` replaced (on a wrapper) by one that reports a promise answer. */
function watchingInstance(constraint: ConstraintLike, instance: ConstraintLike['instance']): unknown {
  if (typeof instance !== 'object' || instance === null || typeof instance.validate !== 'function') return instance;
  let wrapper = wrappers.get(instance);
  if (wrapper === undefined) {
    const validate = instance.validate;
    wrapper = Object.create(instance, {
      validate: {
        value: (value: unknown, args?: unknown) => {
          const answer = validate.call(instance, value, args);
          if (!isThenable(answer)) return answer;
          Promise.resolve(answer).catch(() => undefined); // never an unhandled rejection
          if (current !== undefined && current.promised === undefined) {
            current.promised = { name: String(constraint.name), constraint: constraint.target, at: where(args) };
          }
          return true;
        },
      },
    }) as object;
    wrappers.set(instance, wrapper);
  }
  return wrapper;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** `OrderDto.sku`, from class-validator's validation arguments (never the value). */
function where(args: unknown): string {
  const { targetName, property } = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  return `${typeof targetName === 'string' ? targetName : '?'}.${typeof property === 'string' ? property : '?'}`;
}
