import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './args.js';
import { handlerOfClass, isClass } from './classExport.js';
import { CliFailure, oneLine } from './errorLine.js';
import { registerTypeScript } from './typescript.js';

/** A Lambda-style handler: `(event, context)`. */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

/** TypeScript that ts-node's CommonJS hook compiles; `.mts` (ES-module TypeScript) is not among them. */
const TYPESCRIPT = new Set(['.ts', '.cts', '.tsx']);

/**
 * Loads `<module>[#export]` (default export name `handler`) relative to `cwd`. The export must be the module's own
 * (or its `default` export's own) property: a function, called as Lambda calls it, or a class with one
 * `@BatchHandler` method and a constructor without arguments, whose new instance's method is called. Compiled
 * JavaScript is loaded as it is; TypeScript (`.ts`, `.cts`, `.tsx`) through the project's own ts-node (see
 * {@link registerTypeScript}). Anything that cannot be a handler (a missing file, a directory, ES-module
 * TypeScript, `module.exports = null`, a missing or inherited export) is a {@link UsageError}; a module that throws
 * while it loads is an error whose message names the module.
 */
export async function loadHandler(spec: string, cwd: string): Promise<{ handler: LambdaHandler; label: string }> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : 'handler';
  const path = resolve(cwd, file);
  checkModuleFile(path, file);
  if (TYPESCRIPT.has(extname(path))) registerTypeScript(cwd, file);
  let loaded: unknown;
  try {
    loaded = await importModule(path);
  } catch (error) {
    throw new CliFailure(`${file} failed to load: ${oneLine(error, { where: true })}`);
  }
  const label = `${file}#${exportName}`;
  const value = ownExport(loaded, file, exportName);
  if (typeof value !== 'function') {
    const exported = exportNames(loaded);
    throw new UsageError(
      value === undefined
        ? `${file} has no export "${exportName}" (its exports: ${exported.join(', ') || 'none'}).`
        : `${label} is ${value === null ? 'null' : `a ${typeof value}`}, not a function or a class.`,
    );
  }
  if (isClass(value)) {
    const { handler, method } = handlerOfClass(value, label);
    return { handler, label: `${label}.${method}` };
  }
  return { handler: value as LambdaHandler, label };
}

function checkModuleFile(path: string, file: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`No such module: ${file}`);
  if (stat.isDirectory())
    throw new UsageError(`${file} is a directory: give the handler's file, e.g. ${join(file, 'index.js')}.`);
  if (isEsModuleTypeScript(path)) {
    throw new UsageError(
      `${file} is ES-module TypeScript (.mts, or .ts in a "type": "module" package), which batchkit cannot load: it ` +
        "runs TypeScript through ts-node's CommonJS hook. Compile it with tsc and pass the .mjs or .js file.",
    );
  }
}

/** The module's own export `name` (never one inherited from `Object.prototype`), or its `default` export's. */
function ownExport(loaded: unknown, file: string, name: string): unknown {
  if (typeof loaded !== 'object' && typeof loaded !== 'function') {
    throw new UsageError(
      `${file} exports ${kindOf(loaded)} (module.exports = ...), not the handler: export it by name (exports.${name} = ...).`,
    );
  }
  if (loaded === null)
    throw new UsageError(`${file} exports null (module.exports = null): export the handler by name (exports.${name} = ...).`);
  if (Object.hasOwn(loaded, name)) return (loaded as Record<string, unknown>)[name];
  const fallback = Object.hasOwn(loaded, 'default') ? (loaded as { default: unknown }).default : undefined;
  if ((typeof fallback === 'object' || typeof fallback === 'function') && fallback !== null && Object.hasOwn(fallback, name))
    return (fallback as Record<string, unknown>)[name];
  return undefined;
}

function exportNames(loaded: unknown): string[] {
  return typeof loaded === 'object' || typeof loaded === 'function' ? Object.keys(loaded ?? {}) : [];
}

function kindOf(value: unknown): string {
  return value === undefined ? 'nothing' : `a ${typeof value}`;
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
