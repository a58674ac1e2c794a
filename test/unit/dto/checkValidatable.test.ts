// checkValidatable refuses, when a DTO is set up, a class that forbidUnknownValues would reject in every record: one
// with no class-validator constraint that applies under the options (own or inherited, filtered by groups, always and
// strictGroups). The message names who declared the DTO, why, and the two fixes.
import { InvalidDtoError } from 'batchkit';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, type ValidatorOptions } from 'class-validator';
import { checkValidatable } from '../../../src/dto/checkValidatable';
import { type DtoRuntime, dtoRuntime } from '../../../src/dto/runtime';
import type { Class } from '../../../src/types';
import { thrownBy } from '../../support/errors';

class Undecorated {
  id!: string;
}
class Decorated {
  @IsString() id!: string;
}
class Inheriting extends Decorated {
  note!: string;
}
class OnlyTransformed {
  @Expose() @Type(() => Number) qty!: number;
}
class AdminOnly {
  @IsString({ groups: ['admin'] }) id!: string;
}
class Ungrouped {
  @IsString({ groups: ['admin'] }) id!: string;
  @IsInt() qty!: number;
}

const FIXES =
  'so forbidUnknownValues would fail every record. Decorate its properties (@IsString(), @ValidateNested(), ...), ' +
  'or pass validator: { forbidUnknownValues: false } to build it without validation (with @RecordHandler, dto: false hands over the raw record).';
const noConstraint = (name: string) =>
  `OrderHandler.handle: ${name} has no class-validator constraint (neither it nor its parent classes; class-transformer's @Type and @Expose do not count), ${FIXES}`;
const notInGroups = (name: string, groups: string) =>
  `OrderHandler.handle: no class-validator constraint of ${name} (or of its parent classes) is in the groups ${groups}, ${FIXES}`;

describe('checkValidatable', () => {
  const accepted: { why: string; dto: Class; options: ValidatorOptions }[] = [
    { why: 'a class with a constraint', dto: Decorated, options: {} },
    { why: 'a class that inherits a constraint', dto: Inheriting, options: { forbidUnknownValues: true } },
    { why: 'any class with forbidUnknownValues: false', dto: Undecorated, options: { forbidUnknownValues: false } },
    { why: 'grouped constraints when validating without groups', dto: AdminOnly, options: {} },
    { why: 'a constraint in one of the groups', dto: AdminOnly, options: { groups: ['create', 'admin'] } },
    { why: 'an ungrouped constraint with always: true', dto: Ungrouped, options: { groups: ['create'], always: true } },
    { why: 'grouped constraints with strictGroups: false', dto: AdminOnly, options: { strictGroups: false } },
  ];
  for (const { why, dto, options } of accepted) {
    it(`accepts ${why} (${dto.name}, ${JSON.stringify(options)})`, async () => {
      // Prepare
      const runtime = await dtoRuntime();

      // Act
      const check = () => checkValidatable(dto, runtime, options, 'OrderHandler.handle');

      // Assess
      expect(check).to.not.throw();
    });
  }

  const refused: { why: string; dto: Class; options: ValidatorOptions; message: string }[] = [
    { why: 'a class without constraints', dto: Undecorated, options: {}, message: noConstraint('Undecorated') },
    {
      why: 'a class without constraints with forbidUnknownValues: true',
      dto: Undecorated,
      options: { forbidUnknownValues: true },
      message: noConstraint('Undecorated'),
    },
    {
      why: 'a class with only @Type and @Expose',
      dto: OnlyTransformed,
      options: {},
      message: noConstraint('OnlyTransformed'),
    },
    {
      why: 'grouped constraints with strictGroups and no groups',
      dto: AdminOnly,
      options: { strictGroups: true },
      message: noConstraint('AdminOnly'),
    },
    {
      why: 'constraints outside the groups',
      dto: Ungrouped,
      options: { groups: ['create', 'update'] },
      message: notInGroups('Ungrouped', 'create, update'),
    },
    {
      why: 'constraints outside the groups with always: false',
      dto: Ungrouped,
      options: { groups: ['create'], always: false },
      message: notInGroups('Ungrouped', 'create'),
    },
  ];
  for (const { why, dto, options, message } of refused) {
    it(`refuses ${why} with InvalidDtoError (${dto.name}, ${JSON.stringify(options)})`, async () => {
      // Prepare
      const runtime = await dtoRuntime();

      // Act
      const error = thrownBy(() => checkValidatable(dto, runtime, options, 'OrderHandler.handle'));

      // Assess
      expect(error).to.be.instanceOf(InvalidDtoError);
      expect((error as InvalidDtoError).code).to.equal('INVALID_DTO');
      expect((error as InvalidDtoError).declaredBy).to.equal('OrderHandler.handle');
      expect((error as InvalidDtoError).message).to.equal(message);
    });
  }

  it('leaves the verdict to class-validator when its metadata storage cannot be asked', () => {
    // Prepare
    const runtime = { getMetadataStorage: () => ({}) } as unknown as DtoRuntime;

    // Act
    const check = () => checkValidatable(Undecorated, runtime, {}, 'OrderHandler.handle');

    // Assess
    expect(check).to.not.throw();
  });
});
