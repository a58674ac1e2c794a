// AsyncConstraintDetector decides, per DTO instance, whether validateSync can give class-validator's `validate` verdict.
import { expect } from 'chai';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsString,
  registerDecorator,
  Validate,
  ValidateNested,
  ValidatePromise,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { AsyncConstraintDetector } from '../../../src/dto/asyncConstraints';
import { type DtoRuntime, dtoRuntime } from '../../../src/dto/runtime';

@ValidatorConstraint({ name: 'knownCode', async: true })
class KnownCode implements ValidatorConstraintInterface {
  async validate(value: unknown) {
    return value === 'ok';
  }
}

class Leaf {
  @Validate(KnownCode) code!: string;
}

describe('AsyncConstraintDetector', () => {
  describe('finds an async constraint on a class reached through any nesting', () => {
    class Single {
      @ValidateNested() @Type(() => Leaf) leaf!: Leaf;
    }
    class List {
      @ValidateNested({ each: true }) @Type(() => Leaf) leaves!: Leaf[];
    }
    class Grid {
      @ValidateNested({ each: true }) @Type(() => Leaf) grid!: Leaf[][];
    }
    class Cube {
      @ValidateNested({ each: true }) @Type(() => Leaf) cube!: Leaf[][][];
    }
    const leaf = () => plainToInstance(Leaf, { code: 'ok' });
    const cases: { shape: string; instance: () => object }[] = [
      { shape: 'a single child', instance: () => plainToInstance(Single, { leaf: { code: 'ok' } }) },
      { shape: 'an array', instance: () => plainToInstance(List, { leaves: [{ code: 'ok' }] }) },
      { shape: 'an array of arrays', instance: () => plainToInstance(Grid, { grid: [[], [{ code: 'ok' }]] }) },
      { shape: 'three array levels', instance: () => plainToInstance(Cube, { cube: [[[{ code: 'ok' }]]] }) },
      { shape: 'a Set', instance: () => Object.assign(new List(), { leaves: new Set([leaf()]) }) },
      { shape: 'a Map', instance: () => Object.assign(new List(), { leaves: new Map([['a', leaf()]]) }) },
      { shape: 'a Set of arrays', instance: () => Object.assign(new Grid(), { grid: new Set([[leaf()]]) }) },
      { shape: 'a Map of arrays', instance: () => Object.assign(new Grid(), { grid: new Map([['a', [leaf()]]]) }) },
      { shape: 'an array of Maps', instance: () => Object.assign(new Grid(), { grid: [new Map([['a', leaf()]])] }) },
    ];
    for (const { shape, instance } of cases) {
      it(`through ${shape}`, async () => {
        // Prepare
        const detector = new AsyncConstraintDetector(await dtoRuntime());

        // Act
        const asynchrony = detector.asynchronyOf(instance());

        // Assess
        expect(asynchrony).to.equal('async');
      });
    }

    it('and not where the nesting holds no instance of that class', async () => {
      // Prepare
      const detector = new AsyncConstraintDetector(await dtoRuntime());

      // Act
      const empty = detector.asynchronyOf(plainToInstance(Grid, { grid: [[], []] }));
      const scalars = detector.asynchronyOf(plainToInstance(Grid, { grid: [[1, 'a', null]] }));

      // Assess
      expect([empty, scalars]).to.deep.equal(['sync', 'sync']);
    });
  });

  describe('tells class-validator own constraints from user constraints that may answer with a promise', () => {
    @ValidatorConstraint({ name: 'isString' })
    class NamedLikeBuiltin implements ValidatorConstraintInterface {
      validate(value: unknown) {
        return typeof value === 'string';
      }
    }
    @ValidatorConstraint({ name: 'plainCheck' })
    class PlainCheck implements ValidatorConstraintInterface {
      validate(value: unknown) {
        return value !== undefined;
      }
    }
    function IsText() {
      return (target: object, propertyName: string) =>
        registerDecorator({ name: 'isString', target: target.constructor, propertyName, validator: PlainCheck });
    }
    function IsTenant() {
      return (target: object, propertyName: string) =>
        registerDecorator({ name: 'isTenant', target: target.constructor, propertyName, validator: { validate: () => true } });
    }
    class BuiltinOnly {
      @IsString() id!: string;
      @IsInt() qty!: number;
      @IsDefined() at!: string;
    }
    class ClassUnderBuiltinName {
      @Validate(NamedLikeBuiltin) id!: string;
    }
    class DecoratorUnderBuiltinName {
      @IsText() id!: string;
    }
    class UserClass {
      @Validate(PlainCheck) id!: string;
    }
    class UserDecorator {
      @IsTenant() tenant!: string;
    }
    const cases: { dto: new () => object; expected: string; why: string }[] = [
      { dto: BuiltinOnly, expected: 'sync', why: 'built-in decorators only' },
      { dto: ClassUnderBuiltinName, expected: 'maybe', why: 'a user class registered under the name isString' },
      { dto: DecoratorUnderBuiltinName, expected: 'maybe', why: 'a user class registered by registerDecorator as isString' },
      { dto: UserClass, expected: 'maybe', why: 'a user constraint class' },
      { dto: UserDecorator, expected: 'maybe', why: 'a user registerDecorator' },
    ];
    for (const { dto, expected, why } of cases) {
      it(`${why}: ${expected}`, async () => {
        // Prepare
        const detector = new AsyncConstraintDetector(await dtoRuntime());

        // Act
        const asynchrony = detector.asynchronyOf(new dto());

        // Assess
        expect(asynchrony).to.equal(expected);
      });
    }
  });

  describe('reads what class-validator validates: own and inherited constraints, @ValidateNested properties only', () => {
    @ValidatorConstraint({ name: 'declaredAsync', async: true })
    class DeclaredAsync implements ValidatorConstraintInterface {
      validate() {
        return Promise.resolve(true);
      }
    }
    @ValidatorConstraint({ name: 'writtenAsync' })
    class WrittenAsync implements ValidatorConstraintInterface {
      async validate() {
        return true;
      }
    }
    @ValidatorConstraint({ name: 'userCheck' })
    class UserCheck implements ValidatorConstraintInterface {
      validate(value: unknown) {
        return value !== undefined;
      }
    }
    class NoConstraintMetadata {
      validate() {
        return true;
      }
    }
    class Plain {
      @IsString() id!: string;
    }
    class Inherits extends Plain {}
    class InheritsAsync extends Leaf {}
    class Promised {
      @ValidatePromise() @IsString() id!: string;
    }
    class DeclaredOnly {
      @Validate(DeclaredAsync) id!: string;
    }
    class WrittenOnly {
      @Validate(WrittenAsync) id!: string;
    }
    class UserThenBuiltin {
      @Validate(UserCheck) a!: string;
      @IsString() b!: string;
    }
    class UserWithPlainChild {
      @Validate(UserCheck) a!: string;
      @ValidateNested() @Type(() => Plain) child!: Plain;
    }
    class Items {
      @ValidateNested({ each: true }) items!: unknown[];
    }
    class UnregisteredConstraint {
      @Validate(NoConstraintMetadata) id!: string;
    }
    class NotNested {
      @IsDefined() leaf!: Leaf;
    }
    const leaf = () => plainToInstance(Leaf, { code: 'ok' });
    const cases: { why: string; instance: () => unknown; expected: string }[] = [
      { why: 'constraints inherited by a class without its own', instance: () => new Inherits(), expected: 'sync' },
      { why: 'an async constraint inherited', instance: () => new InheritsAsync(), expected: 'async' },
      { why: '@ValidatePromise', instance: () => new Promised(), expected: 'async' },
      { why: 'a constraint declared async that is no async function', instance: () => new DeclaredOnly(), expected: 'async' },
      { why: 'an async function not declared async', instance: () => new WrittenOnly(), expected: 'async' },
      { why: 'a user constraint before a built-in one', instance: () => new UserThenBuiltin(), expected: 'maybe' },
      {
        why: 'a user constraint over a child with built-ins only',
        instance: () => plainToInstance(UserWithPlainChild, { a: 'a', child: { id: 'c' } }),
        expected: 'maybe',
      },
      {
        why: 'an array holding a user-constrained item before a plain one',
        instance: () => Object.assign(new Items(), { items: [new UserThenBuiltin(), new Plain()] }),
        expected: 'maybe',
      },
      {
        why: '@Validate of a class without @ValidatorConstraint',
        instance: () => new UnregisteredConstraint(),
        expected: 'maybe',
      },
      {
        why: 'an async class under a property without @ValidateNested',
        instance: () => Object.assign(new NotNested(), { leaf: leaf() }),
        expected: 'sync',
      },
      { why: 'null', instance: () => null, expected: 'sync' },
      { why: 'undefined', instance: () => undefined, expected: 'sync' },
      { why: 'a number', instance: () => 7, expected: 'sync' },
      { why: 'an object without a class', instance: () => Object.create(null), expected: 'sync' },
    ];
    for (const { why, instance, expected } of cases) {
      it(`${why}: ${expected}`, async () => {
        // Prepare
        const detector = new AsyncConstraintDetector(await dtoRuntime());

        // Act
        const asynchrony = detector.asynchronyOf(instance());

        // Assess
        expect(asynchrony).to.equal(expected);
      });
    }
  });

  describe('answers async past 2000 levels of @ValidateNested nesting, the safe answer', () => {
    class Link {
      @IsString() name = 'link';
      @ValidateNested() next?: unknown;
    }
    class Nest {
      @ValidateNested({ each: true }) items!: unknown[];
    }
    /** `objects` Links, each the `next` of the one before; the last one's `next` is `end`. */
    const links = (objects: number, end: unknown) => {
      let node = Object.assign(new Link(), { next: end });
      for (let i = 1; i < objects; i++) node = Object.assign(new Link(), { next: node });
      return node;
    };
    /** A Nest whose items are arrays nested `levels` deep, the innermost one empty. */
    const arrays = (levels: number) => {
      let value: unknown[] = [];
      for (let i = 1; i < levels; i++) value = [value];
      return Object.assign(new Nest(), { items: value });
    };
    const cases: { why: string; instance: () => object; expected: string }[] = [
      { why: 'objects at levels 0 to 2000', instance: () => links(2001, undefined), expected: 'sync' },
      { why: 'objects at levels 0 to 2000, the last next null', instance: () => links(2001, null), expected: 'sync' },
      { why: 'objects at levels 0 to 2001', instance: () => links(2002, undefined), expected: 'async' },
      { why: 'arrays at levels 1 to 2000', instance: () => arrays(2000), expected: 'sync' },
      { why: 'arrays at levels 1 to 2001', instance: () => arrays(2001), expected: 'async' },
    ];
    for (const { why, instance, expected } of cases) {
      it(`${why}: ${expected}`, async () => {
        // Prepare
        const detector = new AsyncConstraintDetector(await dtoRuntime());
        const deep = instance();

        // Act
        const asynchrony = detector.asynchronyOf(deep);

        // Assess
        expect(asynchrony).to.equal(expected);
      });
    }
  });

  describe('stops walking at the first async answer', () => {
    @ValidatorConstraint({ name: 'neverRead' })
    class NeverRead implements ValidatorConstraintInterface {
      validate() {
        return true;
      }
    }
    class Unwalked {
      @Validate(NeverRead) id!: string;
    }
    class AsyncWithChild {
      @Validate(KnownCode) code!: string;
      @ValidateNested() child!: Unwalked;
    }
    class ListOfLeaves {
      @ValidateNested({ each: true }) items!: object[];
    }
    const cases: { why: string; instance: () => object }[] = [
      { why: 'a class that is async itself', instance: () => Object.assign(new AsyncWithChild(), { child: new Unwalked() }) },
      {
        why: 'an array whose first item is async',
        instance: () => Object.assign(new ListOfLeaves(), { items: [plainToInstance(Leaf, { code: 'ok' }), new Unwalked()] }),
      },
    ];
    for (const { why, instance } of cases) {
      it(`${why}: the classes after it are not read`, async () => {
        // Prepare
        const read: unknown[] = [];
        const detector = new AsyncConstraintDetector(await dtoRuntime());
        const infoOf = detector.infoOf.bind(detector);
        detector.infoOf = (ctor: unknown) => {
          read.push(ctor);
          return infoOf(ctor);
        };

        // Act
        const asynchrony = detector.asynchronyOf(instance());

        // Assess
        expect(asynchrony).to.equal('async');
        expect(read).to.not.include(Unwalked);
      });
    }
  });

  describe('keeps what it read per class until a constraint is newly seen answering with a promise', () => {
    it('reads a class once, again after a new mark (function or object), not after the same mark again; counts new marks', () => {
      // Prepare
      class Check {}
      class Dto {}
      const metadatas = new Map<unknown, unknown>([
        [Dto, [{ type: 'customValidation', name: 'check', propertyName: 'id', constraintCls: Check }]],
      ]);
      const storage = {
        validationMetadatas: metadatas,
        getTargetValidatorConstraints: () => [{ target: Check, instance: { validate: () => true } }],
      };
      const { runtime, reads } = fakeRuntime(storage);
      const detector = new AsyncConstraintDetector(runtime);

      // Act
      const seen = [detector.asynchronyOf(new Dto()), detector.asynchronyOf(new Dto()), reads(), detector.generation];
      detector.markPromising(Check);
      seen.push(detector.asynchronyOf(new Dto()), reads(), detector.generation);
      detector.markPromising(Check);
      seen.push(detector.asynchronyOf(new Dto()), reads(), detector.generation);
      detector.markPromising({});
      seen.push(detector.asynchronyOf(new Dto()), reads(), detector.generation);
      for (const notAConstraint of [null, undefined, 'check', 7]) detector.markPromising(notAConstraint);
      seen.push(detector.asynchronyOf(new Dto()), reads(), detector.generation);

      // Assess: [asynchrony, reads of the storage, generation] after each step
      expect(seen).to.deep.equal(['maybe', 'maybe', 1, 0, 'async', 2, 1, 'async', 2, 1, 'async', 3, 2, 'async', 3, 2]);
    });
  });

  describe('counts metadata it cannot read as async, and stops where class-validator does', () => {
    class Dto {}
    class Check {}
    const custom = (fields: Record<string, unknown> = {}) => ({
      type: 'customValidation',
      name: 'check',
      propertyName: 'id',
      constraintCls: Check,
      ...fields,
    });
    const declaredAsync = () => [{ target: Check, async: true, instance: { validate: () => true } }];
    const plain = () => [{ target: Check, instance: { validate: () => true } }];
    const cases: {
      why: string;
      storage: () => Record<string, unknown>;
      instance?: () => object;
      expected: string;
    }[] = [
      {
        why: 'metadata that is not kept in a Map',
        storage: () => ({ validationMetadatas: {}, getTargetValidatorConstraints: plain }),
        expected: 'async',
      },
      {
        why: 'a storage without getTargetValidatorConstraints',
        storage: () => ({ validationMetadatas: new Map([[Dto, [custom()]]]) }),
        expected: 'async',
      },
      {
        why: 'metadata of a class that is not a list',
        storage: () => ({ validationMetadatas: new Map([[Dto, {}]]), getTargetValidatorConstraints: plain }),
        expected: 'async',
      },
      {
        why: 'a class with no metadata',
        storage: () => ({ validationMetadatas: new Map(), getTargetValidatorConstraints: plain }),
        expected: 'sync',
      },
      {
        why: 'several constraint metadata for one class, one of them async',
        storage: () => ({
          validationMetadatas: new Map([[Dto, [custom()]]]),
          getTargetValidatorConstraints: () => [...plain(), ...declaredAsync()],
        }),
        expected: 'async',
      },
      {
        why: 'a constraint without an instance',
        storage: () => ({
          validationMetadatas: new Map([[Dto, [custom()]]]),
          getTargetValidatorConstraints: () => [{ target: Check }],
        }),
        expected: 'maybe',
      },
      {
        why: "a built-in's name without a constraint class",
        storage: () => ({
          validationMetadatas: new Map([[Dto, [custom({ name: 'isString', constraintCls: undefined })]]]),
          getTargetValidatorConstraints: () => [],
        }),
        expected: 'maybe',
      },
      {
        why: 'nested metadata whose property name is no string',
        storage: () => ({
          validationMetadatas: new Map<unknown, unknown>([
            [Dto, [{ type: 'nestedValidation', propertyName: 0 }]],
            [Check, [custom()]],
          ]),
          getTargetValidatorConstraints: declaredAsync,
        }),
        instance: () => Object.assign(new Dto(), { 0: new Check() }),
        expected: 'sync',
      },
      {
        why: 'metadata kept under Object, for a class that extends Object',
        storage: () => ({ validationMetadatas: new Map([[Object, [custom()]]]), getTargetValidatorConstraints: declaredAsync }),
        instance: () => new (class ExtendsObject extends Object {})(),
        expected: 'sync',
      },
      {
        why: 'metadata kept under Function.prototype',
        storage: () => ({
          validationMetadatas: new Map([[Function.prototype, [custom()]]]),
          getTargetValidatorConstraints: declaredAsync,
        }),
        expected: 'sync',
      },
      {
        why: 'a constructor whose own prototype chain ends in null',
        storage: () => ({ validationMetadatas: new Map(), getTargetValidatorConstraints: declaredAsync }),
        instance: () => {
          function Bare() {}
          Object.setPrototypeOf(Bare, null);
          return { constructor: Bare };
        },
        expected: 'sync',
      },
    ];
    for (const { why, storage, instance, expected } of cases) {
      it(`${why}: ${expected}`, () => {
        // Prepare
        const detector = new AsyncConstraintDetector(fakeRuntime(storage()).runtime);

        // Act
        const asynchrony = detector.asynchronyOf(instance === undefined ? new Dto() : instance());

        // Assess
        expect(asynchrony).to.equal(expected);
      });
    }
  });
});

/** A runtime over a hand-made class-validator metadata storage; `reads()` counts how often the storage was asked for. */
function fakeRuntime(storage: object): { runtime: DtoRuntime; reads: () => number } {
  let reads = 0;
  const runtime = {
    getMetadataStorage: () => {
      reads++;
      return storage;
    },
    builtinConstraints: new Set(['isString']),
    registerDecoratorSource: 'function registerDecorator() {}',
  } as unknown as DtoRuntime;
  return { runtime, reads: () => reads };
}
