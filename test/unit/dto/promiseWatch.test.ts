// validateSyncWatched: class-validator's validateSync, plus which constraint answered with a promise.
import { expect } from 'chai';
import { getMetadataStorage, IsString, MetadataStorage, registerDecorator } from 'class-validator';
import { validateSyncWatched } from '../../../src/dto/promiseWatch';
import { dtoRuntime } from '../../../src/dto/runtime';
import { thrownBy } from '../../support/errors';

function Answers(name: string, answer: (value: unknown) => unknown) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: { validate: (value) => answer(value) as boolean },
    });
}

const OPTIONS = { forbidUnknownValues: true, validationError: { target: false, value: false } };
const lookupNow = () => getMetadataStorage().getTargetValidatorConstraints;

describe('validateSyncWatched', () => {
  it('gives validateSync errors and no promise when every constraint answers synchronously', async () => {
    // Prepare
    class Dto {
      @IsString() id!: string;
      @Answers('even', (value) => (value as number) % 2 === 0) n!: number;
    }

    // Act
    const { errors, promised } = validateSyncWatched(await dtoRuntime(), Object.assign(new Dto(), { id: 7, n: 3 }), OPTIONS);

    // Assess
    expect(promised).to.equal(undefined);
    expect(errors.map((error) => [error.property, Object.keys(error.constraints ?? {})])).to.deep.equal([
      ['id', ['isString']],
      ['n', ['even']],
    ]);
  });

  it('names the first constraint that answered with a promise, and where, never the value', async () => {
    // Prepare
    class Dto {
      @Answers('remote', () => Promise.resolve(false)) sku!: string;
    }

    // Act
    const { errors, promised } = validateSyncWatched(await dtoRuntime(), Object.assign(new Dto(), { sku: 'secret-42' }), OPTIONS);

    // Assess
    expect(errors).to.deep.equal([]);
    expect(promised?.name).to.equal('remote');
    expect(promised?.at).to.equal('Dto.sku');
    expect(promised?.constraint).to.be.a('function');
    expect(JSON.stringify(promised)).to.not.include('secret-42');
  });

  it("leaves class-validator's storage as it was, also when a constraint throws", async () => {
    // Prepare
    const before = lookupNow();
    class Dto {
      @Answers('throws', () => {
        throw new Error('constraint bug');
      })
      sku!: string;
    }
    const runtime = await dtoRuntime();

    // Act
    const error = thrownBy(() => validateSyncWatched(runtime, Object.assign(new Dto(), { sku: 'a' }), OPTIONS));

    // Assess
    expect((error as Error).message).to.equal('constraint bug');
    expect(lookupNow()).to.equal(before);
    expect(lookupNow()).to.equal(MetadataStorage.prototype.getTargetValidatorConstraints);
  });
});
