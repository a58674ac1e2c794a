import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';
import { DtoPeersNotInstalledError, DtoRuntimeNotLoadedError } from '../errors/DtoRuntimeErrors.js';

/** The two peer libraries the DTO path needs, loaded on first use so that handlers without DTOs never pay for them. */
export interface DtoRuntime {
  plainToInstance: typeof ClassTransformer.plainToInstance;
  validate: typeof ClassValidator.validate;
  validateSync: typeof ClassValidator.validateSync;
  getMetadataStorage: typeof ClassValidator.getMetadataStorage;
  /** The names of class-validator's own constraints (`isString`, `min`, ...), all synchronous. */
  builtinConstraints: ReadonlySet<string>;
}

let loaded: DtoRuntime | undefined;
let loading: Promise<DtoRuntime> | undefined;

/**
 * Loads class-transformer and class-validator once per process: with `require` in CommonJS (the same copies the
 * user's DTOs registered their decorators in, without starting Node's ES module loader), else with `import()`.
 *
 * @example
 * ```ts
 * // in an ES module handler that uses BatchProcessorSync with a dto
 * await loadDtoRuntime();
 * ```
 */
export function loadDtoRuntime(): Promise<DtoRuntime> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  const required = requirePeers();
  if (required !== undefined) {
    loaded = required;
    return Promise.resolve(required);
  }
  loading ??= Promise.all([import('class-transformer'), import('class-validator')]).then(
    ([transformer, validator]) => (loaded = pick(transformer, validator)),
    (error: unknown) => {
      loading = undefined;
      throw missingPeers(error);
    },
  );
  return loading;
}

/**
 * The runtime for synchronous processing. In CommonJS it is loaded on demand; in an ES module build it must
 * have been loaded before (`await loadDtoRuntime()` at module top level, or one async invocation).
 */
export function dtoRuntimeSync(): DtoRuntime {
  if (loaded !== undefined) return loaded;
  loaded = requirePeers();
  if (loaded !== undefined) return loaded;
  throw new DtoRuntimeNotLoadedError();
}

/** Both peers through `require`, or `undefined` where there is none (an ES module, where a bundler's shim throws). */
function requirePeers(): DtoRuntime | undefined {
  if (typeof require !== 'function') return undefined;
  try {
    return pick(require('class-transformer'), require('class-validator'));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') throw missingPeers(error);
    return undefined;
  }
}

function missingPeers(cause: unknown): DtoPeersNotInstalledError {
  return new DtoPeersNotInstalledError(cause);
}

function pick(transformer: typeof ClassTransformer, validator: typeof ClassValidator): DtoRuntime {
  return {
    plainToInstance: transformer.plainToInstance,
    validate: validator.validate,
    validateSync: validator.validateSync,
    getMetadataStorage: validator.getMetadataStorage,
    // class-validator exports each built-in constraint's name as an upper-case constant (IS_STRING = 'isString').
    builtinConstraints: new Set(
      Object.entries(validator)
        .filter(([key, value]) => /^[A-Z][A-Z0-9_]*$/.test(key) && typeof value === 'string')
        .map(([, value]) => value as string),
    ),
  };
}
