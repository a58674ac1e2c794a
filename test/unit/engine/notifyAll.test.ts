import { EventType } from 'batchkit';
import { expect } from 'chai';
import { notifyAll } from '../../../src/engine/observers';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { capturingLogger } from '../../support/logger';
import { standardRecords } from '../../support/records';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';
import { runOf } from './support';

/** A run whose records all succeeded with their index. */
function settledRun(count: number) {
  const run = runOf(standardRecords(count), EventType.SQS);
  for (const context of run.contexts() as RecordContextImpl[]) run.succeed(context, context.index);
  return run;
}

describe('engine: calling the record hooks (notifyAll)', () => {
  it('stays synchronous in an asynchronous run while the hook returns no promise, whatever it returns', () => {
    // Prepare
    const seen: number[] = [];
    const logger = capturingLogger();

    // Act
    const done = notifyAll(settledRun(2), (settled) => seen.push(settled.index), logger, false);

    // Assess
    expect(done).to.equal(undefined);
    expect(seen).to.deep.equal([0, 1]);
    expect(logger.entries).to.deep.equal([]);
  });

  it('in a synchronous run, logs a hook that returns a promise as an error naming the hook, and goes on', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const seen: number[] = [];
    const logger = capturingLogger();

    // Act
    const done = notifyAll(
      settledRun(2),
      (settled) => {
        seen.push(settled.index);
        return Promise.reject(new Error('nobody awaits this'));
      },
      logger,
      true,
    );
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(done).to.equal(undefined);
    expect(seen).to.deep.equal([0, 1]);
    expect(logger.entries.map((e) => [e.level, e.details?.itemIdentifier, e.details?.errorName])).to.deep.equal([
      ['error', 'm0', 'AsyncHandlerError'],
      ['error', 'm1', 'AsyncHandlerError'],
    ]);
    expect(logger.entries[0]?.details?.errorMessage).to.match(/^a record hook returned a Promise/);
    expect(watch.reasons).to.deep.equal([]);
  });
});
