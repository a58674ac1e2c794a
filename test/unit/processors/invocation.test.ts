// The invocation store of src/processors/invocation.ts in a process where no batch has run yet (a cold start): a
// processor's fields read then are empty, never a crash. The test process ran batches long ago, so this loads a
// fresh copy of the modules and puts the shared ones back afterwards.
import { expect } from 'chai';

type InvocationModule = typeof import('../../../src/processors/invocation');
type FieldsModule = typeof import('../../../src/processors/invocationFields');

/** Loads fresh copies of `paths` (in order), as a new process would, and restores the cached ones afterwards. */
function freshly<T>(paths: readonly string[], body: (modules: unknown[]) => T): T {
  const resolved = paths.map((path) => require.resolve(path));
  const cached = resolved.map((path) => require.cache[path]);
  for (const path of resolved) delete require.cache[path];
  try {
    return body(resolved.map((path) => require(path)));
  } finally {
    resolved.forEach((path, i) => {
      require.cache[path] = cached[i];
    });
  }
}

describe('processors/invocation: before the first invocation of the process', () => {
  it('finds no current invocation, and a processor’s fields read as empty', () => {
    // Act
    const [current, fields] = freshly(
      ['../../../src/processors/invocation.ts', '../../../src/processors/invocationFields.ts'],
      ([invocation, fieldsModule]) => {
        class Fields extends (fieldsModule as FieldsModule).InvocationFields {}
        const processor = new Fields();
        return [
          (invocation as InvocationModule).currentInvocation(processor),
          [processor.records, processor.successMessages, processor.failureMessages, processor.errors],
        ];
      },
    );

    // Assess
    expect(current).to.equal(undefined);
    expect(fields).to.deep.equal([[], [], [], []]);
  });
});
