// What a run counts and reports as outcomes arrive and are revised: records with an outcome, failures, failures the
// response reports (not those an extension marked handled), the response itself, the listener that hears of each
// outcome, and what a run that keeps no results still gives (the errors, never the successes' values).
import { EventType } from 'batchkit';
import { expect } from 'chai';
import { Run } from '../../../src/engine/Run';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { resolveRunSettings } from '../../../src/engine/settings';
import { standardRecords } from '../../support/records';

type Step = (run: Run, at: (index: number) => RecordContextImpl) => void;

const fail =
  (index: number, message = `m${index} failed`): Step =>
  (run, at) =>
    run.fail(at(index), new Error(message), true);
const succeed =
  (index: number): Step =>
  (run, at) =>
    run.succeed(at(index), `result ${index}`);
const revise =
  (index: number): Step =>
  (run, at) =>
    run.fail(at(index), new Error(`m${index} revised`), false, true);
const handled =
  (index: number): Step =>
  (run) =>
    run.amendments.markHandled(index, { sentToDlq: true });
const noted =
  (index: number): Step =>
  (run) =>
    run.amendments.note(index, { sentToDlq: false });

/** Steps on a 4-record run; then its counts, its response's identifiers and what its failures say. */
const CASES: [what: string, steps: Step[], counts: [number, number, number], reported: string[], failures: unknown[]][] = [
  ['nothing settled', [], [0, 0, 0], [], []],
  ['two successes, one failure', [succeed(0), fail(1), succeed(2)], [3, 1, 1], ['m1'], [[1, 'm1 failed', true, undefined]]],
  [
    'a second outcome for a record is ignored',
    [fail(1), succeed(1), fail(1, 'again')],
    [1, 1, 1],
    ['m1'],
    [[1, 'm1 failed', true, undefined]],
  ],
  [
    'a failure marked handled leaves the response',
    [fail(0), fail(3), handled(3)],
    [2, 2, 1],
    ['m0'],
    [
      [0, 'm0 failed', true, undefined],
      [3, 'm3 failed', true, { sentToDlq: true, handled: true }],
    ],
  ],
  [
    'marking a failure handled twice counts once',
    [fail(0), handled(0), handled(0)],
    [1, 1, 0],
    [],
    [[0, 'm0 failed', true, { sentToDlq: true, handled: true }]],
  ],
  [
    'a note keeps the failure in the response',
    [fail(2), noted(2)],
    [1, 1, 1],
    ['m2'],
    [[2, 'm2 failed', true, { sentToDlq: false }]],
  ],
  ['amending a success or a record without outcome changes nothing', [succeed(0), handled(0), handled(1)], [1, 0, 0], [], []],
  [
    'a success revised after the run becomes a reported failure',
    [succeed(0), succeed(1), revise(1)],
    [2, 1, 1],
    ['m1'],
    [[1, 'm1 revised', true, undefined]],
  ],
  [
    'a handled failure revised after the run is reported again, its notes gone',
    [fail(2), handled(2), revise(2)],
    [1, 1, 1],
    ['m2'],
    [[2, 'm2 revised', true, undefined]],
  ],
];

function runOver(keepResults = true): { run: Run; at: (index: number) => RecordContextImpl } {
  const records = standardRecords(4);
  const run = new Run(records, resolveRunSettings(records, EventType.SQS, {}, { fifo: 'auto' }), keepResults);
  const contexts = run.contexts();
  return { run, at: (index) => contexts[index] as RecordContextImpl };
}

describe('engine: what a run counts and reports', () => {
  for (const [what, steps, [settled, failed, reported], ids, failures] of CASES) {
    it(`${what}: ${settled} settled, ${failed} failed, ${reported} reported`, () => {
      // Prepare
      const { run, at } = runOver();

      // Act
      for (const step of steps) step(run, at);

      // Assess
      expect(run.counts()).to.deep.equal({ settled, failed, reported });
      expect(run.response()).to.deep.equal({ batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) });
      expect(run.view.response()).to.deep.equal(run.response());
      expect(run.outcome().response).to.deep.equal(run.response());
      expect(
        run.failures().map((f) => {
          const { sentToDlq, handled: marked } = f;
          const notes =
            sentToDlq === undefined && marked === undefined ? undefined : { sentToDlq, ...(marked ? { handled: marked } : {}) };
          return [f.index, f.error.message, f.retryable, notes];
        }),
      ).to.deep.equal(failures);
    });
  }

  it('hears of each outcome once, and of a revision as a replacement', () => {
    // Prepare
    const { run, at } = runOver();
    const heard: [number, boolean, boolean][] = [];
    run.listener = (index, ok, replaced) => heard.push([index, ok, replaced]);

    // Act
    for (const step of [succeed(0), fail(1), succeed(1), revise(0)]) step(run, at);

    // Assess
    expect(heard).to.deep.equal([
      [0, true, false],
      [1, false, false],
      [0, false, true],
    ]);
  });

  it('keeps every error but no success value when it keeps no results', () => {
    // Prepare
    const { run, at } = runOver(false);

    // Act
    for (const step of [succeed(0), fail(1), succeed(2)]) step(run, at);

    // Assess
    expect(run.outcome().successes.map((s) => [s.index, s.result])).to.deep.equal([
      [0, undefined],
      [2, undefined],
    ]);
    expect(run.outcome().failures.map((f) => f.error.message)).to.deep.equal(['m1 failed']);
    expect(run.results()[1]).to.deep.equal(['fail', 'm1 failed', run.records[1]]);
    expect([run.succeeded(0), run.succeeded(1), run.succeeded(3)]).to.deep.equal([true, false, false]);
  });
});
