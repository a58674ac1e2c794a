// The DTO runtime (src/dto/runtime.ts): class-transformer and class-validator loaded once per process, on first use,
// with `import()` (dtoRuntime, preloadDtoRuntime) or `require` (dtoRuntimeSync); what it picks from them; and how a
// failed load is reported and retried. Each test runs a fresh copy of the module over fake peer loaders.
import { DtoPeersNotInstalledError, DtoRuntimeNotLoadedError } from 'batchkit';
import { expect } from 'chai';
import * as classTransformerStorage from 'class-transformer/cjs/storage.js';
import { rejectionOf, thrownBy } from '../../support/errors';
import { watchUnhandledRejections } from '../../support/unhandledRejections';
import { fakePeers, freshRuntime, peerModules } from './freshRuntime';

const esModule = () => undefined; // requirePeers in the ES module build
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('dto/runtime', () => {
  describe('dtoRuntime', () => {
    const storages: { why: string; withStorage: boolean; expected: () => unknown }[] = [
      {
        why: "class-transformer's storage, verified as its decorators' one",
        withStorage: true,
        expected: () => classTransformerStorage.defaultMetadataStorage,
      },
      { why: 'no transformer storage where its module is missing', withStorage: false, expected: () => undefined },
    ];
    for (const { why, withStorage, expected } of storages) {
      it(`picks the functions it uses, the built-in constraint names, the sources it reads and ${why}`, async () => {
        // Prepare
        const peers = peerModules(withStorage);
        const { runtime } = freshRuntime(fakePeers(esModule, () => Promise.resolve(peers)));

        // Act
        const loaded = await runtime.dtoRuntime();

        // Assess
        expect(loaded).to.deep.equal({
          plainToInstance: peers.transformer.plainToInstance,
          validate: peers.validator.validate,
          validateSync: peers.validator.validateSync,
          getMetadataStorage: peers.validator.getMetadataStorage,
          builtinConstraints: new Set(['isString', 'isIso8601', 'a', 'isNumberString']),
          registerDecoratorSource: String(peers.validator.registerDecorator),
          isOptionalSource: String(peers.validator.IsOptional),
          transformerStorage: expected(),
        });
        expect(loaded.registerDecoratorSource).to.include("return 'the source of registerDecorator'");
        expect(loaded.isOptionalSource).to.include("return 'the source of IsOptional'");
      });
    }

    it('imports once: concurrent and later calls get the same runtime', async () => {
      // Prepare
      const peers = fakePeers(esModule, () => Promise.resolve(peerModules()));
      const { runtime } = freshRuntime(peers);

      // Act
      const [first, concurrent] = await Promise.all([runtime.dtoRuntime(), runtime.dtoRuntime()]);
      const later = await runtime.dtoRuntime();

      // Assess
      expect(first).to.have.property('validate');
      expect(concurrent).to.equal(first);
      expect(later).to.equal(first);
      expect(peers.calls).to.deep.equal({ requirePeers: 0, importPeers: 1 });
    });

    it('resolves the runtime dtoRuntimeSync loaded, without importing again', async () => {
      // Prepare
      const peers = fakePeers(() => peerModules());
      const { runtime } = freshRuntime(peers);
      const loadedSync = runtime.dtoRuntimeSync();

      // Act
      const loaded = await runtime.dtoRuntime();

      // Assess
      expect(loaded).to.equal(loadedSync);
      expect(peers.calls).to.deep.equal({ requirePeers: 1, importPeers: 0 });
    });

    const failures: { why: string; reason: () => unknown; keptAsIs: boolean }[] = [
      {
        why: 'a DtoPeersNotInstalledError as it is',
        reason: () => new DtoPeersNotInstalledError(new Error('gone')),
        keptAsIs: true,
      },
      { why: 'any other reason as the cause of a DtoPeersNotInstalledError', reason: () => new Error('gone'), keptAsIs: false },
    ];
    for (const { why, reason, keptAsIs } of failures) {
      it(`rejects with ${why}`, async () => {
        // Prepare
        const thrown = reason();
        const { runtime } = freshRuntime(fakePeers(esModule, () => Promise.reject(thrown)));

        // Act
        const error = await rejectionOf(() => runtime.dtoRuntime());

        // Assess
        expect(error).to.be.instanceOf(DtoPeersNotInstalledError);
        expect((error as DtoPeersNotInstalledError).code).to.equal('DTO_PEERS_NOT_INSTALLED');
        if (keptAsIs) expect(error).to.equal(thrown);
        else expect((error as DtoPeersNotInstalledError).cause).to.equal(thrown);
      });
    }

    it('imports again after a failed import, and keeps what the retry loaded', async () => {
      // Prepare
      const peers = fakePeers(
        esModule,
        () => Promise.reject(new Error('not yet')),
        () => Promise.resolve(peerModules()),
      );
      const { runtime } = freshRuntime(peers);

      // Act
      const error = await rejectionOf(() => runtime.dtoRuntime());
      const loaded = await runtime.dtoRuntime();
      const again = await runtime.dtoRuntime();

      // Assess
      expect(error).to.be.instanceOf(DtoPeersNotInstalledError);
      expect(loaded).to.have.property('validate');
      expect(again).to.equal(loaded);
      expect(peers.calls.importPeers).to.equal(2);
    });
  });

  describe('dtoRuntimeSync', () => {
    it('in CommonJS, requires the peers on first use and keeps them', () => {
      // Prepare
      const modules = peerModules();
      const peers = fakePeers(() => modules);
      const { runtime } = freshRuntime(peers);

      // Act
      const first = runtime.dtoRuntimeSync();
      const second = runtime.dtoRuntimeSync();

      // Assess
      expect(first.validateSync).to.equal(modules.validator.validateSync);
      expect(second).to.equal(first);
      expect(peers.calls).to.deep.equal({ requirePeers: 1, importPeers: 0 });
    });

    it('in CommonJS, throws what requirePeers threw when the peers are missing', () => {
      // Prepare
      const missing = new DtoPeersNotInstalledError(new Error('Cannot find module'));
      const { runtime } = freshRuntime(
        fakePeers(() => {
          throw missing;
        }),
      );

      // Act
      const error = thrownBy(() => runtime.dtoRuntimeSync());

      // Assess
      expect(error).to.equal(missing);
    });

    it('in an ES module, throws DtoRuntimeNotLoadedError before anything loaded the runtime', () => {
      // Prepare
      const { runtime } = freshRuntime(fakePeers(esModule));

      // Act
      const error = thrownBy(() => runtime.dtoRuntimeSync());

      // Assess
      expect(error).to.be.instanceOf(DtoRuntimeNotLoadedError);
      expect((error as DtoRuntimeNotLoadedError).code).to.equal('DTO_RUNTIME_NOT_LOADED');
    });

    it('in an ES module, returns the runtime dtoRuntime loaded', async () => {
      // Prepare
      const peers = fakePeers(esModule, () => Promise.resolve(peerModules()));
      const { runtime } = freshRuntime(peers);
      const loaded = await runtime.dtoRuntime();

      // Act
      const loadedSync = runtime.dtoRuntimeSync();

      // Assess
      expect(loadedSync).to.equal(loaded);
      expect(peers.calls.requirePeers).to.equal(0);
    });

    it('in an ES module, throws the reason the last import failed', async () => {
      // Prepare
      const { runtime } = freshRuntime(fakePeers(esModule, () => Promise.reject(new Error('gone'))));
      const rejection = await rejectionOf(() => runtime.dtoRuntime());

      // Act
      const error = thrownBy(() => runtime.dtoRuntimeSync());

      // Assess
      expect(error).to.be.instanceOf(DtoPeersNotInstalledError);
      expect(error).to.equal(rejection);
    });
  });

  describe('preloadDtoRuntime', () => {
    it('starts the import, so that synchronous use in an ES module finds the runtime a moment later', async () => {
      // Prepare
      const modules = peerModules();
      const peers = fakePeers(esModule, () => Promise.resolve(modules));
      const { runtime } = freshRuntime(peers);

      // Act
      const started = runtime.preloadDtoRuntime();
      await nextTurn();

      // Assess
      expect(started).to.equal(undefined);
      expect(peers.calls.importPeers).to.equal(1);
      expect(runtime.dtoRuntimeSync().plainToInstance).to.equal(modules.transformer.plainToInstance);
    });

    it('never rejects: a failed import is reported by the first synchronous use', async () => {
      // Prepare
      const { runtime } = freshRuntime(fakePeers(esModule, () => Promise.reject(new Error('gone'))));
      const unhandled = watchUnhandledRejections();

      // Act
      try {
        runtime.preloadDtoRuntime();
        await nextTurn();
      } finally {
        unhandled.stop();
      }
      const error = thrownBy(() => runtime.dtoRuntimeSync());

      // Assess
      expect(unhandled.reasons).to.deep.equal([]);
      expect(error).to.be.instanceOf(DtoPeersNotInstalledError);
      expect((error as DtoPeersNotInstalledError).cause)
        .to.be.instanceOf(Error)
        .with.property('message', 'gone');
    });
  });
});
