// The metadata store: each class keeps its own list under a Symbol key; appending copies, so a parent's list is never
// changed by what a subclass (or a later decorator) adds.
import { EventType, RecordHandler } from 'batchkit';
import { expect } from 'chai';
import { BATCH_HANDLERS, RECORD_HANDLERS } from '../../../src/constants';
import { appendOwnMetadata, ownMetadata, type RecordHandlerMeta } from '../../../src/metadata/store';

function recordMeta(methodName: string, declaringPrototype: object = {}): RecordHandlerMeta {
  return { methodName, eventType: EventType.SQS, options: {}, declaringPrototype, arity: 1 };
}

describe('metadata store', () => {
  it('gives an empty list for a class with no metadata', () => {
    // Prepare
    class Plain {}

    // Act
    const entries = ownMetadata(Plain, RECORD_HANDLERS);

    // Assess
    expect(entries).to.deep.equal([]);
  });

  it('keeps entries in the order they were appended', () => {
    // Prepare
    class Handler {}
    const first = recordMeta('first');
    const second = recordMeta('second');

    // Act
    appendOwnMetadata(Handler, RECORD_HANDLERS, first);
    appendOwnMetadata(Handler, RECORD_HANDLERS, second);

    // Assess
    const entries = ownMetadata(Handler, RECORD_HANDLERS);
    expect(entries).to.have.length(2);
    expect(entries[0]).to.equal(first);
    expect(entries[1]).to.equal(second);
  });

  it('writes a fresh array on each append: a list read earlier is not changed', () => {
    // Prepare
    class Handler {}
    appendOwnMetadata(Handler, RECORD_HANDLERS, recordMeta('first'));
    const before = ownMetadata(Handler, RECORD_HANDLERS);

    // Act
    appendOwnMetadata(Handler, RECORD_HANDLERS, recordMeta('second'));

    // Assess
    expect(before.map((meta) => meta.methodName)).to.deep.equal(['first']);
    expect(ownMetadata(Handler, RECORD_HANDLERS)).to.not.equal(before);
  });

  it("gives a subclass none of its parent's entries (they are own metadata, not inherited statics)", () => {
    // Prepare
    class Parent {}
    appendOwnMetadata(Parent, RECORD_HANDLERS, recordMeta('inherited'));
    class Child extends Parent {}

    // Act
    const entries = ownMetadata(Child, RECORD_HANDLERS);

    // Assess
    expect(entries).to.deep.equal([]);
  });

  it("leaves the parent's list untouched when a subclass appends", () => {
    // Prepare
    class Parent {}
    appendOwnMetadata(Parent, RECORD_HANDLERS, recordMeta('parentHandler'));
    const parentBefore = ownMetadata(Parent, RECORD_HANDLERS);
    class Child extends Parent {}

    // Act
    appendOwnMetadata(Child, RECORD_HANDLERS, recordMeta('childHandler'));

    // Assess
    expect(ownMetadata(Parent, RECORD_HANDLERS)).to.equal(parentBefore);
    expect(ownMetadata(Parent, RECORD_HANDLERS).map((meta) => meta.methodName)).to.deep.equal(['parentHandler']);
    expect(ownMetadata(Child, RECORD_HANDLERS).map((meta) => meta.methodName)).to.deep.equal(['childHandler']);
  });

  it('keeps record handlers and batch handlers under separate keys', () => {
    // Prepare
    class Handler {}

    // Act
    appendOwnMetadata(Handler, RECORD_HANDLERS, recordMeta('handle'));
    appendOwnMetadata(Handler, BATCH_HANDLERS, { methodName: 'handler' });

    // Assess
    expect(ownMetadata(Handler, RECORD_HANDLERS).map((meta) => meta.methodName)).to.deep.equal(['handle']);
    expect(ownMetadata(Handler, BATCH_HANDLERS)).to.deep.equal([{ methodName: 'handler' }]);
  });

  it('stores the metadata as a non-enumerable property (invisible to Object.keys and JSON)', () => {
    // Prepare
    class Handler {}

    // Act
    appendOwnMetadata(Handler, RECORD_HANDLERS, recordMeta('handle'));

    // Assess
    expect(Object.getOwnPropertyDescriptor(Handler, RECORD_HANDLERS)?.enumerable).to.equal(false);
  });

  describe('as the decorators use it', () => {
    it('records each @RecordHandler on the class that declares it, subclass and parent apart', () => {
      // Prepare
      class Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        parentHandler() {}
      }
      const parentBefore = ownMetadata(Parent, RECORD_HANDLERS);

      // Act
      class Child extends Parent {
        @RecordHandler(EventType.KinesisDataStreams, { dto: false })
        childHandler() {}
      }

      // Assess
      expect(ownMetadata(Parent, RECORD_HANDLERS)).to.equal(parentBefore);
      expect(ownMetadata(Parent, RECORD_HANDLERS).map((meta) => meta.methodName)).to.deep.equal(['parentHandler']);
      const child = ownMetadata(Child, RECORD_HANDLERS);
      expect(child.map((meta) => [meta.methodName, meta.eventType])).to.deep.equal([
        ['childHandler', EventType.KinesisDataStreams],
      ]);
      expect(child[0]?.declaringPrototype).to.equal(Child.prototype);
    });
  });
});
