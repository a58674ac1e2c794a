// Lets samples and docs examples import 'batchkit' and 'batchkit/testing' as users do, resolved to the sources
// under test (one copy of every class, so instanceof holds between tests and samples).
import Module from 'node:module';
import path from 'node:path';

const aliases: Record<string, string> = {
  batchkit: path.resolve(__dirname, '../../src/index.ts'),
  'batchkit/testing': path.resolve(__dirname, '../../src/testing.ts'),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const internal = Module as unknown as { _resolveFilename: Resolve };
const original = internal._resolveFilename;
internal._resolveFilename = function (request: string, ...rest: unknown[]) {
  return original.call(this, aliases[request] ?? request, ...rest);
};
