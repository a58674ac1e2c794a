// The compiled DTO path (src/dto/compiled: plainToInstance and the validator compiled per class) gives exactly what
// class-transformer's plainToInstance + class-validator's validateSync give: on generated classes (nested classes,
// arrays of them, optional members, base classes, and decorators it does not compile) and generated payloads
// (valid and invalid values, missing keys, nulls, `__proto__` / `constructor` / method-name keys), under the
// validator options batchkit users pass, DtoBinder's bind and bindSync agree with the libraries on the verdict, the
// error details and the built instance (prototypes, own keys in order, values).
// Runs: BATCHKIT_DIFF_RUNS (default 200); seed fixed (BATCHKIT_DIFF_SEED for a larger run with another).
import { RecordParseError, RecordValidationError } from 'batchkit';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import { type ValidatorOptions, validateSync } from 'class-validator';
import fc from 'fast-check';
import { CompiledValidator } from '../../src/dto/compiled/validator.js';
import { DtoBinder } from '../../src/dto/DtoBinder.js';
import { dtoRuntimeSync } from '../../src/dto/runtime.js';
import { flattenValidationErrors } from '../../src/errors/RecordValidationError.js';
import { type ClassSpec, classArb, classOf, payloadArb } from './dtoSpecs';

const RUNS = Number(process.env.BATCHKIT_DIFF_RUNS ?? 200);
const SEED = Number(process.env.BATCHKIT_DIFF_SEED ?? 20_261_123);
const DEFAULTS: ValidatorOptions = { forbidUnknownValues: true, validationError: { target: false, value: false } };
/** Validator options over batchkit's defaults: any mix of those the compiled validator models. */
const OPTIONS: fc.Arbitrary<ValidatorOptions> = fc.record(
  {
    whitelist: fc.boolean(),
    forbidNonWhitelisted: fc.boolean(),
    skipMissingProperties: fc.boolean(),
    skipNullProperties: fc.boolean(),
    skipUndefinedProperties: fc.boolean(),
    stopAtFirstError: fc.boolean(),
    forbidUnknownValues: fc.constantFrom(true, false, undefined),
  },
  { requiredKeys: [] },
);

type Outcome = { instance: object; stripped?: boolean } | { error: unknown };

/** Every own key path of a value, to see what `whitelist` stripped. */
function keyPaths(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    `${path}.${key}`,
    ...keyPaths((value as Record<string, unknown>)[key], `${path}.${key}`),
  ]);
}

/** The libraries by hand: plainToInstance, then validateSync. */
function theirs(dto: new () => object, payload: unknown, options: ValidatorOptions): Outcome {
  let instance: object;
  try {
    instance = plainToInstance(dto, payload) as object;
  } catch (error) {
    return { error };
  }
  const before = keyPaths(instance).join();
  const errors = validateSync(instance, { ...DEFAULTS, ...options });
  if (errors.length > 0) return { error: { errors, details: flattenValidationErrors(errors) } };
  return { instance, stripped: keyPaths(instance).join() !== before };
}

/** What the binder gave, and whether it gave it synchronously. */
async function ours(run: () => unknown): Promise<Outcome & { sync: boolean }> {
  let sync = true;
  try {
    const bound = run();
    sync = !(bound instanceof Promise);
    return { instance: (await bound) as object, sync };
  } catch (error) {
    return { error, sync };
  }
}

/** Same prototypes, same own keys in the same order, same descriptors and values, all the way down. */
function expectSameValue(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected !== 'object' || expected === null) {
    expect(Object.is(actual, expected), `${path}: ${String(actual)} vs ${String(expected)}`).to.equal(true);
    return;
  }
  expect(typeof actual, path).to.equal('object');
  expect(Object.getPrototypeOf(actual), `${path}: prototype`).to.equal(Object.getPrototypeOf(expected));
  if (expected instanceof Date) {
    expect(Object.is((actual as Date).getTime(), expected.getTime()), `${path}: date`).to.equal(true);
    return;
  }
  const keys = Reflect.ownKeys(expected);
  expect(Reflect.ownKeys(actual as object), `${path}: own keys`).to.deep.equal(keys);
  for (const key of keys) {
    const mine = Object.getOwnPropertyDescriptor(actual, key)!;
    const theirsDescriptor = Object.getOwnPropertyDescriptor(expected, key)!;
    expect([mine.enumerable, mine.writable], `${path}.${String(key)}: descriptor`).to.deep.equal([
      theirsDescriptor.enumerable,
      theirsDescriptor.writable,
    ]);
    expectSameValue(mine.value, theirsDescriptor.value, `${path}.${String(key)}`);
  }
}

function expectSameOutcome(actual: Outcome, expected: Outcome, dtoName: string): void {
  if ('instance' in expected) {
    expect(actual, 'verdict').to.have.property('instance');
    expectSameValue((actual as { instance: object }).instance, expected.instance, dtoName);
    return;
  }
  expect(actual, 'verdict').to.have.property('error');
  const error = (actual as { error: unknown }).error;
  const wanted = expected.error as { errors?: unknown[]; details?: unknown } | Error;
  if (wanted instanceof Error) {
    expect(error).to.be.instanceOf(RecordParseError);
    const cause = (error as RecordParseError).cause as Error;
    expect([cause.constructor, cause.message]).to.deep.equal([wanted.constructor, wanted.message]);
    return;
  }
  expect(error).to.be.instanceOf(RecordValidationError);
  const invalid = error as RecordValidationError;
  expect(invalid.dtoName).to.equal(dtoName);
  expect(invalid.details).to.deep.equal(wanted.details);
  expect(JSON.parse(JSON.stringify(invalid.validationErrors))).to.deep.equal(JSON.parse(JSON.stringify(wanted.errors)));
}

/** JSON text of the payload, parsed: `__proto__` becomes an own key, as with a record body. */
function asJson(payload: unknown): unknown {
  return JSON.parse(JSON.stringify(payload));
}

describe('compiled DTO path (differential against plainToInstance + validateSync)', () => {
  const runtime = dtoRuntimeSync();
  let accepted = 0;
  const original = Object.getOwnPropertyDescriptor(CompiledValidator.prototype, 'accepts')!;

  before(() => {
    // Counts the records the compiled validator accepted, so the property cannot pass by always falling back.
    Object.defineProperty(CompiledValidator.prototype, 'accepts', {
      ...original,
      value(this: CompiledValidator, instance: unknown): boolean {
        const answer = (original.value as (instance: unknown) => boolean).call(this, instance);
        if (answer) accepted++;
        return answer;
      },
    });
  });
  after(() => Object.defineProperty(CompiledValidator.prototype, 'accepts', original));

  const cases: { title: string; specs: fc.Arbitrary<ClassSpec>; compiled: boolean }[] = [
    { title: 'classes of compiled decorators', specs: classArb(2, false), compiled: true },
    { title: 'classes that also use decorators it does not compile', specs: classArb(1, true), compiled: false },
  ];
  for (const { title, specs, compiled } of cases) {
    it(`gives the libraries' verdict, details and instance for ${title}`, async function () {
      this.timeout(10_000 + RUNS * 200); // every generated class stays registered: later runs validate slower
      // Prepare
      accepted = 0;
      let valid = 0;
      let unstripped = 0;
      const scenario = specs.chain((spec) =>
        fc.record({
          spec: fc.constant(spec),
          options: OPTIONS,
          payloads: fc.array(payloadArb(spec), { minLength: 1, maxLength: 4 }),
        }),
      );

      await fc.assert(
        fc.asyncProperty(scenario, async ({ spec, options, payloads }) => {
          const dto = classOf(spec);
          const binder = new DtoBinder(dto as new () => object, runtime, { validator: options });
          for (const payload of payloads) {
            // Act
            const expected = theirs(dto, asJson(payload), options);
            const bound = await ours(() => binder.bind(asJson(payload)));
            const boundSync = await ours(() => binder.bindSync(asJson(payload)));

            // Assess
            if ('instance' in expected) valid++;
            if ('instance' in expected && !expected.stripped) unstripped++; // the compiled validator leaves stripping to class-validator
            expectSameOutcome(bound, expected, spec.name);
            expectSameOutcome(boundSync, expected, spec.name);
            if (compiled) expect(bound.sync).to.equal(true);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // the property held on both verdicts, and (for compiled classes) the compiled validator did the accepting
      expect(valid).to.be.greaterThan(RUNS / 4);
      if (compiled) expect(accepted).to.equal(2 * unstripped); // bind and bindSync: every valid record, compiled
    });
  }
});
