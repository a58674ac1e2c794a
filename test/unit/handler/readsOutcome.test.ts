// Whether a @BatchHandler method can read the outcome batchkit passes as its third argument (when it cannot, the run
// keeps only what the response needs). In doubt, it can: a third parameter, a rest parameter, `arguments`, or a
// method that declares no parameter at all.
import { expect } from 'chai';
import { readsOutcome } from '../../../src/handler/readsOutcome';

/* biome-ignore-start lint/complexity/noArguments lint/correctness/noUnusedFunctionParameters: the methods are the cases */
const METHODS: [what: string, method: Function, reads: boolean][] = [
  ['(event)', async (_event: unknown) => undefined, false],
  ['(event, context)', async function handler(_event: unknown, _context: unknown) {}, false],
  ['(event, context, outcome)', async (_event: unknown, _context: unknown, _outcome: unknown) => undefined, true],
  ['()', async () => undefined, true],
  ['(...args)', async (..._args: unknown[]) => undefined, true],
  ['(event, ...rest)', async (_event: unknown, ..._rest: unknown[]) => undefined, true],
  [
    '(event, context) reading arguments',
    function handler(_event: unknown, _context: unknown) {
      return arguments[2];
    },
    true,
  ],
  ['(event, context = {}) with a default', async (_event: unknown, _context: unknown = {}) => undefined, false],
];
/* biome-ignore-end lint/complexity/noArguments lint/correctness/noUnusedFunctionParameters: the methods are the cases */

describe('handler/readsOutcome', () => {
  for (const [what, method, reads] of METHODS) {
    it(`a method declared ${what} ${reads ? 'can' : 'cannot'} read the outcome`, () => {
      // Act
      const first = readsOutcome(method);
      const again = readsOutcome(method);

      // Assess
      expect([first, again]).to.deep.equal([reads, reads]);
    });
  }
});
