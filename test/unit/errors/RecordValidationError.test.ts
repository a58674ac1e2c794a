import { RecordValidationError } from 'batchkit';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsInt,
  IsOptional,
  IsString,
  Min,
  MinLength,
  ValidateNested,
  ValidationError,
  validateSync,
} from 'class-validator';
import { flattenValidationErrors } from '../../../src/errors/RecordValidationError';

/** A class-validator error node, as `validate` returns them. */
function node(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  const error = new ValidationError();
  error.property = property;
  error.constraints = constraints;
  error.children = children;
  return error;
}

describe('RecordValidationError', () => {
  it('carries the DTO name, the class-validator errors and the flat details', () => {
    // Prepare
    const errors = [node('qty', { min: 'qty must not be less than 1' })];
    const details = flattenValidationErrors(errors);

    // Act
    const error = new RecordValidationError('OrderDto', errors, details);

    // Assess
    expect(error.dtoName).to.equal('OrderDto');
    expect(error.validationErrors).to.equal(errors);
    expect(error.details).to.deep.equal([{ path: 'qty', constraints: { min: 'qty must not be less than 1' } }]);
  });

  describe('flattening details', () => {
    it('gives nested and array paths, depth first, from real class-validator errors', () => {
      // Prepare
      class TagDto {
        @IsString() @MinLength(2) label!: string;
      }
      class LineDto {
        @IsString() sku!: string;
        @IsInt() @Min(1) qty!: number;
        @IsOptional() @ValidateNested({ each: true }) @Type(() => TagDto) tags?: TagDto[];
      }
      class AddressDto {
        @IsString() city!: string;
      }
      class OrderDto {
        @IsString() id!: string;
        @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
        @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => LineDto) items!: LineDto[];
      }
      const tag = Object.assign(new TagDto(), { label: 'x' });
      const order = Object.assign(new OrderDto(), {
        id: 7,
        address: Object.assign(new AddressDto(), { city: 3 }),
        items: [
          Object.assign(new LineDto(), { sku: 's-1', qty: 1 }),
          Object.assign(new LineDto(), { sku: 's-2', qty: 0, tags: [Object.assign(new TagDto(), { label: 'ok' }), tag] }),
        ],
      });

      // Act
      const details = flattenValidationErrors(validateSync(order));

      // Assess
      expect(details.map((d) => [d.path, Object.keys(d.constraints).sort()])).to.deep.equal([
        ['id', ['isString']],
        ['address.city', ['isString']],
        ['items.1.qty', ['min']],
        ['items.1.tags.1.label', ['minLength']],
      ]);
    });

    it('lists a node with both its own constraints and failing children once, before its children', () => {
      // Prepare
      const errors = [
        node('items', { arrayMaxSize: 'too many' }, [node('0', undefined, [node('qty', { isInt: 'not an int' })])]),
      ];

      // Act
      const details = flattenValidationErrors(errors);

      // Assess
      expect(details).to.deep.equal([
        { path: 'items', constraints: { arrayMaxSize: 'too many' } },
        { path: 'items.0.qty', constraints: { isInt: 'not an int' } },
      ]);
    });

    it('skips nodes without constraints and returns nothing for no errors', () => {
      // Prepare
      const errors = [node('a', {}), node('b', undefined, [])];

      // Act
      const details = flattenValidationErrors(errors);
      const none = flattenValidationErrors([]);

      // Assess
      expect(details).to.deep.equal([]);
      expect(none).to.deep.equal([]);
    });

    it('copies constraints, so changing a detail leaves the class-validator error as it was', () => {
      // Prepare
      const errors = [node('qty', { min: 'too small' })];
      const details = flattenValidationErrors(errors);

      // Act
      (details[0] as { constraints: Record<string, string> }).constraints.min = 'changed';

      // Assess
      expect(errors[0]?.constraints).to.deep.equal({ min: 'too small' });
    });
  });
});
