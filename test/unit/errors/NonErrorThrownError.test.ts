import { NonErrorThrownError } from 'batchkit';
import { expect } from 'chai';
import { toError } from '../../../src/errors/NonErrorThrownError';

describe('toError', () => {
  it('returns Errors (and their subclasses) as they are', () => {
    // Prepare
    const errors = [new Error('a'), new TypeError('b'), new NonErrorThrownError('c')];

    // Act
    const converted = errors.map(toError);

    // Assess
    converted.forEach((error, i) => {
      expect(error).to.equal(errors[i]);
    });
  });

  it('wraps anything else in NonErrorThrownError with the original as cause', () => {
    // Prepare
    const thrown: unknown[] = ['x', null, undefined, 0, 42, false, { message: 'looks like an error' }, [1, 2], Symbol('s')];

    // Act
    const converted = thrown.map(toError);

    // Assess
    converted.forEach((error, i) => {
      expect(error).to.be.instanceOf(NonErrorThrownError);
      expect((error as NonErrorThrownError).code).to.equal('NON_ERROR_THROWN');
      expect(error.cause).to.equal(thrown[i]);
    });
  });

  it('describes objects without a constructor without crashing', () => {
    // Prepare
    const bare = Object.create(null) as object;

    // Act
    const error = toError(bare);

    // Assess
    expect(error).to.be.instanceOf(NonErrorThrownError);
    expect(error.cause).to.equal(bare);
  });

  it('never throws for a thrown Proxy whose every trap throws, and says it could not read it', () => {
    // Prepare
    const unreadable = () => {
      throw new Error('this field cannot be read');
    };
    const hostile = new Proxy({}, new Proxy({}, { get: () => unreadable }));

    // Act
    const error = toError(hostile);

    // Assess
    expect(error).to.be.instanceOf(NonErrorThrownError);
    expect(error.cause).to.equal(hostile);
    expect(error.message).to.equal('The record handler threw a non-Error value (an object that cannot be read).');
  });
});
