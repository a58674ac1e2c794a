// DtoBinder turns a decoded payload into a validated DTO instance; its errors carry paths and constraints, never values.
import { InvalidDtoError, RecordParseError, RecordValidationError } from 'batchkit';
import { expect } from 'chai';
import { Expose, Transform, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { DtoBinder } from '../../../src/dto/DtoBinder';
import { dtoRuntime } from '../../../src/dto/runtime';
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
});
