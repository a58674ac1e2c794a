import type { DtoRuntime } from './runtime.js';

/** What batchkit needs to know about a validated class, read once from class-validator's metadata. */
interface ClassValidationInfo {
  /** A constraint of the class may answer with a promise (declared async, an async function, or `@ValidatePromise`). */
  async: boolean;
  /** Properties validated with `@ValidateNested`: their values' classes count too. */
  nested: string[];
}

interface RawMetadata {
  type?: unknown;
  propertyName?: unknown;
  constraintCls?: unknown;
}
interface RawStorage {
  validationMetadatas?: unknown;
  getTargetValidatorConstraints?: (target: unknown) => { async?: unknown; instance?: { validate?: unknown } }[];
}

const ASYNC_FUNCTION = Object.getPrototypeOf(async () => {}).constructor;
const UNKNOWN: ClassValidationInfo = { async: true, nested: [] };

/**
 * Decides per record whether class-validator's `validateSync` gives exactly what `validate` would: true when no class
 * reachable through `@ValidateNested` has a constraint that can answer with a promise. The per-class part is read
 * from the metadata once and cached; anything unexpected in that metadata counts as async (the safe answer).
 */
export class AsyncConstraintDetector {
  private readonly cache = new WeakMap<Function, ClassValidationInfo>();

  constructor(private readonly runtime: DtoRuntime) {}

  /** True when validating `instance` may involve an async constraint. */
  needsAsync(instance: unknown, depth = 0): boolean {
    if (typeof instance !== 'object' || instance === null) return false;
    if (depth > 64) return true;
    const info = this.infoOf(instance.constructor);
    if (info.async) return true;
    for (const property of info.nested) {
      const value = (instance as Record<string, unknown>)[property];
      if (typeof value !== 'object' || value === null) continue;
      const items = value instanceof Map || value instanceof Set ? value.values() : Array.isArray(value) ? value : [value];
      for (const item of items) if (this.needsAsync(item, depth + 1)) return true;
    }
    return false;
  }

  /** The class's info, walking its prototype chain (class-validator applies inherited constraints). */
  infoOf(ctor: unknown): ClassValidationInfo {
    if (typeof ctor !== 'function') return { async: false, nested: [] };
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
    if (!(byTarget instanceof Map) || typeof storage.getTargetValidatorConstraints !== 'function') return UNKNOWN;
    const nested = new Set<string>();
    for (
      let c: unknown = ctor;
      typeof c === 'function' && c !== Object && c !== Function.prototype;
      c = Object.getPrototypeOf(c)
    ) {
      const metadatas: unknown = byTarget.get(c);
      if (metadatas === undefined) continue;
      if (!Array.isArray(metadatas)) return UNKNOWN;
      for (const metadata of metadatas as RawMetadata[]) {
        if (metadata.type === 'promiseValidation') return UNKNOWN;
        if (metadata.type === 'nestedValidation' && typeof metadata.propertyName === 'string') nested.add(metadata.propertyName);
        if (metadata.type === 'customValidation' && constraintMayBeAsync(storage, metadata.constraintCls)) return UNKNOWN;
      }
    }
    return { async: false, nested: [...nested] };
  }
}

function constraintMayBeAsync(storage: RawStorage, constraintCls: unknown): boolean {
  const constraints = storage.getTargetValidatorConstraints?.(constraintCls) ?? [];
  return constraints.some((constraint) => constraint.async !== false || constraint.instance?.validate instanceof ASYNC_FUNCTION);
}
