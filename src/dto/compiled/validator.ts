import type { AsyncConstraintDetector } from '../asyncConstraints.js';
import type { DtoRuntime } from '../runtime.js';
import { passed, type VerdictOptions } from './checks.js';
import { type ConstraintCheck, compileValidationPlan, type ValidationPlan } from './validatorPlan.js';

/** Deeper than this, the compiled validator leaves the verdict to class-validator. */
const MAX_DEPTH = 200;

/**
 * A per-class validator compiled from class-validator's metadata that **accepts fast and rejects exactly**: `accepts`
 * answers `true` only when `validateSync` would find no error (walking the same metadata, running the same constraint
 * instances with the same arguments); `false` means "ask class-validator", which then gives the verdict and the
 * errors. It answers `false` for any class it does not compile (see `compileValidationPlan`), for a class that the
 * detector does not count as synchronous, and for values it does not walk (Sets and Maps).
 */
export class CompiledValidator {
  private plans = new WeakMap<Function, ValidationPlan | null>();
  private storage: unknown;
  private classes = -1;
  private generation = -1;

  constructor(
    private readonly runtime: DtoRuntime,
    private readonly options: VerdictOptions,
    private readonly detector: AsyncConstraintDetector,
    private readonly groups: string[] | undefined,
  ) {}

  /** Whether `ctor`'s own metadata compiles (its nested classes are compiled when met). */
  compiles(ctor: Function): boolean {
    return this.planOf(ctor) !== null;
  }

  /** `true` only if class-validator's `validateSync(instance)` gives no error under these options. */
  accepts(instance: unknown): boolean {
    const storage = this.runtime.getMetadataStorage() as unknown as { validationMetadatas?: Map<unknown, unknown> };
    const classes = storage.validationMetadatas?.size ?? -1;
    if (storage !== this.storage || classes !== this.classes || this.detector.generation !== this.generation) {
      this.plans = new WeakMap();
      this.storage = storage;
      this.classes = classes;
      this.generation = this.detector.generation;
    }
    try {
      return instance instanceof Object && this.object(instance as Record<string, unknown>, 0);
    } catch {
      return false; // whatever threw (a constraint, a user container) throws again in class-validator, as without this
    }
  }

  /** `ValidationExecutor.execute` on one object. */
  private object(object: Record<string, unknown>, depth: number): boolean {
    const ctor = object.constructor as Function | undefined;
    const plan = this.planOf(ctor);
    if (plan === null || depth > MAX_DEPTH) return false;
    for (const { list, length } of plan.held) {
      if (list.length !== length) {
        this.plans = new WeakMap();
        return false;
      }
    }
    const { options } = this;
    if (plan.empty && options.forbidUnknownValues) return false;
    if (options.whitelist) {
      for (const key of Object.keys(object)) {
        const metadatas = plan.grouped[key];
        if (!metadatas || metadatas.length === 0) return false; // stripped or forbidden: class-validator's to do
      }
    }
    const targetName = ctor ? ctor.name : undefined;
    const { properties } = plan;
    for (let p = 0; p < properties.length; p++) {
      const property = properties[p]!;
      const value = object[property.name];
      const { conditions, defined, constraints } = property;
      let validated = true;
      for (let i = 0; i < conditions.length; i++) if (!conditions[i]!(object, value)) validated = false;
      if (!validated) continue;
      for (let i = 0; i < defined.length; i++) if (!check(defined[i]!, targetName, object, value)) return false;
      if (value === undefined && options.skipUndefinedProperties) continue;
      if (value === null && options.skipNullProperties) continue;
      if ((value === null || value === undefined) && options.skipMissingProperties) continue;
      for (let i = 0; i < constraints.length; i++) if (!check(constraints[i]!, targetName, object, value)) return false;
      if (property.nested && value !== undefined && !this.nested(value, depth)) return false;
    }
    return true;
  }

  /** `ValidationExecutor.nestedValidations` on a defined value. */
  private nested(value: unknown, depth: number): boolean {
    if (Array.isArray(value)) {
      const { skipNullProperties, skipMissingProperties } = this.options;
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) continue; // forEach skips holes
        const item: unknown = value[i];
        if (item === undefined || (item === null && (skipNullProperties || skipMissingProperties))) continue;
        if (!this.nested(item, depth + 1)) return false;
      }
      return true;
    }
    if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
    return this.object(value as Record<string, unknown>, depth + 1);
  }

  private planOf(ctor: unknown): ValidationPlan | null {
    if (typeof ctor !== 'function') return null;
    let plan = this.plans.get(ctor);
    if (plan === undefined) {
      plan = this.detector.infoOf(ctor).asynchrony === 'sync' ? compileValidationPlan(this.runtime, ctor, this.groups) : null;
      this.plans.set(ctor, plan);
    }
    return plan;
  }
}

/** `ValidationExecutor.customValidations` for one constraint, with the validation arguments it builds. */
function check(check: ConstraintCheck, targetName: string | undefined, object: object, value: unknown): boolean {
  const args = { targetName, property: check.property, object, value, constraints: check.constraints };
  if (!check.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
    return passed(check.instance.validate(value, args));
  }
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    if (!passed(check.instance.validate(value[i], args))) return false;
  }
  return true;
}
