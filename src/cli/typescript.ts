import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { UsageError } from './args.js';
import { oneLine } from './errorLine.js';

const COMPILE_INSTEAD = 'or compile it with tsc and pass the .js file';

/**
 * Registers the project's ts-node (found from `cwd`) and its CommonJS hook, with the type checker, so that
 * `require` compiles TypeScript and keeps the decorator metadata batchkit reads; loads `reflect-metadata` when the
 * project has it. ts-node runs on TypeScript 5 and earlier: TypeScript 7 is a native compiler whose `typescript`
 * package has no JavaScript compiler API. A missing ts-node or TypeScript, TypeScript 7, or a ts-node that cannot
 * start is a {@link UsageError} that says what to install. Nothing is done when the process runs under ts-node.
 */
export function registerTypeScript(cwd: string, file: string): void {
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined) return;
  const require = createRequire(resolve(cwd, 'package.json'));
  let tsNode: { register(options: object): unknown };
  try {
    tsNode = require('ts-node');
  } catch {
    throw new UsageError(
      `Running ${file} needs ts-node and TypeScript 5 in your project (npm install -D ts-node typescript@5), ${COMPILE_INSTEAD}; ` +
        'tsx and esbuild drop the decorator metadata batchkit reads.',
    );
  }
  try {
    // With the type checker, not transpile-only: only then does an `import type` DTO reflect as `Function` (and fail
    // loudly with MissingTypeMetadataError) instead of `Object` (the raw record, unvalidated).
    tsNode.register({ transpileOnly: false });
  } catch (error) {
    throw new UsageError(whyTsNodeFailed(require, file, error));
  }
  try {
    require('reflect-metadata');
  } catch {
    // The handler imports it itself when it needs it.
  }
}

/** What stopped ts-node: most often the TypeScript beside it. */
function whyTsNodeFailed(require: NodeJS.Require, file: string, error: unknown): string {
  let typescript: { version?: unknown; createProgram?: unknown };
  try {
    typescript = require('typescript');
  } catch {
    return `Running ${file} needs TypeScript 5 beside ts-node (npm install -D typescript@5), ${COMPILE_INSTEAD}.`;
  }
  const version = typeof typescript.version === 'string' ? typescript.version : 'of this project';
  if (typeof typescript.createProgram !== 'function') {
    const major = /^\d+/.exec(version)?.[0];
    return (
      `TypeScript ${major !== undefined && Number(major) >= 7 ? `${major} (${version})` : version} has no JavaScript compiler API, ` +
      `which ts-node needs to run ${file}: npm install -D typescript@5 (ts-node runs on TypeScript 5), ${COMPILE_INSTEAD}.`
    );
  }
  return `ts-node could not start with TypeScript ${version} (${oneLine(error)}): check its setup, ${COMPILE_INSTEAD}.`;
}
