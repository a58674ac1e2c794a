// Generated DTO classes and payloads for the compiled-DTO differential test: a class spec is drawn with fast-check,
// made into a real decorated class (decorators applied as tsc applies them, design:type first), and payloads are
// drawn from the spec: mostly valid values, sometimes wrong ones, missing keys, nulls, extra keys (`__proto__`,
// `constructor`, method and getter names), all as JSON text would give them.
import 'reflect-metadata';
import { Expose, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import fc from 'fast-check';

type Kind =
  | 'string'
  | 'email'
  | 'iso'
  | 'matches'
  | 'in'
  | 'notEmpty'
  | 'int'
  | 'number'
  | 'boolean'
  | 'strings'
  | 'nested'
  | 'untypedNested'
  | 'nestedArray'
  | 'toNumber'
  | 'custom'
  | 'validateIf'
  | 'transform'
  | 'expose'
  | 'impostor';

/** One property of a generated class. */
export interface FieldSpec {
  name: string;
  kind: Kind;
  optional: boolean;
  defined: boolean;
  /** Lower / upper bound (length, value or size, by kind). */
  low: number | undefined;
  high: number | undefined;
  flag: boolean;
  /** A class field initializer. */
  initial: string | undefined;
  child: ClassSpec | undefined;
}

/** A generated class. */
export interface ClassSpec {
  name: string;
  fields: FieldSpec[];
  /** Fields defined on the instance by the constructor (tsc's ES2022 class fields) or not (older targets). */
  ownFields: boolean;
  /** A field without decorators that the constructor sets (names of `Object.prototype` members test the whitelist). */
  undecorated: string | undefined;
  base: ClassSpec | undefined;
}

const NAMES = ['alpha', 'beta', 'gamma', 'delta'];
/** A base class's field names: one of them may be declared again, differently, by the derived class. */
const BASE_NAMES = ['alpha', 'zeta', 'eta'];
const COLOURS = ['red', 'green', 'blue'];
const PATTERN = /^[A-Z]{2}-\d{2,4}$/;
/** Keys that are not properties: the payload keys class-transformer treats specially, method and getter names. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'extra', 'toString', 'valueOf', 'hasOwnProperty', 'describe', 'label'];
/** Kinds that the compiled path does not compile (the binder falls back to the libraries for them). */
const FALLBACK_KINDS: Kind[] = ['custom', 'validateIf', 'transform', 'expose'];
const LEAF_KINDS: Kind[] = [
  'string',
  'email',
  'iso',
  'matches',
  'in',
  'notEmpty',
  'int',
  'number',
  'boolean',
  'strings',
  'toNumber',
  'impostor',
];

@ValidatorConstraint({ name: 'evenLength' })
class EvenLength implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.length % 2 === 0;
  }
}

/** A user decorator registered under a built-in's name: the compiled path must run the user's function, not isString. */
function IsShortString(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isString',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 3 },
    });
}

function fieldArb(depth: number, fallbacks: boolean): fc.Arbitrary<Omit<FieldSpec, 'name'>> {
  const kinds: Kind[] = [...LEAF_KINDS, ...(fallbacks ? FALLBACK_KINDS : [])];
  if (depth > 0) kinds.push('nested', 'nested', 'nestedArray', 'nestedArray', 'untypedNested');
  const bound = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      optional: fc.boolean(),
      defined: fc.boolean(),
      low: bound,
      high: bound.map((high) => (high === undefined ? undefined : high + 2)),
      flag: fc.boolean(),
      initial: fc.option(fc.constantFrom('preset', 'x'), { nil: undefined, freq: 4 }),
    })
    .chain((field) =>
      field.kind === 'nested' || field.kind === 'nestedArray' || field.kind === 'untypedNested'
        ? classArb(depth - 1, fallbacks, false).map((child): Omit<FieldSpec, 'name'> => ({ ...field, child }))
        : fc.constant<Omit<FieldSpec, 'name'>>({ ...field, child: undefined }),
    );
}

/** A class spec: 1-4 fields, nested classes `depth` levels down, sometimes a base class. */
export function classArb(depth: number, fallbacks: boolean, withBase = true, names = NAMES): fc.Arbitrary<ClassSpec> {
  const fields = fc.uniqueArray(fc.tuple(fc.constantFrom(...names), fieldArb(depth, fallbacks)), {
    minLength: 1,
    maxLength: 4,
    selector: ([name]) => name,
  });
  return fc.record({
    name: fc.constantFrom('OrderDto', 'LineDto', 'Address'),
    fields: fields.map((list) => list.map(([name, field]) => ({ name, ...field }))),
    ownFields: fc.boolean(),
    undecorated: fc.option(fc.constantFrom('valueOf', 'hasOwnProperty', 'note'), { nil: undefined, freq: 3 }),
    base: withBase ? fc.option(classArb(0, fallbacks, false, BASE_NAMES), { nil: undefined, freq: 3 }) : fc.constant(undefined),
  });
}

const built = new WeakMap<ClassSpec, new () => object>();

/** The decorated class of a spec (made once per spec object). */
export function classOf(spec: ClassSpec): new () => object {
  let cls = built.get(spec);
  if (cls !== undefined) return cls;
  const base = spec.base === undefined ? undefined : classOf(spec.base);
  const { fields, ownFields, undecorated } = spec;
  const init = (self: object) => {
    if (undecorated !== undefined)
      Object.defineProperty(self, undecorated, { value: 'preset', writable: true, enumerable: true, configurable: true });
    if (!ownFields) return;
    for (const field of fields) {
      Object.defineProperty(self, field.name, { value: field.initial, writable: true, enumerable: true, configurable: true });
    }
  };
  cls =
    base === undefined
      ? class {
          constructor() {
            init(this);
          }
        }
      : class extends base {
          constructor() {
            super();
            init(this);
          }
        };
  Object.defineProperty(cls, 'name', { value: spec.name });
  // A method and a getter-only property, which class-transformer never overwrites from a payload key.
  Object.defineProperty(cls.prototype, 'describe', { value: () => spec.name, writable: true, configurable: true });
  Object.defineProperty(cls.prototype, 'label', { get: () => spec.name, configurable: true });
  for (const field of fields) decorate(cls.prototype, field);
  built.set(spec, cls);
  return cls;
}

function decorate(prototype: object, field: FieldSpec): void {
  const { name, low, high, flag } = field;
  const child = field.child === undefined ? undefined : classOf(field.child);
  const design: Record<Kind, unknown> = {
    string: String,
    email: String,
    iso: String,
    matches: String,
    in: String,
    notEmpty: String,
    int: Number,
    number: Number,
    boolean: Boolean,
    strings: Array,
    nested: child,
    untypedNested: child,
    nestedArray: Array,
    toNumber: Number,
    custom: String,
    validateIf: String,
    transform: String,
    expose: String,
    impostor: String,
  };
  Reflect.defineMetadata('design:type', design[field.kind], prototype, name);
  const bounds = (lower: (n: number) => PropertyDecorator, upper: (n: number) => PropertyDecorator) => [
    ...(low === undefined ? [] : [lower(low)]),
    ...(high === undefined ? [] : [upper(high)]),
  ];
  const decorators: Record<Kind, () => PropertyDecorator[]> = {
    string: () => [IsString(), ...bounds(MinLength, MaxLength)],
    email: () => [IsEmail()],
    iso: () => [IsISO8601(flag ? { strict: true } : undefined)],
    matches: () => [Matches(PATTERN)],
    in: () => [IsIn(COLOURS)],
    notEmpty: () => [IsNotEmpty(), IsString()],
    int: () => [IsInt(), ...bounds(Min, Max)],
    number: () => [IsNumber(flag ? { maxDecimalPlaces: 2 } : {}), ...(low === 1 ? [IsPositive()] : []), ...bounds(Min, Max)],
    boolean: () => [IsBoolean()],
    strings: () => [
      IsArray(),
      IsString({ each: true }),
      ...(flag ? [ArrayNotEmpty(), MaxLength(4, { each: true })] : []),
      ...bounds(ArrayMinSize, ArrayMaxSize),
    ],
    nested: () => [ValidateNested(), Type(() => child!)],
    untypedNested: () => [ValidateNested()],
    nestedArray: () => [
      IsArray(),
      ValidateNested({ each: true }),
      Type(() => child!),
      ...(flag ? [ArrayNotEmpty()] : []),
      ...(high === undefined ? [] : [ArrayMaxSize(high)]),
    ],
    toNumber: () => [Type(() => Number), IsNumber()],
    custom: () => [Validate(EvenLength)],
    validateIf: () => [ValidateIf((object: Record<string, unknown>) => object.alpha !== 'skip'), IsString()],
    transform: () => [Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)), IsString()],
    expose: () => [Expose(), IsString()],
    impostor: () => [IsShortString()],
  };
  const list = [...(field.optional ? [IsOptional()] : []), ...(field.defined ? [IsDefined()] : []), ...decorators[field.kind]()];
  for (const decorator of list.reverse()) decorator(prototype, name); // tsc applies the last decorator first
}

const json = fc.jsonValue({ maxDepth: 2 });

/** Values that pass the field's rules (mostly); a `noisy` payload's nested payloads are noisy too. */
function validValue(field: FieldSpec, depth: number, noisy: boolean): fc.Arbitrary<unknown> {
  const { flag } = field;
  const low = field.low;
  // bounds may contradict each other (MinLength(4) with MaxLength(2)): then nothing is valid, and that is fine
  const high = field.high === undefined ? undefined : Math.max(field.high, low ?? 0);
  const child = field.child;
  switch (field.kind) {
    case 'string':
      return fc.string({ minLength: low ?? 0, maxLength: high ?? Math.max(6, low ?? 0) });
    case 'email':
      return fc.constantFrom('a@example.com', 'first.last@sub.example.org', 'x@y.io');
    case 'iso':
      return fc
        .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => (flag ? date.toISOString() : date.toISOString().slice(0, 10)));
    case 'matches':
      return fc.stringMatching(PATTERN);
    case 'in':
      return fc.constantFrom(...COLOURS);
    case 'notEmpty':
    case 'custom':
    case 'validateIf':
    case 'transform':
    case 'expose':
      return fc.string({ minLength: 1, maxLength: 4 });
    case 'impostor':
      return fc.string({ maxLength: 3 });
    case 'int':
      return fc.integer({ min: low ?? -50, max: Math.max(high ?? 50, low ?? -50) });
    case 'number':
      return flag
        ? fc.integer({ min: (low ?? -5) * 100, max: Math.max(high ?? 5, low ?? -5) * 100 }).map((n) => n / 100)
        : fc.double({ min: low ?? -5, max: Math.max(high ?? 5, low ?? -5), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'strings':
      return fc.array(fc.string({ maxLength: 5 }), {
        minLength: low ?? (flag ? 1 : 0),
        maxLength: high ?? Math.max(3, low ?? 0),
      });
    case 'toNumber':
      return fc.oneof(fc.integer(), fc.integer().map(String), fc.constantFrom('1.5', 'abc', ''));
    case 'nested':
      return nestedPayloadArb(child!, depth + 1, noisy);
    case 'untypedNested':
      return fc.oneof(nestedPayloadArb(child!, depth + 1, noisy), json);
    case 'nestedArray': {
      const item = fc.oneof({ weight: 8, arbitrary: nestedPayloadArb(child!, depth + 1, noisy) }, fc.constant(null));
      return fc.array(item, { minLength: flag ? 1 : 0, maxLength: high ?? 3 });
    }
  }
}

/** Values that break the rules, or are of another type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  json,
  fc.constantFrom(0, -1, 1.005, 101, '', 'not-an-email', '12', true, [], {}, [null], ['x', 1], 'ab-12'),
);

const MISSING = Symbol('missing');

/**
 * A payload of the spec's class (and its base), as JSON text would give it: half of them with valid values only
 * (extra keys aside), half noisy (some values wrong, missing or null, at any depth).
 */
export function payloadArb(spec: ClassSpec): fc.Arbitrary<Record<string, unknown>> {
  return fc.boolean().chain((noisy) => nestedPayloadArb(spec, 0, noisy));
}

function nestedPayloadArb(spec: ClassSpec, depth: number, noisy: boolean): fc.Arbitrary<Record<string, unknown>> {
  const fields = [...(spec.base?.fields ?? []), ...spec.fields];
  const entries = fields.map((field) =>
    fc.tuple(
      fc.constant(field.name),
      noisy
        ? fc.oneof(
            { weight: 6, arbitrary: validValue(field, depth, noisy) },
            { weight: 1, arbitrary: wrongValue },
            { weight: 1, arbitrary: fc.constant(MISSING) },
            { weight: 1, arbitrary: fc.constant(null) },
          )
        : fc.oneof(
            { weight: 10, arbitrary: validValue(field, depth, noisy) },
            { weight: 1, arbitrary: fc.constant(MISSING) }, // valid when optional or skipped
            { weight: 1, arbitrary: fc.constant(null) },
          ),
    ),
  );
  const extras = fc.uniqueArray(fc.tuple(fc.constantFrom(...EXTRA_KEYS), json), {
    maxLength: depth === 0 ? 3 : 1,
    selector: ([key]) => key,
  });
  return fc
    .tuple(fc.tuple(...entries), fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extras }))
    .map(([values, extra]) => {
      const payload: Record<string, unknown> = {};
      for (const [key, value] of [...values, ...extra]) {
        if (value === MISSING) continue;
        Object.defineProperty(payload, key, { value, writable: true, enumerable: true, configurable: true });
      }
      return payload;
    });
}
