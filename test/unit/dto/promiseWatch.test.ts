// validateSyncWatched: class-validator's validateSync, plus which constraint answered with a promise.
import { expect } from 'chai';
import { getMetadataStorage, IsString, MetadataStorage, registerDecorator } from 'class-validator';
import { validateSyncWatched } from '../../../src/dto/promiseWatch';
import { type DtoRuntime, dtoRuntime } from '../../../src/dto/runtime';
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

  describe('tells a promise answer from any other answer', () => {
    const answers: { why: string; answer: () => unknown; failed: boolean; promised: boolean }[] = [
      { why: 'true', answer: () => true, failed: false, promised: false },
      { why: 'false', answer: () => false, failed: true, promised: false },
      { why: 'null', answer: () => null, failed: true, promised: false },
      { why: 'undefined', answer: () => undefined, failed: true, promised: false },
      { why: '0', answer: () => 0, failed: true, promised: false },
      { why: 'an object', answer: () => ({}), failed: false, promised: false },
      { why: 'a function', answer: () => () => false, failed: false, promised: false },
      { why: 'a promise', answer: () => Promise.resolve(false), failed: false, promised: true },
      { why: 'a rejected promise', answer: () => Promise.reject(new Error('remote down')), failed: false, promised: true },
      {
        why: 'a thenable that is no Promise',
        // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the case under test
        answer: () => ({ then: (resolve: (value: boolean) => void) => resolve(false) }),
        failed: false,
        promised: true,
      },
    ];
    for (const { why, answer, failed, promised } of answers) {
      it(`a constraint answering ${why}: ${failed ? 'fails' : 'passes'}, ${promised ? '' : 'not '}reported`, async () => {
        // Prepare
        class Dto {
          @Answers('answers', answer) sku!: string;
        }

        // Act
        const watched = validateSyncWatched(await dtoRuntime(), Object.assign(new Dto(), { sku: 'a' }), OPTIONS);

        // Assess
        expect(watched.errors.map((error) => Object.keys(error.constraints ?? {}))).to.deep.equal(failed ? [['answers']] : []);
        expect(watched.promised?.name).to.equal(promised ? 'answers' : undefined);
      });
    }

    it('reports the first constraint that answered with a promise, not a later one', async () => {
      // Prepare
      class Dto {
        @Answers('first', () => Promise.resolve(true)) a!: string;
        @Answers('second', () => Promise.resolve(true)) b!: string;
      }

      // Act
      const { promised } = validateSyncWatched(await dtoRuntime(), Object.assign(new Dto(), { a: 'a', b: 'b' }), OPTIONS);

      // Assess
      expect(promised?.name).to.equal('first');
      expect(promised?.at).to.equal('Dto.a');
    });
  });

  describe('what it hands class-validator in place of the constraints (a hand-made storage)', () => {
    it('leaves a storage without getTargetValidatorConstraints alone and runs a plain validateSync', () => {
      // Prepare
      const { runtime, storage } = fakeRuntime([]);
      delete storage.getTargetValidatorConstraints;

      // Act
      const watched = validateSyncWatched(runtime, {}, OPTIONS);

      // Assess
      expect(watched).to.deep.equal({ errors: ['plain'], promised: undefined });
      expect(Object.keys(storage)).to.deep.equal([]);
    });

    it('one watched list per constraint list, views made once, and a new list when class-validator appends', () => {
      // Prepare
      const first = constraint({ validate: () => true });
      const added = constraint({ validate: () => true });
      const list = [first];
      const { runtime, seen } = fakeRuntime(list);

      // Act
      validateSyncWatched(runtime, {}, OPTIONS);
      validateSyncWatched(runtime, {}, OPTIONS);
      list.push(added);
      validateSyncWatched(runtime, {}, OPTIONS);

      // Assess
      const [once, again, appended] = seen as [unknown[], unknown[], unknown[]];
      expect(again).to.equal(once);
      expect(once[0]).to.not.equal(first);
      expect(Object.getPrototypeOf(once[0])).to.equal(first);
      expect(appended).to.not.equal(once);
      expect(appended.length).to.equal(2);
      expect(appended[0]).to.equal(once[0]);
      expect(Object.getPrototypeOf(appended[1])).to.equal(added);
    });

    it('hands over as they are: entries that are no constraint, and constraints declared async (validateSync skips them)', () => {
      // Prepare
      const declaredAsync = { ...constraint({ validate: () => Promise.resolve(true) }), async: true };
      const list = [null, 'isString', declaredAsync];
      const { runtime, seen } = fakeRuntime(list);

      // Act
      validateSyncWatched(runtime, {}, OPTIONS);

      // Assess
      const handed = seen[0] as unknown[];
      expect(handed.length).to.equal(3);
      handed.forEach((entry, i) => {
        expect(entry).to.equal(list[i]);
      });
    });

    it('hands over as it is a constraint instance it cannot watch', () => {
      // Prepare
      const instances = [
        undefined,
        null,
        'instance',
        { validate: 'not a function' },
        Object.assign(function callable() {}, { validate: () => true }),
      ];
      const list = instances.map((instance) => ({ name: 'odd', target: class Odd {}, instance }));
      const { runtime, seen } = fakeRuntime(list);

      // Act
      validateSyncWatched(runtime, {}, OPTIONS);

      // Assess
      const handed = (seen[0] as { instance: unknown }[]).map((view) => view.instance);
      expect(handed.length).to.equal(5);
      handed.forEach((instance, i) => {
        expect(instance).to.equal(instances[i]);
      });
    });

    it('reads the instance each time, as class-validator does, with one wrapper per instance', () => {
      // Prepare
      const a = { validate: () => 'a' };
      const b = { validate: () => 'b' };
      const served = [a, a, b, a]; // the first for validateSyncWatched's own call
      const odd = {
        name: 'container',
        target: class Container {},
        get instance() {
          return served.shift();
        },
      };
      const { runtime, seen } = fakeRuntime([odd]);
      validateSyncWatched(runtime, {}, OPTIONS);
      const view = (seen[0] as { instance: { validate: () => unknown } }[])[0]!;

      // Act
      const wrappers = [view.instance, view.instance, view.instance];

      // Assess
      expect(wrappers[0]).to.equal(wrappers[2]);
      expect(wrappers[1]).to.not.equal(wrappers[0]);
      expect(wrappers.map((wrapper) => wrapper.validate())).to.deep.equal(['a', 'b', 'a']);
      expect(Object.getPrototypeOf(wrappers[0])).to.equal(a);
    });

    it('a view kept past the call answers a promise with true and reports it to no later call', () => {
      // Prepare
      const remote = constraint({ validate: (value: unknown) => (value === 'late' ? Promise.resolve(false) : true) });
      const { runtime, seen } = fakeRuntime([remote]);
      validateSyncWatched(runtime, {}, OPTIONS);
      const kept = (seen[0] as { instance: { validate: (value: unknown) => unknown } }[])[0]!;

      // Act
      const answer = kept.instance.validate('late');
      const later = validateSyncWatched(runtime, {}, OPTIONS);

      // Assess
      expect(answer).to.equal(true);
      expect(later.promised).to.equal(undefined);
    });

    const places: { why: string; args: unknown; at: string }[] = [
      { why: 'no validation arguments', args: undefined, at: '?.?' },
      { why: 'null validation arguments', args: null, at: '?.?' },
      { why: 'a property that is no string', args: { targetName: 'OrderDto', property: 5 }, at: 'OrderDto.?' },
      { why: 'a target name that is no string', args: { targetName: 7, property: 'sku' }, at: '?.sku' },
      { why: 'both', args: { targetName: 'OrderDto', property: 'sku' }, at: 'OrderDto.sku' },
    ];
    for (const { why, args, at } of places) {
      it(`names the place of a promise answer as ${at} given ${why}`, () => {
        // Prepare
        const remote = constraint({ validate: () => Promise.resolve(true) });
        const { runtime } = fakeRuntime([remote], args);

        // Act
        const { promised } = validateSyncWatched(runtime, {}, OPTIONS);

        // Assess
        expect(promised).to.deep.equal({ name: 'remote', constraint: remote.target, at });
      });
    }
  });
});

/** A class-validator ConstraintMetadata lookalike named `remote`, with this instance. */
function constraint(instance: object): { name: string; target: Function; instance: object } {
  return { name: 'remote', target: class Remote {}, instance };
}

/**
 * A runtime over a hand-made storage whose lookup gives `list`, and a validateSync that does what class-validator's
 * does with it (calls each constraint not declared async with `args`); `seen` holds the lists it was handed.
 */
function fakeRuntime(list: unknown[], args?: unknown) {
  const seen: unknown[] = [];
  const storage: Record<string, unknown> = { getTargetValidatorConstraints: () => list };
  const runtime = {
    getMetadataStorage: () => storage,
    validateSync: () => {
      const lookup = storage.getTargetValidatorConstraints as (() => unknown[]) | undefined;
      if (lookup === undefined) return ['plain'];
      const handed = lookup.call(storage);
      seen.push(handed);
      for (const entry of handed as { async?: unknown; instance?: { validate?: unknown } }[]) {
        if (typeof entry !== 'object' || entry === null || entry.async === true) continue;
        const instance = entry.instance; // read once, as class-validator does per constraint
        const validate = instance?.validate;
        if (typeof validate === 'function') validate.call(instance, 'value', args);
      }
      return [];
    },
  } as unknown as DtoRuntime;
  return { runtime, storage, seen };
}
