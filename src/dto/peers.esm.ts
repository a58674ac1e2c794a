import { DtoPeersNotInstalledError } from '../errors/DtoPeersNotInstalledError.js';
import type { PeerModules } from './peers.js';

// The ES module build's loader (scripts/build.mjs puts it in place of peers.ts): `import()` only. A synchronous
// load is impossible in an ES module, and a `require` here would be hidden from bundlers behind esbuild's shim.
// Each `import()` carries its own `.catch`: bundlers then leave a peer that is not installed to fail at run time,
// so a function without DTOs bundles without class-validator installed.

/** No synchronous load in an ES module: the runtime must be loaded with `importPeers` first. */
export function requirePeers(): PeerModules | undefined {
  return undefined;
}

/** Loads both peers; rejects with `DtoPeersNotInstalledError` when they cannot be loaded. */
export async function importPeers(): Promise<PeerModules> {
  const notInstalled = (error: unknown): never => {
    throw new DtoPeersNotInstalledError(error);
  };
  const [transformer, validator, transformerStorage] = await Promise.all([
    import('class-transformer').catch(notInstalled),
    import('class-validator').catch(notInstalled),
    // Only the fast path reads it; checked to be the copy the decorators write to (else the fast path is off).
    import('class-transformer/cjs/storage.js').catch(() => undefined),
  ]);
  return { transformer, validator, transformerStorage };
}
