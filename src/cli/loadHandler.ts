import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './args.js';

/** A Lambda-style handler: `(event, context)`. */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

/** TypeScript that ts-node's CommonJS hook compiles; `.mts` (ES-module TypeScript) is not among them. */
const TYPESCRIPT = new Set(['.ts', '.cts', '.tsx']);

/**
 * Loads `<module>[#export]` (default export name `handler`) relative to `cwd`. Compiled JavaScript is loaded as it is;
 * TypeScript (`.ts`, `.cts`, `.tsx`) through the project's own ts-node and its CommonJS hook (it keeps decorator
 * metadata), with a clear message when it is missing. ES-module TypeScript (`.mts`, or `.ts` in a `"type": "module"`
 * package), which that hook cannot load, is a usage error that says to compile it.
 */
export async function loadHandler(spec: string, cwd: string): Promise<{ handler: LambdaHandler; label: string }> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : 'handler';
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`No such module: ${file}`);
  if (isEsModuleTypeScript(path)) {
    throw new UsageError(
      `${file} is ES-module TypeScript (.mts, or .ts in a "type": "module" package), which batchkit cannot load: it ` +
        "runs TypeScript through ts-node's CommonJS hook. Compile it with tsc and pass the .mjs or .js file.",
    );
  }
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

/** `.mts`, or `.ts` / `.tsx` under a `"type": "module"` package.json: TypeScript that Node treats as an ES module. */
function isEsModuleTypeScript(path: string): boolean {
  const extension = extname(path);
  if (extension === '.mts') return true;
  if (extension !== '.ts' && extension !== '.tsx') return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return packageType(manifest) === 'module';
    if (dirname(dir) === dir) return false;
  }
}

function packageType(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
  } catch {
    return undefined;
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
  // With the type checker, not transpile-only: only then does an `import type` DTO reflect as `Function` (and fail
  // loudly with MissingTypeMetadataError) instead of `Object` (the raw record, unvalidated).
  tsNode.register({ transpileOnly: false });
  try {
    require('reflect-metadata');
  } catch {
    // The handler imports it itself when it needs it.
  }
}
