import type { PeerModules } from './peers.js';

// The ES module build's loader (scripts/build.mjs puts it in place of peers.ts): `import()` only. A synchronous
// load is impossible in an ES module, and a `require` here would be hidden from bundlers behind esbuild's shim.

/** No synchronous load in an ES module: the runtime must be loaded with `importPeers` first. */
export function requirePeers(): PeerModules | undefined {
  return undefined;
}

/** Loads both peers. */
export async function importPeers(): Promise<PeerModules> {
  const [transformer, validator] = await Promise.all([import('class-transformer'), import('class-validator')]);
  return { transformer, validator };
}
