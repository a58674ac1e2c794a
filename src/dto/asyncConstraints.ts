import type { DtoRuntime } from './runtime.js';

/**
 * How asynchronous a class's validation can be:
 * - `'sync'`: only class-validator's own constraints, which answer synchronously;
 * - `'maybe'`: a user-defined constraint, which may return a promise without declaring `async: true`;
 * - `'async'`: a constraint declared async, written as an async function, or `@ValidatePromise`.
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
  instance?: { validate?: unknown };
}
interface RawStorage {
  validationMetadatas?: unknown;
  getTargetValidatorConstraints?: (target: unknown) => RawConstraint[];
}

const ASYNC_FUNCTION = Object.getPrototypeOf(async () => {}).constructor;
const UNREADABLE: ClassValidationInfo = { asynchrony: 'async', nested: [] };

/**
 * Decides per record whether class-validator's `validateSync` gives exactly what `validate` would: only when every
 * class reachable through `@ValidateNested` uses class-validator's own constraints. The per-class part is read from
 * the metadata once and cached; anything unexpected in that metadata counts as async (the safe answer).
 */
export class AsyncConstraintDetector {
  private readonly cache = new WeakMap<Function, ClassValidationInfo>();

  constructor(private readonly runtime: DtoRuntime) {}

  /** The most asynchronous validation any object in `instance`'s `@ValidateNested` tree can need. */
  asynchronyOf(instance: unknown, depth = 0): Asynchrony {
    if (typeof instance !== 'object' || instance === null) return 'sync';
    if (depth > 64) return 'async';
    const info = this.infoOf(instance.constructor);
    let found = info.asynchrony;
    for (const property of info.nested) {
      if (found === 'async') break;
      const value = (instance as Record<string, unknown>)[property];
      if (typeof value !== 'object' || value === null) continue;
      const items = value instanceof Map || value instanceof Set ? value.values() : Array.isArray(value) ? value : [value];
      for (const item of items) {
        const child = this.asynchronyOf(item, depth + 1);
        if (RANK[child] > RANK[found]) found = child;
      }
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
        if (metadata.type !== 'customValidation') continue;
        const found = this.constraintAsynchrony(storage, metadata);
        if (RANK[found] > RANK[asynchrony]) asynchrony = found;
      }
    }
    return { asynchrony, nested: [...nested] };
  }

  /**
   * A constraint declared async (or written as an async function) is `'async'`; one of class-validator's own is
   * `'sync'`; any other user constraint is `'maybe'`: it can return a promise without saying so, which `validateSync`
   * would silently ignore.
   */
  private constraintAsynchrony(storage: RawStorage, metadata: RawMetadata): Asynchrony {
    const constraints = storage.getTargetValidatorConstraints?.(metadata.constraintCls) ?? [];
    if (constraints.some((c) => c.async === true || c.instance?.validate instanceof ASYNC_FUNCTION)) return 'async';
    return typeof metadata.name === 'string' && this.runtime.builtinConstraints.has(metadata.name) ? 'sync' : 'maybe';
  }
}
