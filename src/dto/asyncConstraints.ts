import type { DtoRuntime } from './runtime.js';

/**
 * How asynchronous a class's validation can be:
 * - `'sync'`: only class-validator's own constraints, which answer synchronously;
 * - `'maybe'`: a user-defined constraint, which may return a promise without declaring `async: true`;
 * - `'async'`: a constraint declared async, written as an async function, seen answering with a promise, or
 *   `@ValidatePromise`.
 */
export type Asynchrony = 'sync' | 'maybe' | 'async';

const RANK: Record<Asynchrony, number> = { sync: 0, maybe: 1, async: 2 };

/** What batchkit needs to know about a validated class, read once from class-validator's metadata. */
interface ClassValidationInfo {
  asynchrony: Asynchrony;
  /** Properties validated with `@ValidateNested`: their values' classes count too. */
  nested: string[];
}

interface RawMetadata {
  type?: unknown;
  name?: unknown;
  propertyName?: unknown;
  constraintCls?: unknown;
}
interface RawConstraint {
  async?: unknown;
  target?: unknown;
  instance?: { validate?: unknown };
}
interface RawStorage {
  validationMetadatas?: unknown;
  getTargetValidatorConstraints?: (target: unknown) => RawConstraint[];
}

const ASYNC_FUNCTION = Object.getPrototypeOf(async () => {}).constructor;
const UNREADABLE: ClassValidationInfo = { asynchrony: 'async', nested: [] };
/** The metadata types whose constraints class-validator runs (`isDefined` is a custom constraint run first). */
const CONSTRAINT_TYPES = new Set<unknown>(['customValidation', 'isDefined']);
/**
 * Deeper than this, the walk stops and answers `'async'` (the safe answer for `bind`). A payload is at most `maxDepth`
 * (default 500) levels deep, and class-validator's own recursion overflows the stack long before this.
 */
const MAX_WALK_DEPTH = 2_000;

/**
 * Decides per record whether class-validator's `validateSync` gives exactly what `validate` would: only when every
 * class reachable through `@ValidateNested` uses class-validator's own constraints. The per-class part is read from
 * the metadata once and cached; anything unexpected in that metadata counts as async (the safe answer).
 */
export class AsyncConstraintDetector {
  private cache = new WeakMap<Function, ClassValidationInfo>();
  /** Constraint classes seen answering `validateSync` with a promise although nothing said they were async. */
  private readonly promising = new WeakSet<object>();
  private marks = 0;

  constructor(private readonly runtime: DtoRuntime) {}

  /** The most asynchronous validation any object in `instance`'s `@ValidateNested` tree can need. */
  asynchronyOf(instance: unknown, depth = 0): Asynchrony {
    if (typeof instance !== 'object' || instance === null) return 'sync';
    const info = this.infoOf(instance.constructor);
    let found = info.asynchrony;
    for (const property of info.nested) {
      if (found === 'async') break;
      const child = this.nestedAsynchrony((instance as Record<string, unknown>)[property], depth + 1);
      if (RANK[child] > RANK[found]) found = child;
    }
    return found;
  }

  /**
   * Notes a constraint class that answered with a promise without saying so: from now on the classes that use it
   * count as `'async'`.
   */
  markPromising(constraint: unknown): void {
    if ((typeof constraint !== 'function' && typeof constraint !== 'object') || constraint === null) return;
    if (this.promising.has(constraint)) return;
    this.promising.add(constraint);
    this.cache = new WeakMap();
    this.marks++;
  }

  /** Changes each time `markPromising` changes an answer: whoever cached answers forgets them. */
  get generation(): number {
    return this.marks;
  }

  /**
   * A `@ValidateNested` value, walked as class-validator walks it: arrays, Sets and Maps (their values) at any depth,
   * down to the objects whose own class is then validated.
   */
  private nestedAsynchrony(value: unknown, depth: number): Asynchrony {
    if (typeof value !== 'object' || value === null) return 'sync';
    if (depth > MAX_WALK_DEPTH) return 'async';
    if (!(Array.isArray(value) || value instanceof Set || value instanceof Map)) return this.asynchronyOf(value, depth);
    let found: Asynchrony = 'sync';
    for (const item of value.values()) {
      const child = this.nestedAsynchrony(item, depth + 1);
      if (RANK[child] > RANK[found]) found = child;
      if (found === 'async') break;
    }
    return found;
  }

  /** The class's info, walking its prototype chain (class-validator applies inherited constraints). */
  infoOf(ctor: unknown): ClassValidationInfo {
    if (typeof ctor !== 'function') return { asynchrony: 'sync', nested: [] };
    let info = this.cache.get(ctor);
    if (info === undefined) {
      info = this.read(ctor);
      this.cache.set(ctor, info);
    }
    return info;
  }

  private read(ctor: Function): ClassValidationInfo {
    const storage = this.runtime.getMetadataStorage() as unknown as RawStorage;
    const byTarget = storage.validationMetadatas;
    if (!(byTarget instanceof Map) || typeof storage.getTargetValidatorConstraints !== 'function') return UNREADABLE;
    const nested = new Set<string>();
    let asynchrony: Asynchrony = 'sync';
    for (
      let c: unknown = ctor;
      typeof c === 'function' && c !== Object && c !== Function.prototype;
      c = Object.getPrototypeOf(c)
    ) {
      const metadatas: unknown = byTarget.get(c);
      if (metadatas === undefined) continue;
      if (!Array.isArray(metadatas)) return UNREADABLE;
      for (const metadata of metadatas as RawMetadata[]) {
        if (metadata.type === 'promiseValidation') return { asynchrony: 'async', nested: [] };
        if (metadata.type === 'nestedValidation' && typeof metadata.propertyName === 'string') nested.add(metadata.propertyName);
        if (!CONSTRAINT_TYPES.has(metadata.type)) continue;
        const found = this.constraintAsynchrony(storage, metadata);
        if (RANK[found] > RANK[asynchrony]) asynchrony = found;
      }
    }
    return { asynchrony, nested: [...nested] };
  }

  /**
   * A constraint declared async, written as an async function or seen answering with a promise is `'async'`; one of
   * class-validator's own is `'sync'`; any other user constraint is `'maybe'`: it can return a promise without saying
   * so, which `validateSync` would silently ignore.
   */
  private constraintAsynchrony(storage: RawStorage, metadata: RawMetadata): Asynchrony {
    const constraints = storage.getTargetValidatorConstraints?.(metadata.constraintCls) ?? [];
    if (
      constraints.some(
        (c) =>
          c.async === true ||
          c.instance?.validate instanceof ASYNC_FUNCTION ||
          (typeof c.target === 'function' && this.promising.has(c.target)),
      )
    )
      return 'async';
    return this.isBuiltin(metadata) ? 'sync' : 'maybe';
  }

  /**
   * One of class-validator's own constraints: registered under one of its constraint names by its `registerDecorator`
   * from a validator object. Those constraint classes are made anew for every use, so there is no class to compare
   * with; the class must be one `registerDecorator` made (its source is part of `registerDecorator`'s), which a user's
   * `@ValidatorConstraint` class under a built-in's name is not. A user's `registerDecorator` validator object under a
   * built-in's name cannot be told apart here: `validateSyncWatched` catches it if it answers with a promise.
   */
  private isBuiltin(metadata: RawMetadata): boolean {
    if (typeof metadata.name !== 'string' || !this.runtime.builtinConstraints.has(metadata.name)) return false;
    const cls = metadata.constraintCls;
    if (typeof cls !== 'function') return false;
    const source = Function.prototype.toString.call(cls);
    return source.length > 0 && this.runtime.registerDecoratorSource.includes(source);
  }
}
