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
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { AsyncConstraintDetector } from '../../../src/dto/asyncConstraints';
import { dtoRuntime } from '../../../src/dto/runtime';

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
});
