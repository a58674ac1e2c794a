import { RecordValidationError } from 'batchkit';
import { expect } from 'chai';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  registerDecorator,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validate,
} from 'class-validator';
import fc from 'fast-check';
import { AsyncConstraintDetector } from '../../src/dto/asyncConstraints.js';
import { DtoBinder } from '../../src/dto/DtoBinder.js';
import { dtoRuntime } from '../../src/dto/runtime.js';

// batchkit validates with validateSync when no reachable constraint can be async; these properties show that the
// result is exactly what plain class-validator's async `validate` gives, for valid and invalid payloads alike.
describe('DTO fast path (differential against plain class-validator)', () => {
  class ItemDto {
    @IsString() sku!: string;
    @IsInt() @Min(1) @Max(100) qty!: number;
  }
  class OrderDto {
    @IsString() id!: string;
    @IsEmail() email!: string;
    @IsIn(['new', 'paid']) status!: string;
    @IsOptional() @IsString() note?: string;
    @ValidateNested({ each: true }) @Type(() => ItemDto) @ArrayMinSize(1) items!: ItemDto[];
  }

  const anyValue = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 120 }), fc.boolean(), fc.constant(null));
  const item = fc.record(
    { sku: fc.oneof(fc.string({ maxLength: 5 }), anyValue), qty: fc.oneof(fc.integer({ min: -2, max: 120 }), anyValue) },
    { requiredKeys: [] },
  );
  const order = fc.record(
    {
      id: fc.oneof(fc.uuid(), anyValue),
      email: fc.oneof(fc.constantFrom('a@example.com', 'not-an-email', ''), anyValue),
      status: fc.oneof(fc.constantFrom('new', 'paid', 'lost'), anyValue),
      note: fc.oneof(fc.string({ maxLength: 8 }), anyValue),
      items: fc.oneof(fc.array(fc.oneof(item, anyValue), { maxLength: 4 }), anyValue),
      extra: anyValue,
    },
    { requiredKeys: [] },
  );

  it('gives the errors class-validator gives, synchronously, for any payload', async () => {
    // Prepare
    const runtime = await dtoRuntime();
    const binder = new DtoBinder(OrderDto, runtime);
    const options = { forbidUnknownValues: true, validationError: { target: false, value: false } };

    await fc.assert(
      fc.asyncProperty(order, async (payload) => {
        // Act
        let ours: unknown;
        let sync = true;
        try {
          const bound = binder.bind(payload);
          sync = !(bound instanceof Promise);
          ours = await bound;
        } catch (error) {
          ours = error;
        }
        const theirs = await validate(plainToInstance(OrderDto, payload), options);

        // Assess
        expect(sync).to.equal(true);
        if (theirs.length === 0) {
          expect(ours).to.be.instanceOf(OrderDto);
        } else {
          expect(ours).to.be.instanceOf(RecordValidationError);
          expect(JSON.parse(JSON.stringify((ours as RecordValidationError).validationErrors))).to.deep.equal(
            JSON.parse(JSON.stringify(theirs)),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to async validation when a nested class has an async constraint, and still finds its errors', async () => {
    // Prepare
    @ValidatorConstraint({ name: 'slowSku', async: true })
    class SlowSku implements ValidatorConstraintInterface {
      async validate(value: unknown, _args?: ValidationArguments) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return value !== 'banned';
      }
    }
    class SlowItemDto {
      @Validate(SlowSku) sku!: string;
    }
    class SlowOrderDto {
      @IsString() id!: string;
      @ValidateNested({ each: true }) @Type(() => SlowItemDto) items!: SlowItemDto[];
    }
    const runtime = await dtoRuntime();
    const binder = new DtoBinder(SlowOrderDto, runtime);

    // Act
    const bound = binder.bind({ id: 'o', items: [{ sku: 'ok' }, { sku: 'banned' }] });
    const error = await Promise.resolve(bound).then(
      () => undefined,
      (e: unknown) => e,
    );

    // Assess
    expect(bound).to.be.instanceOf(Promise);
    expect(error).to.be.instanceOf(RecordValidationError);
    expect((error as RecordValidationError).details.map((d) => d.path)).to.deep.equal(['items.1.sku']);
  });

  it('counts an async function constraint as async even when it is not declared so', async () => {
    // Prepare
    @ValidatorConstraint({ name: 'undeclared' })
    class Undeclared implements ValidatorConstraintInterface {
      async validate(value: unknown) {
        return value === 'yes';
      }
    }
    class Dto {
      @Validate(Undeclared) flag!: string;
    }
    const detector = new AsyncConstraintDetector(await dtoRuntime());

    // Act
    const asynchrony = detector.asynchronyOf(plainToInstance(Dto, { flag: 'no' }));

    // Assess
    expect(asynchrony).to.equal('async');
  });

  it('does not count a class without async constraints as async', async () => {
    // Prepare
    const detector = new AsyncConstraintDetector(await dtoRuntime());

    // Act
    const asynchrony = detector.asynchronyOf(plainToInstance(OrderDto, { id: 'o', items: [{ sku: 'a', qty: 1 }] }));

    // Assess
    expect(asynchrony).to.equal('sync');
  });

  it('validates asynchronously, and finds the errors, when a user constraint returns a promise without declaring async', async () => {
    // Prepare
    @ValidatorConstraint({ name: 'remoteSku' })
    class RemoteSku implements ValidatorConstraintInterface {
      validate(value: unknown) {
        return Promise.resolve(value !== 'banned');
      }
    }
    function IsKnownTenant() {
      return (target: object, propertyName: string) =>
        registerDecorator({
          name: 'isKnownTenant',
          target: target.constructor,
          propertyName,
          validator: {
            async validate(value: unknown) {
              return value === 'acme';
            },
          },
        });
    }
    class Dto {
      @Validate(RemoteSku) sku!: string;
      @IsKnownTenant() tenant!: string;
    }
    const binder = new DtoBinder(Dto, await dtoRuntime());

    // Act
    const bound = binder.bind({ sku: 'banned', tenant: 'globex' });
    const error = await Promise.resolve(bound).then(
      () => undefined,
      (e: unknown) => e,
    );
    const theirs = await validate(plainToInstance(Dto, { sku: 'banned', tenant: 'globex' }));

    // Assess
    expect(bound).to.be.instanceOf(Promise);
    expect(error).to.be.instanceOf(RecordValidationError);
    expect((error as RecordValidationError).details.map((d) => d.path)).to.deep.equal(theirs.map((e) => e.property));
    expect(theirs).to.have.length(2);
  });
});
