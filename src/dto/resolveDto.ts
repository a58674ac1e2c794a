import { InvalidDtoError } from '../errors/InvalidDtoError.js';
import { MissingTypeMetadataError } from '../errors/MissingTypeMetadataError.js';
import type { Class, DtoOption } from '../types.js';

/** Types that reflect from a parameter but can never be a DTO. */
const UNUSABLE = new Set<unknown>([Function, Promise, Array, String, Number, Boolean, Symbol, BigInt, Map, Set, Date, RegExp]);

/** Where a record handler's DTO comes from. */
export interface DtoSource {
  className: string;
  methodName: string;
  /** The explicit `dto` option, if any. */
  explicit: DtoOption | undefined;
  /** The prototype that declared the method (its `design:paramtypes` count). */
  declaringPrototype: object;
  /** How many parameters the declared method has. */
  arity: number;
}

/**
 * Decides a record handler's DTO: the explicit option wins (a class, a thunk, or `false` for none);
 * otherwise the first parameter's reflected type, where `Object` (an interface) means the raw record.
 * Throws `MissingTypeMetadataError` where a type should be readable but is not, `InvalidDtoError` when the thunk throws.
 */
export function resolveDto(source: DtoSource): Class | undefined {
  const { explicit, className, methodName } = source;
  if (explicit === false) return undefined;
  if (explicit !== undefined) return fromExplicit(explicit, className, methodName);

  const reflect = Reflect as { getOwnMetadata?: (key: string, target: object, property: string) => unknown };
  const loaded = typeof reflect.getOwnMetadata === 'function';
  const types = loaded ? reflect.getOwnMetadata?.('design:paramtypes', source.declaringPrototype, methodName) : undefined;
  // `arity` is also 0 when the first parameter has a default value: the metadata, when present, decides.
  if ((!Array.isArray(types) || types.length === 0) && source.arity === 0) return undefined;
  if (!loaded) {
    throw new MissingTypeMetadataError(
      className,
      methodName,
      'reflect-metadata is not loaded, so the DTO type of the first parameter cannot be read.',
    );
  }
  if (!Array.isArray(types) || types.length === 0) {
    throw new MissingTypeMetadataError(
      className,
      methodName,
      'no design:paramtypes metadata was emitted (esbuild, tsx, SWC without decoratorMetadata, or reflect-metadata imported after the class).',
    );
  }
  const first: unknown = types[0];
  if (first === Object) return undefined;
  if (typeof first !== 'function' || UNUSABLE.has(first)) {
    const name = typeof first === 'function' ? first.name : String(first);
    throw new MissingTypeMetadataError(
      className,
      methodName,
      `the first parameter reflects as ${name}, which cannot be a DTO (an "import type" of a class reflects as Function).`,
    );
  }
  return first as Class;
}

function fromExplicit(explicit: Class | (() => Class), className: string, methodName: string): Class {
  // A class has a prototype object with itself as constructor; an arrow thunk has no prototype.
  const candidate = isClass(explicit) ? explicit : callThunk(explicit as () => Class, className, methodName);
  if (!isClass(candidate)) {
    throw new MissingTypeMetadataError(className, methodName, 'the dto option is neither a class nor a function returning one.');
  }
  return candidate;
}

/** Calls a `dto` thunk; what it throws becomes `InvalidDtoError` with the thrown value as `cause`. */
function callThunk(thunk: () => Class, className: string, methodName: string): unknown {
  try {
    return thunk();
  } catch (error) {
    throw new InvalidDtoError(
      `${className}.${methodName}`,
      'the dto thunk threw (see cause). A ReferenceError here is often a circular import whose class is not yet defined.',
      { cause: error },
    );
  }
}

function isClass(value: unknown): value is Class {
  return (
    typeof value === 'function' &&
    typeof value.prototype === 'object' &&
    value.prototype !== null &&
    value.prototype.constructor === value
  );
}
