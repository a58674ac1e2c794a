// DtoBinder turns a decoded payload into a validated DTO instance; its errors carry paths and constraints, never values.
import { AsyncHandlerError, InvalidDtoError, NonRetryableError, RecordParseError, RecordValidationError } from 'batchkit';
import { expect } from 'chai';
import { Expose, Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  Min,
  registerDecorator,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DtoBinder, type DtoBinderOptions } from '../../../src/dto/DtoBinder';
import { type DtoRuntime, dtoRuntime } from '../../../src/dto/runtime';
import { rejectionOf, thrownBy } from '../../support/errors';

describe('DtoBinder', () => {
  it('builds an instance of the DTO class from a valid payload', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
      @IsInt() qty!: number;
    }
    const binder = new DtoBinder(OrderDto, await dtoRuntime());

    // Act
    const order = await binder.bind({ id: 'o-1', qty: 2 });

    // Assess
    expect(order).to.be.instanceOf(OrderDto);
    expect({ ...order }).to.deep.equal({ id: 'o-1', qty: 2 });
  });

  it('builds nested @Type classes and reports nested failures at dotted paths', async () => {
    // Prepare
    class LineDto {
      @IsString() sku!: string;
      @IsInt() @Min(1) qty!: number;
    }
    class OrderDto {
      @ValidateNested({ each: true })
      @Type(() => LineDto)
      items!: LineDto[];
    }
    const binder = new DtoBinder(OrderDto, await dtoRuntime());

    // Act
    const valid = await binder.bind({ items: [{ sku: 'a', qty: 1 }] });
    const error = await rejectionOf(() =>
      binder.bind({
        items: [
          { sku: 'a', qty: 0 },
          { sku: 7, qty: 1 },
        ],
      }),
    );

    // Assess
    expect(valid.items[0]).to.be.instanceOf(LineDto);
    expect(error).to.be.instanceOf(RecordValidationError);
    const invalid = error as RecordValidationError;
    expect(invalid.code).to.equal('RECORD_VALIDATION_FAILED');
    expect(invalid.retryable).to.equal(false);
    expect(invalid.dtoName).to.equal('OrderDto');
    expect(invalid.details.map((detail) => detail.path)).to.deep.equal(['items.0.qty', 'items.1.sku']);
    expect(Object.keys(invalid.details[0]!.constraints)).to.deep.equal(['min']);
    expect(Object.keys(invalid.details[1]!.constraints)).to.deep.equal(['isString']);
    expect(invalid.validationErrors.map((e) => e.property)).to.deep.equal(['items']);
  });

  it('keeps the payload out of the validation errors (no value, no target)', async () => {
    // Prepare
    class UserDto {
      @IsInt() age!: number;
    }
    const binder = new DtoBinder(UserDto, await dtoRuntime());

    // Act
    const error = (await rejectionOf(() => binder.bind({ age: 'secret-4242' }))) as RecordValidationError;

    // Assess
    expect(error).to.be.instanceOf(RecordValidationError);
    expect(error.validationErrors[0]).to.not.have.property('value');
    expect(error.validationErrors[0]).to.not.have.property('target');
    expect(JSON.stringify(error.details)).to.not.include('secret-4242');
    expect(error.message).to.not.include('secret-4242');
  });

  it('applies validator options over the defaults (whitelist + forbidNonWhitelisted)', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const runtime = await dtoRuntime();
    const lenient = new DtoBinder(OrderDto, runtime);
    const strict = new DtoBinder(OrderDto, runtime, { validator: { whitelist: true, forbidNonWhitelisted: true } });
    const stripping = new DtoBinder(OrderDto, runtime, { validator: { whitelist: true } });

    // Act
    const kept = await lenient.bind({ id: 'o-1', extra: true });
    const stripped = await stripping.bind({ id: 'o-1', extra: true });
    const error = await rejectionOf(() => strict.bind({ id: 'o-1', extra: true }));

    // Assess
    expect({ ...kept }).to.deep.equal({ id: 'o-1', extra: true });
    expect({ ...stripped }).to.deep.equal({ id: 'o-1' });
    expect(error).to.be.instanceOf(RecordValidationError);
    expect((error as RecordValidationError).details.map((detail) => detail.path)).to.deep.equal(['extra']);
  });

  it('applies transformer options (excludeExtraneousValues keeps only @Expose properties)', async () => {
    // Prepare
    class ClickDto {
      @Expose() @IsString() page!: string;
    }
    const binder = new DtoBinder(ClickDto, await dtoRuntime(), { transformer: { excludeExtraneousValues: true } });

    // Act
    const click = await binder.bind({ page: '/home', tracking: 'abc' });

    // Assess
    expect({ ...click }).to.deep.equal({ page: '/home' });
  });

  it('refuses a DTO class without any constraint when it is made (forbidUnknownValues), unless the option is turned off', async () => {
    // Prepare
    class Undecorated {
      id!: string;
    }
    const runtime = await dtoRuntime();

    // Act
    const error = thrownBy(() => new DtoBinder(Undecorated, runtime, { declaredBy: 'OrderHandler.handle' }));
    const accepted = await new DtoBinder(Undecorated, runtime, { validator: { forbidUnknownValues: false } }).bind({ id: 'o-1' });

    // Assess
    expect(error).to.be.instanceOf(InvalidDtoError);
    expect((error as InvalidDtoError).declaredBy).to.equal('OrderHandler.handle');
    expect(accepted).to.be.instanceOf(Undecorated);
  });

  it('wraps what class-transformer throws in RecordParseError, the original as cause', async () => {
    // Prepare
    class ShoutDto {
      @Transform(({ value }) => (value as string).toUpperCase()) @IsString() word!: string;
    }
    const binder = new DtoBinder(ShoutDto, await dtoRuntime());

    // Act
    const errors = [thrownBy(() => binder.bind({ word: 1 })), thrownBy(() => binder.bindSync({ word: 1 }))];

    // Assess
    for (const error of errors) {
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).cause).to.be.instanceOf(TypeError);
    }
  });

  it('validates the same way synchronously with bindSync', async () => {
    // Prepare
    class OrderDto {
      @IsInt() @Min(1) qty!: number;
    }
    const binder = new DtoBinder(OrderDto, await dtoRuntime());

    // Act
    const order = binder.bindSync({ qty: 3 });
    const error = await rejectionOf(() => binder.bindSync({ qty: 0 }));

    // Assess
    expect(order).to.be.instanceOf(OrderDto);
    expect(error).to.be.instanceOf(RecordValidationError);
    expect((error as RecordValidationError).details.map((detail) => detail.path)).to.deep.equal(['qty']);
    expect(Object.keys((error as RecordValidationError).details[0]!.constraints)).to.deep.equal(['min']);
  });

  describe('answers synchronously exactly when validateSync gives the verdict validate would', () => {
    @ValidatorConstraint({ name: 'knownSku', async: true })
    class KnownSku implements ValidatorConstraintInterface {
      async validate(value: unknown) {
        return value === 'sku-1';
      }
    }
    /** A user validator object registered under a built-in's name, answering with a promise without saying so. */
    function IsStringLater(calls: { count: number }) {
      return (target: object, propertyName: string) =>
        registerDecorator({
          name: 'isString',
          target: target.constructor,
          propertyName,
          validator: {
            validate: (value: unknown) => {
              calls.count++;
              return Promise.resolve(typeof value === 'string');
            },
          },
        });
    }
    const isThenable = (value: unknown) => typeof (value as { then?: unknown } | undefined)?.then === 'function';

    it('built-in constraints only: bind returns the instance, or throws RecordValidationError, without a promise', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
      }
      const binder = new DtoBinder(OrderDto, await dtoRuntime());

      // Act
      const order = binder.bind({ id: 'o-1' });
      const error = thrownBy(() => binder.bind({ id: 1 }));

      // Assess
      expect(order).to.be.instanceOf(OrderDto);
      expect(error).to.be.instanceOf(RecordValidationError);
    });

    it('an async constraint: bind gives a promise of the validated instance, or of RecordValidationError', async () => {
      // Prepare
      class LineDto {
        @Validate(KnownSku) sku!: string;
      }
      const binder = new DtoBinder(LineDto, await dtoRuntime());

      // Act
      const pending = binder.bind({ sku: 'sku-1' });
      const failing = binder.bind({ sku: 'sku-2' });
      const error = await rejectionOf(failing as Promise<LineDto>);

      // Assess
      expect(isThenable(pending)).to.equal(true);
      expect(await pending).to.be.instanceOf(LineDto);
      expect(isThenable(failing)).to.equal(true);
      expect(error).to.be.instanceOf(RecordValidationError);
      expect(Object.keys((error as RecordValidationError).details[0]!.constraints)).to.deep.equal(['knownSku']);
    });

    it('a promise from a constraint under a built-in name: bind validates again with validate, and later binders know', async () => {
      // Prepare
      const calls = { count: 0 };
      class LineDto {
        @IsStringLater(calls) sku!: string;
      }
      const runtime = await dtoRuntime();
      const first = new DtoBinder(LineDto, runtime);
      const later = new DtoBinder(LineDto, runtime);

      // Act
      const error = await rejectionOf(() => first.bind({ sku: 7 }));
      const callsWhileLearning = calls.count;
      const order = await later.bind({ sku: 'sku-1' });

      // Assess
      expect(error).to.be.instanceOf(RecordValidationError);
      expect(order).to.be.instanceOf(LineDto);
      expect(calls.count - callsWhileLearning).to.equal(1); // a later binder of the same runtime goes to validate at once
    });

    it('bindSync refuses async constraints, and constraints that answer with a promise, with AsyncHandlerError', async () => {
      // Prepare
      class DeclaredAsync {
        @Validate(KnownSku) sku!: string;
      }
      function RemoteCheck() {
        return (target: object, propertyName: string) =>
          registerDecorator({
            name: 'remoteCheck',
            target: target.constructor,
            propertyName,
            validator: { validate: () => Promise.resolve(true) },
          });
      }
      class AnswersLater {
        @RemoteCheck() sku!: string;
      }
      const runtime = await dtoRuntime();

      // Act
      const errors = [
        thrownBy(() => new DtoBinder(DeclaredAsync, runtime).bindSync({ sku: 'sku-1' })),
        thrownBy(() => new DtoBinder(AnswersLater, runtime).bindSync({ sku: 'sku-1' })),
      ];

      // Assess
      for (const error of errors) {
        expect(error).to.be.instanceOf(AsyncHandlerError);
        expect((error as AsyncHandlerError).code).to.equal('ASYNC_HANDLER_IN_SYNC_PROCESSOR');
      }
      expect(errors.map((error) => (error as Error).message)).to.deep.equal([
        'DeclaredAsync has async constraints, which synchronous processing cannot run: use BatchProcessor.',
        'AnswersLater: the constraint "remoteCheck" on AnswersLater.sku returned a promise, which synchronous ' +
          'processing cannot await: declare it with `async: true` and use BatchProcessor.',
      ]);
    });
  });

  describe('what class-transformer throws', () => {
    const cases: { why: string; thrown: () => unknown; message: string | undefined }[] = [
      { why: 'a batchkit error is kept as it is', thrown: () => new NonRetryableError('unknown currency'), message: undefined },
      {
        why: 'an Error becomes RecordParseError naming its kind',
        thrown: () => new RangeError('too big'),
        message: 'The payload cannot be built into PriceDto (RangeError; see cause).',
      },
      {
        why: 'a thrown string becomes RecordParseError naming its type',
        thrown: () => 'not a price',
        message: 'The payload cannot be built into PriceDto (string; see cause).',
      },
    ];
    for (const { why, thrown, message } of cases) {
      it(`${why}, with bind and bindSync`, async () => {
        // Prepare
        const value = thrown();
        class PriceDto {
          @Transform(() => {
            throw value;
          })
          @IsInt()
          cents!: number;
        }
        const binder = new DtoBinder(PriceDto, await dtoRuntime());

        // Act
        const errors = [thrownBy(() => binder.bind({ cents: 1 })), thrownBy(() => binder.bindSync({ cents: 1 }))];

        // Assess
        for (const error of errors) {
          if (message === undefined) {
            expect(error).to.equal(value);
          } else {
            expect(error).to.be.instanceOf(RecordParseError);
            expect((error as RecordParseError).message).to.equal(message);
            expect((error as RecordParseError).cause).to.equal(value);
          }
        }
      });
    }
  });

  describe('the compiled fast path: the same answers, without the libraries where it compiles', () => {
    class OrderDto {
      @IsString() id!: string;
      @IsInt() qty!: number;
    }
    /** The runtime, counting its plainToInstance and validateSync calls. */
    const counting = (runtime: DtoRuntime) => {
      const calls = { plainToInstance: 0, validateSync: 0 };
      const spied: DtoRuntime = {
        ...runtime,
        plainToInstance: ((...args: Parameters<DtoRuntime['plainToInstance']>) => {
          calls.plainToInstance++;
          return runtime.plainToInstance(...args);
        }) as DtoRuntime['plainToInstance'],
        validateSync: ((...args: Parameters<DtoRuntime['validateSync']>) => {
          calls.validateSync++;
          return runtime.validateSync(...args);
        }) as DtoRuntime['validateSync'],
      };
      return { spied, calls };
    };
    const cases: {
      why: string;
      input: Record<string, unknown>;
      options?: DtoBinderOptions;
      fields: Record<string, unknown> | undefined;
      calls: { plainToInstance: number; validateSync: number };
    }[] = [
      {
        why: 'a valid payload is built and accepted by the compiled code alone',
        input: { id: 'o-1', qty: 2 },
        fields: { id: 'o-1', qty: 2 },
        calls: { plainToInstance: 0, validateSync: 0 },
      },
      {
        why: 'an invalid payload is rejected by class-validator, which gives the errors',
        input: { id: 'o-1', qty: 'two' },
        fields: undefined,
        calls: { plainToInstance: 0, validateSync: 1 },
      },
      {
        why: 'a payload value JSON cannot hold (a Set) is built by class-transformer',
        input: { id: 'o-1', qty: 2, tags: new Set(['a']) },
        fields: { id: 'o-1', qty: 2, tags: ['a'] }, // what class-transformer makes of a Set without @Type
        calls: { plainToInstance: 1, validateSync: 0 },
      },
      {
        why: 'transformer options other than the defaults go to class-transformer',
        input: { id: 'o-1', qty: 2 },
        options: { transformer: { enableImplicitConversion: true } },
        fields: { id: 'o-1', qty: 2 },
        calls: { plainToInstance: 1, validateSync: 0 },
      },
    ];
    for (const { why, input, options, fields, calls: expected } of cases) {
      for (const method of ['bind', 'bindSync'] as const) {
        it(`${method}: ${why}`, async () => {
          // Prepare
          const { spied, calls } = counting(await dtoRuntime());
          const binder = new DtoBinder(OrderDto, spied, options);

          // Act
          let outcome: unknown;
          try {
            outcome = binder[method](input);
          } catch (error) {
            outcome = error;
          }

          // Assess
          if (fields === undefined) {
            expect(outcome).to.be.instanceOf(RecordValidationError);
          } else {
            expect(outcome).to.be.instanceOf(OrderDto);
            expect({ ...(outcome as OrderDto) }).to.deep.equal(fields);
          }
          expect(calls).to.deep.equal(expected);
        });
      }
    }
  });
});
