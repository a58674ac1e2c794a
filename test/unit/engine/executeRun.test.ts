import { AsyncHandlerError, type BatchRecord, EventType, InvalidOptionError } from 'batchkit';
import { expect } from 'chai';
import type { RunParticipant, RunRequest } from '../../../src/engine/execute';
import { executeRun } from '../../../src/engine/execute';
import type { RunExtension } from '../../../src/engine/extension';
import { resolveRunSettings } from '../../../src/engine/settings';
import { thrownBy } from '../../support/errors';
import { capturingLogger } from '../../support/logger';
import { standardRecords } from '../../support/records';

/** A synchronous request over two SQS records whose step succeeds; `calls` lists the participant's calls. */
function request(extensions: readonly RunExtension[]): RunRequest & { calls: string[] } {
  const calls: string[] = [];
  const records: BatchRecord[] = standardRecords(2);
  const participant: RunParticipant = {
    prepare: () => calls.push('prepare'),
    steps: () => ({ step: (context) => ({ ok: true, result: context.index }), skipped: () => {} }),
    clean: () => calls.push('clean'),
  };
  return {
    records,
    settings: resolveRunSettings(records, EventType.SQS, {}, { fifo: 'auto' }, extensions),
    extensions,
    observe: () => undefined,
    logger: capturingLogger(),
    participant,
    calls,
  };
}

describe('engine: executing a synchronous run', () => {
  it('refuses extensions that work asynchronously before anything runs, naming each of them', () => {
    // Prepare
    const req = request([{ name: 'dlq', asyncOnly: true }, { name: 'audit' }, { name: 'backoff', asyncOnly: true }]);

    // Act
    const error = thrownBy(() => executeRun(req, true));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).to.equal('dlq, backoff');
    expect((error as Error).message).to.include('must be used with the async API (process, processPartialResponse)');
    expect((error as Error).message).to.include('got "a synchronous call"');
    expect(req.calls).to.deep.equal([]);
  });

  it('runs with extensions that work synchronously', () => {
    // Prepare
    const req = request([{ name: 'audit', afterRecords: () => undefined }]);

    // Act
    const result = executeRun(req, true);

    // Assess
    expect(result.outcome.successes.map((s) => s.result)).to.deep.equal([0, 1]);
    expect(req.calls).to.deep.equal(['prepare', 'clean']);
  });

  it('throws AsyncHandlerError naming the run stage when one returns a promise, and goes no further', () => {
    // Prepare
    const req = request([{ name: 'audit', afterRecords: () => Promise.resolve() }]);

    // Act
    const error = thrownBy(() => executeRun(req, true));

    // Assess
    expect(error).to.be.instanceOf(AsyncHandlerError);
    expect((error as Error).message).to.match(/^A run stage returned a Promise/);
    expect(req.calls).to.deep.equal(['prepare']);
  });
});
