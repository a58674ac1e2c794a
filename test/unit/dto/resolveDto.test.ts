// resolveDto decides which DTO class (if any) a record handler's payload becomes: the explicit option first, then the
// first parameter's design:paramtypes read from the prototype that declared the method.
import { MissingTypeMetadataError } from 'batchkit';
import { expect } from 'chai';
import { type DtoSource, resolveDto } from '../../../src/dto/resolveDto';
import { thrownBy } from '../../support/errors';

/** A prototype whose method `handle` has these reflected parameter types (none when `types` is undefined). */
function prototypeWith(types: unknown[] | undefined): object {
  const proto = {};
  if (types !== undefined) Reflect.defineMetadata('design:paramtypes', types, proto, 'handle');
  return proto;
}

function source(overrides: Partial<DtoSource>): DtoSource {
  return {
    className: 'OrderHandler',
    methodName: 'handle',
    explicit: undefined,
    declaringPrototype: prototypeWith(undefined),
    arity: 1,
    ...overrides,
  };
}

/** What resolveDto threw; fails the test when it returned. */
function failureOf(dtoSource: DtoSource): unknown {
  return thrownBy(() => resolveDto(dtoSource));
}

describe('resolveDto', () => {
  describe('the explicit dto option', () => {
    it('returns a class given directly, over the reflected parameter type', () => {
      // Prepare
      class OrderDto {}
      class ReflectedDto {}
      const dtoSource = source({ explicit: OrderDto, declaringPrototype: prototypeWith([ReflectedDto]) });

      // Act
      const dto = resolveDto(dtoSource);

      // Assess
      expect(dto).to.equal(OrderDto);
    });

    it('calls a thunk and returns the class it gives', () => {
      // Prepare
      class OrderDto {}
      let calls = 0;
      const thunk = () => {
        calls++;
        return OrderDto;
      };

      // Act
      const dto = resolveDto(source({ explicit: thunk }));

      // Assess
      expect(dto).to.equal(OrderDto);
      expect(calls).to.equal(1);
    });

    it('returns undefined (the raw record) for dto: false, even when the parameter is a class', () => {
      // Prepare
      class ReflectedDto {}
      const dtoSource = source({ explicit: false, declaringPrototype: prototypeWith([ReflectedDto]) });

      // Act
      const dto = resolveDto(dtoSource);

      // Assess
      expect(dto).to.equal(undefined);
    });

    it('throws MissingTypeMetadataError when a thunk gives something that is not a class', () => {
      // Prepare
      const thunk = (() => 42) as unknown as () => new () => unknown;

      // Act
      const error = failureOf(source({ explicit: thunk }));

      // Assess
      expect(error).to.be.instanceOf(MissingTypeMetadataError);
      expect((error as MissingTypeMetadataError).code).to.equal('MISSING_TYPE_METADATA');
    });
  });

  describe('the reflected parameter type', () => {
    it('returns the class of the first parameter', () => {
      // Prepare
      class OrderDto {}
      const dtoSource = source({ declaringPrototype: prototypeWith([OrderDto, Object, Object]) });

      // Act
      const dto = resolveDto(dtoSource);

      // Assess
      expect(dto).to.equal(OrderDto);
    });

    it('returns undefined for an interface-typed first parameter (it reflects as Object)', () => {
      // Prepare
      const dtoSource = source({ declaringPrototype: prototypeWith([Object, Object]) });

      // Act
      const dto = resolveDto(dtoSource);

      // Assess
      expect(dto).to.equal(undefined);
    });

    it('returns undefined for a method without parameters, whether or not metadata was emitted', () => {
      // Prepare
      const withoutMetadata = source({ arity: 0, declaringPrototype: prototypeWith(undefined) });
      const withEmptyMetadata = source({ arity: 0, declaringPrototype: prototypeWith([]) });

      // Act
      const dtos = [resolveDto(withoutMetadata), resolveDto(withEmptyMetadata)];

      // Assess
      expect(dtos).to.deep.equal([undefined, undefined]);
    });

    it('still reads the metadata when the method length is 0 because the first parameter has a default value', () => {
      // Prepare
      class OrderDto {}
      const dtoSource = source({ arity: 0, declaringPrototype: prototypeWith([OrderDto]) });

      // Act
      const dto = resolveDto(dtoSource);

      // Assess
      expect(dto).to.equal(OrderDto);
    });

    it('reads the metadata of the declaring prototype only, not what it inherits', () => {
      // Prepare
      class ParentDto {}
      class ChildDto {}
      const parent = prototypeWith([ParentDto]);
      const child = Object.create(parent) as object;
      const bare = Object.create(parent) as object;
      Reflect.defineMetadata('design:paramtypes', [ChildDto], child, 'handle');

      // Act
      const fromChild = resolveDto(source({ declaringPrototype: child }));
      const fromBare = failureOf(source({ declaringPrototype: bare }));

      // Assess
      expect(fromChild).to.equal(ChildDto);
      expect(fromBare).to.be.instanceOf(MissingTypeMetadataError);
    });

    it('throws MissingTypeMetadataError naming class and method when no design:paramtypes exist (esbuild, tsx)', () => {
      // Prepare
      const dtoSource = source({ className: 'ClickHandler', methodName: 'handle' });

      // Act
      const error = failureOf(dtoSource);

      // Assess
      expect(error).to.be.instanceOf(MissingTypeMetadataError);
      const missing = error as MissingTypeMetadataError;
      expect(missing.code).to.equal('MISSING_TYPE_METADATA');
      expect(missing.className).to.equal('ClickHandler');
      expect(missing.methodName).to.equal('handle');
      expect(missing.retryable).to.equal(false);
    });

    it('throws MissingTypeMetadataError for an empty design:paramtypes list', () => {
      // Prepare
      const dtoSource = source({ declaringPrototype: prototypeWith([]) });

      // Act
      const error = failureOf(dtoSource);

      // Assess
      expect(error).to.be.instanceOf(MissingTypeMetadataError);
    });

    for (const [label, type] of [
      ['Function (an "import type" of a class)', Function],
      ['Promise', Promise],
      ['Array', Array],
      ['String', String],
      ['Number', Number],
      ['Boolean', Boolean],
      ['Date', Date],
      ['Map', Map],
      ['undefined (a type erased to void)', undefined],
    ] as const) {
      it(`throws MissingTypeMetadataError when the first parameter reflects as ${label}`, () => {
        // Prepare
        const dtoSource = source({ declaringPrototype: prototypeWith([type]) });

        // Act
        const error = failureOf(dtoSource);

        // Assess
        expect(error).to.be.instanceOf(MissingTypeMetadataError);
        expect((error as MissingTypeMetadataError).code).to.equal('MISSING_TYPE_METADATA');
      });
    }

    it('throws MissingTypeMetadataError when reflect-metadata is not loaded', () => {
      // Prepare
      class OrderDto {}
      const dtoSource = source({ declaringPrototype: prototypeWith([OrderDto]) });
      const reflect = Reflect as unknown as { getOwnMetadata: unknown };
      const original = reflect.getOwnMetadata;
      reflect.getOwnMetadata = undefined;

      // Act
      let error: unknown;
      try {
        error = failureOf(dtoSource);
      } finally {
        reflect.getOwnMetadata = original;
      }

      // Assess
      expect(error).to.be.instanceOf(MissingTypeMetadataError);
    });
  });
});
