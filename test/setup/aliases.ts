// Lets samples and docs examples import 'batchkit' and 'batchkit/testing' as users do, resolved to the sources
// under test (one copy of every class, so instanceof holds between tests and samples). Also maps the sources'
// ES-module style `./x.js` specifiers to `./x.ts`, as tsc does, so ts-node needs no experimental resolver.
import { existsSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

const aliases: Record<string, string> = {
  batchkit: path.resolve(__dirname, '../../src/index.ts'),
  'batchkit/testing': path.resolve(__dirname, '../../src/testing.ts'),
};

type Resolve = (request: string, parent?: { filename?: string | null }, ...rest: unknown[]) => string;
const internal = Module as unknown as { _resolveFilename: Resolve };
const original = internal._resolveFilename;
internal._resolveFilename = function (request, parent, ...rest) {
  return original.call(this, aliases[request] ?? typeScriptSource(request, parent?.filename) ?? request, parent, ...rest);
};

function typeScriptSource(request: string, from: string | null | undefined): string | undefined {
  if (!request.startsWith('.') || !request.endsWith('.js') || typeof from !== 'string' || !from.endsWith('.ts')) return undefined;
  const target = path.resolve(path.dirname(from), request);
  const source = `${target.slice(0, -'.js'.length)}.ts`;
  return !existsSync(target) && existsSync(source) ? source : undefined;
}
