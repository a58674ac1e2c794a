// resolveDto decides which DTO class (if any) a record handler's payload becomes: the explicit option first, then the
// first parameter's design:paramtypes read from the prototype that declared the method.
import { InvalidDtoError, MissingTypeMetadataError } from 'batchkit';
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

  describe('says why it cannot tell the DTO, and how to fix it', () => {
    class OrderDto {}
    /** Objects and functions that look like a class to a weaker test than resolveDto's. */
    const classShaped: Record<string, unknown> = { prototype: {} };
    (classShaped.prototype as { constructor: unknown }).constructor = classShaped;
    const withNullPrototype = Object.assign(function notAClass() {}, { prototype: null });
    const withForeignConstructor = Object.assign(function notAClass() {}, { prototype: { constructor: OrderDto } });
    const withoutReflect = () => {
      const reflect = Reflect as unknown as { getOwnMetadata: unknown };
      const original = reflect.getOwnMetadata;
      reflect.getOwnMetadata = undefined;
      return () => {
        reflect.getOwnMetadata = original;
      };
    };
    const neither = 'the dto option is neither a class nor a function returning one.';
    const cases: { why: string; dtoSource: DtoSource; reason: string; setUp?: () => () => void }[] = [
      {
        why: 'reflect-metadata is not loaded',
        dtoSource: source({ declaringPrototype: prototypeWith([OrderDto]) }),
        reason: 'reflect-metadata is not loaded, so the DTO type of the first parameter cannot be read.',
        setUp: withoutReflect,
      },
      {
        why: 'no design:paramtypes were emitted',
        dtoSource: source({}),
        reason:
          'no design:paramtypes metadata was emitted (esbuild, tsx, SWC without decoratorMetadata, or reflect-metadata imported after the class).',
      },
      {
        why: 'design:paramtypes is an empty list',
        dtoSource: source({ declaringPrototype: prototypeWith([]) }),
        reason:
          'no design:paramtypes metadata was emitted (esbuild, tsx, SWC without decoratorMetadata, or reflect-metadata imported after the class).',
      },
      {
        why: 'the first parameter reflects as Function',
        dtoSource: source({ declaringPrototype: prototypeWith([Function]) }),
        reason:
          'the first parameter reflects as Function, which cannot be a DTO (an "import type" of a class reflects as Function).',
      },
      {
        why: 'the first parameter reflects as undefined',
        dtoSource: source({ declaringPrototype: prototypeWith([undefined]) }),
        reason:
          'the first parameter reflects as undefined, which cannot be a DTO (an "import type" of a class reflects as Function).',
      },
      { why: 'a thunk gives a number', dtoSource: source({ explicit: (() => 42) as never }), reason: neither },
      {
        why: 'a thunk gives an object shaped like a class',
        dtoSource: source({ explicit: (() => classShaped) as never }),
        reason: neither,
      },
      {
        why: 'a thunk gives a function with a null prototype',
        dtoSource: source({ explicit: (() => withNullPrototype) as never }),
        reason: neither,
      },
      {
        why: "a thunk gives a function whose prototype's constructor is another class",
        dtoSource: source({ explicit: (() => withForeignConstructor) as never }),
        reason: neither,
      },
    ];
    for (const { why, dtoSource, reason, setUp } of cases) {
      it(`MissingTypeMetadataError when ${why}`, () => {
        // Prepare
        const tearDown = setUp?.();

        // Act
        let error: unknown;
        try {
          error = failureOf(dtoSource);
        } finally {
          tearDown?.();
        }

        // Assess
        expect(error).to.be.instanceOf(MissingTypeMetadataError);
        expect(
          (error as MissingTypeMetadataError).message.startsWith(`OrderHandler.handle: ${reason} Pass the DTO explicitly`),
        ).to.equal(true, (error as Error).message);
      });
    }

    it('InvalidDtoError naming the method, the thrown value as cause, when the dto thunk throws', () => {
      // Prepare
      const thrown = new ReferenceError('Cannot access OrderDto before initialization');
      const dtoSource = source({
        className: 'ClickHandler',
        explicit: () => {
          throw thrown;
        },
      });

      // Act
      const error = failureOf(dtoSource);

      // Assess
      expect(error).to.be.instanceOf(InvalidDtoError);
      const invalid = error as InvalidDtoError;
      expect(invalid.code).to.equal('INVALID_DTO');
      expect(invalid.declaredBy).to.equal('ClickHandler.handle');
      expect(invalid.cause).to.equal(thrown);
      expect(invalid.message).to.equal(
        'ClickHandler.handle: the dto thunk threw (see cause). A ReferenceError here is often a circular import whose class is not yet defined.',
      );
    });
  });
});
