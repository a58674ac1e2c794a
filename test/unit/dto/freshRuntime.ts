// Fresh copies of src/dto/runtime.ts (and loadDtoRuntime.ts, which imports it) over fake peer loaders, so a test sees
// the runtime as a new process does: nothing loaded yet, no failure kept. The test process loaded the real runtime
// long ago; the cached modules are put back as soon as the copies are made.
import Module from 'node:module';
import { Type } from 'class-transformer';
import * as classTransformerStorage from 'class-transformer/cjs/storage.js';
import type { PeerModules } from '../../../src/dto/peers';

export type RuntimeModule = typeof import('../../../src/dto/runtime');
export type LoadModule = typeof import('../../../src/dto/loadDtoRuntime');

/** What the fake `peers.ts` does, with how often each loader was called. */
export interface FakePeers {
  requirePeers: () => PeerModules | undefined;
  importPeers: () => Promise<PeerModules>;
  calls: { requirePeers: number; importPeers: number };
}

/** A fake `peers.ts`: `sync` answers `requirePeers` (CommonJS gives peers, an ES module `undefined`), `imports` each `importPeers`. */
export function fakePeers(sync: () => PeerModules | undefined, ...imports: (() => Promise<PeerModules>)[]): FakePeers {
  const calls = { requirePeers: 0, importPeers: 0 };
  return {
    calls,
    requirePeers: () => {
      calls.requirePeers++;
      return sync();
    },
    importPeers: () => {
      const next = imports[Math.min(calls.importPeers, imports.length - 1)];
      calls.importPeers++;
      return next === undefined ? Promise.reject(new Error('no import expected')) : next();
    },
  };
}

/**
 * Peer modules with just what `runtime.ts` reads, and constants `builtinConstraints` must (not) pick. The transformer's
 * `Type` and `transformerStorage` (unless left out) are class-transformer's own, so the storage verifies as the decorators' one.
 */
export function peerModules(withTransformerStorage = true): PeerModules {
  const validator = {
    validate: () => Promise.resolve([]),
    validateSync: () => [],
    getMetadataStorage: () => ({}),
    registerDecorator: function registerDecorator() {
      return 'the source of registerDecorator';
    },
    IsOptional: function IsOptional() {
      return 'the source of IsOptional';
    },
    IS_STRING: 'isString',
    IS_ISO8601: 'isIso8601',
    A: 'a',
    IS_NUMBER_STRING: 'isNumberString',
    MAX_LENGTH_LIMIT: 255, // upper-case but no string
    isString: 'lower-case key', // a string under a key that is no constant
    xIS_EMAIL: 'lower-case start',
    IS_email: 'lower-case end',
    '1_IS': 'digit start',
    'IS-URL': 'dash',
  };
  return {
    transformer: { plainToInstance: () => ({}), Type } as unknown as PeerModules['transformer'],
    validator: validator as unknown as PeerModules['validator'],
    transformerStorage: withTransformerStorage ? classTransformerStorage : undefined,
  };
}

/** Loads fresh `runtime.ts` and `loadDtoRuntime.ts` over `peers` as their `./peers.js`, then restores the cache. */
export function freshRuntime(peers: FakePeers): { runtime: RuntimeModule; load: LoadModule } {
  const paths = ['../../../src/dto/peers.ts', '../../../src/dto/runtime.ts', '../../../src/dto/loadDtoRuntime.ts'].map((path) =>
    require.resolve(path),
  );
  const [peersPath, runtimePath, loadPath] = paths as [string, string, string];
  const cached = paths.map((path) => require.cache[path]);
  const fake = new Module(peersPath);
  fake.filename = peersPath;
  fake.exports = { requirePeers: peers.requirePeers, importPeers: peers.importPeers };
  fake.loaded = true;
  try {
    require.cache[peersPath] = fake;
    delete require.cache[runtimePath];
    delete require.cache[loadPath];
    return { runtime: require(runtimePath) as RuntimeModule, load: require(loadPath) as LoadModule };
  } finally {
    paths.forEach((path, i) => {
      if (cached[i] === undefined) delete require.cache[path];
      else require.cache[path] = cached[i];
    });
  }
}
