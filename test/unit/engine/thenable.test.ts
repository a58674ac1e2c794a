import { AsyncHandlerError } from 'batchkit';
import { expect } from 'chai';
import { isThenable, requireSync } from '../../../src/engine/thenable';
import { thrownBy } from '../../support/errors';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

describe('engine: promises where a synchronous value is due', () => {
  it('recognises promises and thenables only', () => {
    // Prepare
    // A thenable that is not a Promise, and an object whose `then` is not a function.
    const thenable = Object.fromEntries([['then', () => undefined]]);
    const notThenable = Object.fromEntries([['then', 1]]);
    const values: unknown[] = [Promise.resolve(1), thenable, null, undefined, 1, 'then', notThenable, () => 1];

    // Act
    const recognised = values.map(isThenable);

    // Assess
    expect(recognised).to.deep.equal([true, true, false, false, false, false, false, false]);
  });

  it('refuses a promise in synchronous processing with AsyncHandlerError, silencing its rejection', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const rejected = Promise.reject(new Error('nobody awaits this'));

    // Act
    const thrown = thrownBy(() => requireSync(rejected, 'prepare()'));
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(thrown).to.be.instanceOf(AsyncHandlerError);
    expect((thrown as AsyncHandlerError).code).to.equal('ASYNC_HANDLER_IN_SYNC_PROCESSOR');
    expect((thrown as Error).message).to.match(/^prepare\(\) returned a Promise/); // names what returned it
    expect(watch.reasons).to.deep.equal([]);
  });

  it('lets every value that is not a thenable pass', () => {
    // Act
    const check = () => {
      for (const value of [undefined, null, 0, 'x', Object.fromEntries([['then', 1]])]) requireSync(value, 'a hook');
    };

    // Assess
    expect(check).to.not.throw();
  });
});
