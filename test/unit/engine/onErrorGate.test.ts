import {
  EventType,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  StreamShortCircuitError,
} from 'batchkit';
import { expect } from 'chai';
import { FailureGate } from '../../../src/engine/failureGate';

type GateContext = Parameters<FailureGate['check']>[0];

/** A record context of `eventType` at `index`, in ordering group `key`. */
function contextOf(eventType: EventType, index: number, key: string | undefined): GateContext {
  return {
    eventType,
    index,
    itemIdentifier: `id-${index}`,
    lambdaContext: undefined,
    signal: new AbortController().signal,
    orderingKey: key,
  };
}

describe('engine: the onError gate', () => {
  describe("'stop'", () => {
    it('lets every record run until a failure, then skips every later one, whatever its group', () => {
      // Prepare
      const gate = new FailureGate('stop');
      const first = contextOf(EventType.KinesisDataStreams, 0, 'a');

      // Act
      const before = gate.check(first);
      gate.fail(contextOf(EventType.KinesisDataStreams, 1, 'b'));
      const sameGroup = gate.check(contextOf(EventType.KinesisDataStreams, 2, 'b'));
      const otherGroup = gate.check(contextOf(EventType.KinesisDataStreams, 3, 'c'));
      const noGroup = gate.check(contextOf(EventType.KinesisDataStreams, 4, undefined));

      // Assess
      expect(before).to.equal(undefined);
      for (const skip of [sameGroup, otherGroup, noGroup]) {
        expect(skip).to.be.instanceOf(StreamShortCircuitError);
        expect(skip).to.be.instanceOf(ShortCircuitError);
        expect(skip?.code).to.equal('STREAM_SHORT_CIRCUIT');
        expect(skip?.retryable).to.equal(true);
        expect(skip?.failedItemIdentifier).to.equal('id-1');
        expect((skip as StreamShortCircuitError).orderingKey).to.equal(undefined);
      }
    });

    it('names the first failure, not a later one', () => {
      // Prepare
      const gate = new FailureGate('stop');

      // Act
      gate.fail(contextOf(EventType.DynamoDBStreams, 2, 'k'));
      gate.fail(contextOf(EventType.DynamoDBStreams, 5, 'k'));
      const skip = gate.check(contextOf(EventType.DynamoDBStreams, 6, 'j'));

      // Assess
      expect(skip?.failedItemIdentifier).to.equal('id-2');
    });

    it('skips SQS records with SqsFifoShortCircuitError', () => {
      // Prepare
      const gate = new FailureGate('stop');

      // Act
      gate.fail(contextOf(EventType.SQS, 0, 'g1'));
      const skip = gate.check(contextOf(EventType.SQS, 1, 'g2'));

      // Assess
      expect(skip).to.be.instanceOf(SqsFifoShortCircuitError);
      expect(skip?.code).to.equal('FIFO_SHORT_CIRCUIT');
      expect(skip?.failedItemIdentifier).to.equal('id-0');
    });
  });

  describe("'skip-group'", () => {
    it("skips only the failed record's group on streams, naming the key", () => {
      // Prepare
      const gate = new FailureGate('skip-group');

      // Act
      gate.fail(contextOf(EventType.KinesisDataStreams, 0, 'a'));
      const sameGroup = gate.check(contextOf(EventType.KinesisDataStreams, 1, 'a'));
      const otherGroup = gate.check(contextOf(EventType.KinesisDataStreams, 2, 'b'));

      // Assess
      expect(otherGroup).to.equal(undefined);
      expect(sameGroup).to.be.instanceOf(StreamShortCircuitError);
      expect(sameGroup?.code).to.equal('STREAM_SHORT_CIRCUIT');
      expect(sameGroup?.failedItemIdentifier).to.equal('id-0');
      expect((sameGroup as StreamShortCircuitError).orderingKey).to.equal('a');
    });

    it('skips SQS records of the failed message group with SqsFifoMessageGroupShortCircuitError', () => {
      // Prepare
      const gate = new FailureGate('skip-group');

      // Act
      gate.fail(contextOf(EventType.SQS, 0, 'g1'));
      const sameGroup = gate.check(contextOf(EventType.SQS, 1, 'g1'));
      const otherGroup = gate.check(contextOf(EventType.SQS, 2, 'g2'));

      // Assess
      expect(otherGroup).to.equal(undefined);
      expect(sameGroup).to.be.instanceOf(SqsFifoMessageGroupShortCircuitError);
      expect(sameGroup?.code).to.equal('FIFO_GROUP_SHORT_CIRCUIT');
      expect((sameGroup as SqsFifoMessageGroupShortCircuitError).messageGroupId).to.equal('g1');
      expect(sameGroup?.failedItemIdentifier).to.equal('id-0');
    });

    it('never skips records without an ordering group', () => {
      // Prepare
      const gate = new FailureGate('skip-group');

      // Act
      gate.fail(contextOf(EventType.SQS, 0, undefined));
      const next = gate.check(contextOf(EventType.SQS, 1, undefined));

      // Assess
      expect(next).to.equal(undefined);
    });

    it('remembers every failed group, each with its first failure', () => {
      // Prepare
      const gate = new FailureGate('skip-group');

      // Act
      gate.fail(contextOf(EventType.KinesisDataStreams, 0, 'a'));
      gate.fail(contextOf(EventType.KinesisDataStreams, 1, 'b'));
      gate.fail(contextOf(EventType.KinesisDataStreams, 2, 'a'));
      const skips = ['a', 'b', 'c'].map((key, i) => gate.check(contextOf(EventType.KinesisDataStreams, 3 + i, key)));

      // Assess
      expect(skips.map((skip) => skip?.failedItemIdentifier)).to.deep.equal(['id-0', 'id-1', undefined]);
      expect(skips[2]).to.equal(undefined);
    });
  });
});
