import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';

/** The two peer libraries of the DTO path. */
export interface PeerModules {
  transformer: typeof ClassTransformer;
  validator: typeof ClassValidator;
}

// This file is the CommonJS build's loader (and the one the tests run). The ES module build replaces it with
// peers.esm.ts (scripts/build.mjs). Both spell the load as a plain `require(...)` / `import(...)` of the package
// name, inside a function: a bundler then bundles the user's one copy of each peer, evaluated only when called.

/** Loads both peers now; throws (MODULE_NOT_FOUND) when they are not installed. */
export function requirePeers(): PeerModules | undefined {
  return { transformer: require('class-transformer'), validator: require('class-validator') };
}

/** Loads both peers. */
export function importPeers(): Promise<PeerModules> {
  try {
    return Promise.resolve(requirePeers() as PeerModules);
  } catch (error) {
    return Promise.reject(error);
  }
}
