import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';
import { DtoPeersNotInstalledError } from '../errors/DtoPeersNotInstalledError.js';

/** The two peer libraries of the DTO path. */
export interface PeerModules {
  transformer: typeof ClassTransformer;
  validator: typeof ClassValidator;
  /**
   * class-transformer's `cjs/storage` module (its metadata storage, which the compiled fast path reads), or
   * `undefined` where it cannot be loaded; `compiled/transformerStorage.ts` checks that it is the copy the loaded
   * decorators write to.
   */
  transformerStorage?: unknown;
}

// This file is the CommonJS build's loader (and the one the tests run). The ES module build replaces it with
// peers.esm.ts (scripts/build.mjs). Both spell the load as a plain `require(...)` / `import(...)` of the package
// name, inside a function: a bundler then bundles the user's one copy of each peer, evaluated only when called.
// The `require`s sit in a `try` block (the `import()`s carry a `.catch`): that tells bundlers to leave a peer that is
// not installed to fail at run time, so a function without DTOs bundles without class-validator installed.

/** Loads both peers now; throws `DtoPeersNotInstalledError` when they cannot be loaded. */
export function requirePeers(): PeerModules | undefined {
  try {
    return {
      transformer: require('class-transformer'),
      validator: require('class-validator'),
      transformerStorage: requireTransformerStorage(),
    };
  } catch (error) {
    throw new DtoPeersNotInstalledError(error);
  }
}

/** class-transformer's metadata storage module; `undefined` when this version has none there (no fast path then). */
function requireTransformerStorage(): unknown {
  try {
    return require('class-transformer/cjs/storage.js');
  } catch {
    return undefined;
  }
}

/** Loads both peers. */
export function importPeers(): Promise<PeerModules> {
  try {
    return Promise.resolve(requirePeers() as PeerModules);
  } catch (error) {
    return Promise.reject(error);
  }
}
