import type { TransformerStorage, TypeMetadataLike } from './transformerStorage.js';

/** What `CompiledTransformer.build` answers when only class-transformer itself can build the payload. */
export const FALLBACK: unique symbol = Symbol('batchkit.compiledFallback');

type Constructor = new () => object;

/** A class that the compiled transform builds: its resolved `@Type`s (own first, then its ancestors'). */
interface ClassPlan {
  ctor: Constructor;
  types: Map<string, TypeMetadataLike>;
  /** The `@Type` maps read (the class's and its ancestors'), with their sizes then: a new `@Type` recompiles. */
  held: { map: Map<unknown, unknown>; size: number }[];
}

/** Thrown inside the walk where class-transformer would do something not reproduced here. */
const BAIL = Object.freeze({ bail: true });
const NodeBuffer = (globalThis as { Buffer?: Function }).Buffer;
const { getOwnPropertyDescriptor, getPrototypeOf } = Object;

/**
 * class-transformer's `plainToInstance` with default options, reproduced per class from its metadata storage:
 * the same constructor calls, own keys in the same order (`__proto__` and `constructor` skipped, keys that hit a
 * method or a getter-only property skipped), `@Type` classes and arrays of them, `String`/`Number`/`Boolean`/`Date`
 * conversions. Classes with `@Expose`, `@Exclude`, `@Transform`, discriminators or `Map` members are not compiled,
 * and neither are payload values a JSON text cannot hold (Maps, Sets, Buffers, promises, objects of other classes):
 * `build` then answers `FALLBACK` and the caller runs class-transformer itself. So does any error on the way.
 */
export class CompiledTransformer {
  private plans = new WeakMap<Function, ClassPlan | null>();
  /** How many classes had `@Type`, `@Transform`, `@Expose`, `@Exclude` metadata when the plans were made. */
  private sizes = [0, 0, 0, 0];

  constructor(private readonly storage: TransformerStorage) {
    this.reset();
  }

  /** Whether `ctor` is a class this transformer builds (its nested `@Type` classes are looked at when met). */
  compiles(ctor: Function): boolean {
    return this.planOf(ctor) !== null;
  }

  /** `plainToInstance(ctor, input)`, or `FALLBACK`. */
  build(ctor: Function, input: unknown): unknown {
    if (this.stale()) this.reset();
    try {
      return this.value(input, ctor, undefined);
    } catch {
      return FALLBACK;
    }
  }

  /** `TransformOperationExecutor.transform` for one value (never a Map, as the callers make sure). */
  private value(value: unknown, type: unknown, arrayType: unknown): unknown {
    if (value === null || typeof value !== 'object') {
      // null, a primitive or a function: no array, Set, Date, Buffer, Map or promise
      if (type === undefined || value === null || value === undefined) return value;
      if (type === String) return String(value);
      if (type === Number) return Number(value);
      if (type === Boolean) return Boolean(value);
      if (type === Date) return new Date(value as string);
      if (NodeBuffer !== undefined && type === NodeBuffer) throw BAIL;
      return value;
    }
    if (Array.isArray(value)) return this.array(value, type, arrayType);
    if (value instanceof Set) throw BAIL;
    if (type === String) return String(value);
    if (type === Number) return Number(value);
    if (type === Boolean) return Boolean(value);
    if (value instanceof Date) return new Date(value.valueOf());
    if (type === Date) return new Date(value as unknown as string);
    if (NodeBuffer !== undefined && (type === NodeBuffer || value instanceof NodeBuffer)) throw BAIL;
    if (value instanceof Map || typeof (value as { then?: unknown }).then === 'function') throw BAIL;
    if (type === undefined) return this.plainObject(value as Record<string, unknown>);
    const plan = this.planOf(type);
    if (plan === null) throw BAIL;
    return this.instance(value as Record<string, unknown>, plan);
  }

  private array(value: unknown[], type: unknown, arrayType: unknown): unknown[] {
    if (getPrototypeOf(value) !== Array.prototype) throw BAIL;
    let out: unknown[] = [];
    if (arrayType) {
      // class-transformer's instantiateArrayType: the declared type is constructed, kept only if it is a list
      const made = new (arrayType as Constructor)();
      if (made instanceof Set || ('push' in made && !(Array.isArray(made) && getPrototypeOf(made) === Array.prototype))) {
        throw BAIL;
      }
      if ('push' in made) out = made as unknown[];
    }
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // forEach skips holes
      const item = value[i];
      if (item instanceof Map) throw BAIL;
      out.push(this.value(item, type, undefined));
    }
    return out;
  }

  /** An object without `@Type`: class-transformer guesses its class from `constructor`; only `Object` is done here. */
  private plainObject(value: Record<string, unknown>): Record<string, unknown> {
    if (value.constructor !== Object) throw BAIL;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'constructor') continue;
      const item = value[key];
      if (item instanceof Map) throw BAIL;
      if (skipped(out, key)) continue;
      out[key] = this.value(item, undefined, undefined);
    }
    return out;
  }

  private instance(value: Record<string, unknown>, plan: ClassPlan): object {
    for (const { map, size } of plan.held) {
      if (map.size !== size) {
        this.reset();
        throw BAIL;
      }
    }
    const out = new plan.ctor() as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'constructor') continue;
      const item = value[key];
      const meta = plan.types.get(key);
      let type: unknown;
      if (meta !== undefined) {
        type = meta.typeFunction ? meta.typeFunction({ newObject: out, object: value, property: key }) : meta.reflectedType;
      }
      const arrayType = Array.isArray(value[key]) ? meta?.reflectedType : undefined;
      if (skipped(out, key)) continue;
      if (item instanceof Map) throw BAIL;
      if (!type) type = undefined;
      else if (typeof type !== 'function') throw BAIL;
      out[key] = this.value(item, type, arrayType);
    }
    return out;
  }

  private planOf(type: unknown): ClassPlan | null {
    if (typeof type !== 'function') return null;
    let plan = this.plans.get(type);
    if (plan === undefined) {
      plan = this.compile(type);
      this.plans.set(type, plan);
    }
    return plan;
  }

  private compile(type: Function): ClassPlan | null {
    if (typeof type.prototype !== 'object' || type.prototype === null) return null;
    if (type === Map || type.prototype instanceof Map) return null;
    const { storage } = this;
    let chain: unknown[];
    try {
      chain = [type, ...storage.getAncestors(type)];
    } catch {
      return null;
    }
    const decorated = (c: unknown) =>
      storage._transformMetadatas.has(c) || storage._exposeMetadatas.has(c) || storage._excludeMetadatas.has(c);
    if (chain.some(decorated)) return null;
    const types = new Map<string, TypeMetadataLike>();
    const held: ClassPlan['held'] = [];
    for (const c of chain) {
      const map = storage._typeMetadatas.get(c);
      if (map === undefined) continue;
      held.push({ map, size: map.size });
      for (const [property, meta] of map) {
        if (typeof property !== 'string' || types.has(property)) continue;
        if (meta.options?.discriminator || meta.reflectedType === Map) return null;
        types.set(property, meta);
      }
    }
    return { ctor: type as Constructor, types, held };
  }

  private sizesNow(): number[] {
    const { _typeMetadatas, _transformMetadatas, _exposeMetadatas, _excludeMetadatas } = this.storage;
    return [_typeMetadatas.size, _transformMetadatas.size, _exposeMetadatas.size, _excludeMetadatas.size];
  }

  private stale(): boolean {
    const { storage, sizes } = this;
    return (
      storage._typeMetadatas.size !== sizes[0] ||
      storage._transformMetadatas.size !== sizes[1] ||
      storage._exposeMetadatas.size !== sizes[2] ||
      storage._excludeMetadatas.size !== sizes[3]
    );
  }

  private reset(): void {
    this.plans = new WeakMap();
    this.sizes = this.sizesNow();
  }
}

/**
 * class-transformer leaves out a key that names something on the new object's class prototype without a setter,
 * or a function the new object already has (a method, `toString`, ...).
 */
function skipped(out: Record<string, unknown>, key: string): boolean {
  const proto: unknown = (out.constructor as { prototype?: unknown }).prototype;
  if (!proto) return false;
  const descriptor = getOwnPropertyDescriptor(proto, key);
  return (descriptor !== undefined && !descriptor.set) || out[key] instanceof Function;
}
