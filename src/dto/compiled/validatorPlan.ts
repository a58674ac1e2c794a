import type { DtoRuntime } from '../runtime.js';
import { COMPILED_CONSTRAINTS, isOptionalCondition, isRegisteredByValidator, SLOW_CONSTRAINTS } from './checks.js';

/** One class-validator constraint on a property, run through its constraint instance as `ValidationExecutor` does. */
export interface ConstraintCheck {
  instance: { validate(value: unknown, args: unknown): unknown };
  property: string;
  constraints: unknown;
  each: boolean;
}

/** What class-validator checks on one property, in the order it checks it. */
export interface PropertyPlan {
  name: string;
  /** `@IsOptional()` conditions: the property is not validated when one says no. */
  conditions: ((object: object, value: unknown) => unknown)[];
  /** `@IsDefined()`, checked before the skip options. */
  defined: ConstraintCheck[];
  constraints: ConstraintCheck[];
  /** `@ValidateNested()`. */
  nested: boolean;
  /** 0: quick checks only, 1: nested objects, 2: a slow constraint (`isEmail`, ...). */
  cost: number;
}

/** A class's validation, compiled from the metadata class-validator itself would use for it. */
export interface ValidationPlan {
  /** No metadata applies: `forbidUnknownValues` rejects it. */
  empty: boolean;
  /** class-validator's own grouping of the metadata by property, which its whitelist test reads. */
  grouped: Record<string, unknown[]>;
  properties: PropertyPlan[];
  /** The metadata lists read (the class's and its ancestors'), with their lengths then: a new decorator recompiles. */
  held: { list: unknown[]; length: number }[];
}

interface RawMetadata {
  type?: unknown;
  name?: unknown;
  propertyName?: unknown;
  constraintCls?: unknown;
  constraints?: unknown;
  each?: unknown;
  validateIf?: unknown;
}

interface RawStorage {
  validationMetadatas: Map<unknown, unknown[]>;
  getTargetValidationMetadatas(ctor: Function, schema: unknown, always: boolean, strict: boolean, groups?: string[]): unknown[];
  groupByPropertyName(metadatas: unknown[]): Record<string, unknown[]>;
  getTargetValidatorConstraints(cls: unknown): { async?: unknown; instance?: unknown }[];
}

/**
 * The plan of `ctor` under options without groups, or `null` when something in its metadata is not compiled: a user
 * constraint, `@ValidateIf`, `@ValidatePromise`, a `validateIf` option, a built-in outside `COMPILED_CONSTRAINTS`.
 */
export function compileValidationPlan(runtime: DtoRuntime, ctor: Function, groups?: string[]): ValidationPlan | null {
  const storage = runtime.getMetadataStorage() as unknown as RawStorage;
  if (!(storage.validationMetadatas instanceof Map)) return null;
  try {
    return compile(runtime, storage, ctor, groups);
  } catch {
    return null; // metadata it cannot read (a schema's string target, a user container that throws)
  }
}

function compile(runtime: DtoRuntime, storage: RawStorage, ctor: Function, groups?: string[]): ValidationPlan | null {
  const metadatas = storage.getTargetValidationMetadatas(ctor, undefined, false, false, groups);
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyPlan[] = [];
  for (const name of Object.keys(grouped)) {
    const property = compileProperty(runtime, storage, name, grouped[name] as RawMetadata[]);
    if (property === null) return null;
    properties.push(property);
  }
  // Properties are independent (built-in constraints have no side effects): quick ones first, so a rejection (then
  // left to class-validator) costs less. Array.prototype.sort is stable: otherwise class-validator's order.
  properties.sort((a, b) => a.cost - b.cost);
  return { empty: metadatas.length === 0, grouped, properties, held: heldLists(storage, ctor) };
}

function compileProperty(runtime: DtoRuntime, storage: RawStorage, name: string, metadatas: RawMetadata[]): PropertyPlan | null {
  const plan: PropertyPlan = { name, conditions: [], defined: [], constraints: [], nested: false, cost: 0 };
  for (const metadata of metadatas) {
    switch (metadata.type) {
      case 'whitelistValidation':
        break;
      case 'nestedValidation':
        plan.nested = true;
        plan.cost = Math.max(plan.cost, 1);
        break;
      case 'conditionalValidation': {
        if (!isOptionalCondition(runtime, metadata.name, metadata.constraints)) return null;
        plan.conditions.push((metadata.constraints as PropertyPlan['conditions'])[0]!);
        break;
      }
      case 'isDefined':
      case 'customValidation': {
        const check = compileConstraint(runtime, storage, metadata);
        if (check === null) return null;
        (metadata.type === 'isDefined' ? plan.defined : plan.constraints).push(check);
        if (SLOW_CONSTRAINTS.has(metadata.name as string)) plan.cost = 2;
        break;
      }
      default:
        return null;
    }
  }
  return plan;
}

function compileConstraint(runtime: DtoRuntime, storage: RawStorage, metadata: RawMetadata): ConstraintCheck | null {
  if (typeof metadata.name !== 'string' || !COMPILED_CONSTRAINTS.has(metadata.name)) return null;
  if (metadata.validateIf || !isRegisteredByValidator(runtime, metadata.constraintCls)) return null;
  const registered = storage.getTargetValidatorConstraints(metadata.constraintCls);
  if (registered.length !== 1 || registered[0]!.async) return null;
  const instance = registered[0]!.instance as ConstraintCheck['instance'] | undefined;
  if (typeof instance?.validate !== 'function' || typeof metadata.propertyName !== 'string') return null;
  return { instance, property: metadata.propertyName, constraints: metadata.constraints, each: Boolean(metadata.each) };
}

/** The lists `getTargetValidationMetadatas` reads for `ctor`: its own, and those of the classes it inherits from. */
function heldLists(storage: RawStorage, ctor: Function): ValidationPlan['held'] {
  const held: ValidationPlan['held'] = [];
  for (const [target, list] of storage.validationMetadatas) {
    if (target === ctor || (typeof target === 'function' && ctor.prototype instanceof target)) {
      held.push({ list, length: list.length });
    }
  }
  return held;
}
