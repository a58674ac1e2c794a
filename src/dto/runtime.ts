import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';
import { DtoPeersNotInstalledError } from '../errors/DtoPeersNotInstalledError.js';
import { DtoRuntimeNotLoadedError } from '../errors/DtoRuntimeNotLoadedError.js';
import { type TransformerStorage, verifiedTransformerStorage } from './compiled/transformerStorage.js';
import { importPeers, type PeerModules, requirePeers } from './peers.js';

/** The two peer libraries the DTO path needs, loaded on first use so that handlers without DTOs never pay for them. */
export interface DtoRuntime {
  plainToInstance: typeof ClassTransformer.plainToInstance;
  validate: typeof ClassValidator.validate;
  validateSync: typeof ClassValidator.validateSync;
  getMetadataStorage: typeof ClassValidator.getMetadataStorage;
  /** The names of class-validator's own constraints (`isString`, `min`, ...), all synchronous. */
  builtinConstraints: ReadonlySet<string>;
  /** The source text of class-validator's `registerDecorator`, which makes the constraint class of every built-in. */
  registerDecoratorSource: string;
  /** The source text of class-validator's `IsOptional`, which holds the source of its condition. */
  isOptionalSource: string;
  /** class-transformer's metadata storage, when it is the one its decorators write to (else no compiled transform). */
  transformerStorage: TransformerStorage | undefined;
}

let loaded: DtoRuntime | undefined;
let loading: Promise<DtoRuntime> | undefined;
/** Why the last load failed (kept so that a synchronous caller gets the real reason). */
let failure: DtoPeersNotInstalledError | undefined;

/**
 * The DTO runtime, loaded once per process: the CommonJS build with `require`, the ES module build with `import()`.
 * Either way a bundler sees the load and bundles the same copies the user's DTO decorators registered with,
 * evaluated only when a DTO is first used.
 */
export function dtoRuntime(): Promise<DtoRuntime> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  loading ??= importPeers().then(
    (peers) => {
      failure = undefined;
      loaded = pick(peers);
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      failure = error instanceof DtoPeersNotInstalledError ? error : new DtoPeersNotInstalledError(error);
      throw failure;
    },
  );
  return loading;
}

/**
 * Starts loading the runtime where a DTO is declared (a processor with a `dto`), so that in an ES
 * module it is ready before the first invocation. Never rejects: a failure is reported by the first use.
 */
export function preloadDtoRuntime(): void {
  if (loaded === undefined) dtoRuntime().catch(() => undefined);
}

/**
 * The runtime for synchronous processing. In CommonJS it is loaded on demand; in an ES module it must have been
 * loaded (it is started by `preloadDtoRuntime` when the processor is made, or by `await loadDtoRuntime()`).
 */
export function dtoRuntimeSync(): DtoRuntime {
  if (loaded !== undefined) return loaded;
  const peers = requirePeers(); // throws DtoPeersNotInstalledError in CommonJS when they are missing
  if (peers !== undefined) {
    loaded = pick(peers);
    return loaded;
  }
  if (failure !== undefined) throw failure;
  throw new DtoRuntimeNotLoadedError();
}

function pick({ transformer, validator, transformerStorage }: PeerModules): DtoRuntime {
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
    registerDecoratorSource: Function.prototype.toString.call(validator.registerDecorator),
    isOptionalSource: Function.prototype.toString.call(validator.IsOptional),
    transformerStorage: verifiedTransformerStorage(transformerStorage, transformer.Type),
  };
}
