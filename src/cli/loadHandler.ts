import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './args.js';

/** A Lambda-style handler: `(event, context)`. */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Loads `<module>[#export]` (default export name `handler`) relative to `cwd`. Compiled JavaScript is loaded as it is;
 * TypeScript through the project's own ts-node (it keeps decorator metadata), with a clear message when it is missing.
 */
export async function loadHandler(spec: string, cwd: string): Promise<{ handler: LambdaHandler; label: string }> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : 'handler';
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`No such module: ${file}`);
  if (TYPESCRIPT.has(extname(path))) registerTsNode(cwd);
  const loaded = (await importModule(path)) as Record<string, unknown>;
  const handler = loaded[exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof handler !== 'function') {
    throw new UsageError(
      `${file} has no function export "${exportName}" (exports: ${Object.keys(loaded).join(', ') || 'none'}).`,
    );
  }
  return { handler: handler as LambdaHandler, label: `${file}#${exportName}` };
}

async function importModule(path: string): Promise<unknown> {
  if (extname(path) === '.mjs') return import(pathToFileURL(path).href);
  const require = createRequire(path);
  try {
    return require(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE') return import(pathToFileURL(path).href);
    throw error;
  }
}

function registerTsNode(cwd: string): void {
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined) return;
  const require = createRequire(resolve(cwd, 'package.json'));
  let tsNode: { register(options: object): unknown };
  try {
    tsNode = require('ts-node');
  } catch {
    throw new UsageError(
      'Running a TypeScript handler needs ts-node in your project (npm install -D ts-node), or compile it with tsc and pass the .js file. ' +
        '(tsx and esbuild drop the decorator metadata batchkit reads.)',
    );
  }
  tsNode.register({ transpileOnly: true });
  try {
    require('reflect-metadata');
  } catch {
    // The handler imports it itself when it needs it.
  }
}
