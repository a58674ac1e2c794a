// The two loaders of the peer libraries: peers.ts (the CommonJS build: `require`, also behind importPeers) and
// peers.esm.ts (the ES module build: `import()` only, which ts-node compiles to `require` here). Both hand over
// class-transformer and class-validator themselves, and report a peer that cannot be loaded as
// DtoPeersNotInstalledError with the loader's error as cause. class-transformer's storage module (read by the compiled
// fast path) comes along when it loads, and is left out, without failing, when it does not.

import Module from 'node:module';
import { DtoPeersNotInstalledError } from 'batchkit';
import { expect } from 'chai';
import * as classTransformer from 'class-transformer';
import * as classTransformerStorage from 'class-transformer/cjs/storage.js';
import * as classValidator from 'class-validator';
import * as cjsPeers from '../../../src/dto/peers';
import * as esmPeers from '../../../src/dto/peers.esm';
import { rejectionOf, thrownBy } from '../../support/errors';

type Load = (request: string, ...rest: unknown[]) => unknown;
const loader = Module as unknown as { _load: Load };

/** Runs `body` while `require(missing)` fails with `error`, as it does when the package is not installed. */
async function withoutPackage<T>(missing: string, error: Error, body: () => T | Promise<T>): Promise<T> {
  const original = loader._load;
  loader._load = function (this: unknown, request, ...rest) {
    if (request === missing) throw error;
    return original.call(this, request, ...rest);
  };
  try {
    return await body();
  } finally {
    loader._load = original;
  }
}

const notFound = (name: string) => Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
const PEERS = ['class-transformer', 'class-validator'];
const STORAGE = 'class-transformer/cjs/storage.js';

describe('dto/peers (CommonJS build)', () => {
  it('requirePeers and importPeers give the installed class-transformer, its storage module and class-validator', async () => {
    // Act
    const required = cjsPeers.requirePeers();
    const pending = cjsPeers.importPeers();
    const imported = await pending;

    // Assess
    expect(pending).to.be.instanceOf(Promise);
    for (const peers of [required, imported]) {
      expect(peers?.transformer).to.equal(classTransformer);
      expect(peers?.validator).to.equal(classValidator);
      expect(peers?.transformerStorage).to.equal(classTransformerStorage);
    }
  });

  it("requirePeers leaves out class-transformer's storage module when it cannot be loaded", async () => {
    // Act
    const peers = await withoutPackage(STORAGE, notFound(STORAGE), () => cjsPeers.requirePeers());

    // Assess
    expect(peers?.transformer).to.equal(classTransformer);
    expect(peers?.validator).to.equal(classValidator);
    expect(peers).to.have.property('transformerStorage', undefined);
  });

  for (const missing of PEERS) {
    it(`requirePeers throws, and importPeers rejects with, DtoPeersNotInstalledError when ${missing} is missing`, async () => {
      // Prepare
      const error = notFound(missing);

      // Act
      const thrown = await withoutPackage(missing, error, () => thrownBy(() => cjsPeers.requirePeers()));
      const rejected = await withoutPackage(missing, error, () => rejectionOf(cjsPeers.importPeers()));

      // Assess
      for (const failure of [thrown, rejected]) {
        expect(failure).to.be.instanceOf(DtoPeersNotInstalledError);
        expect((failure as DtoPeersNotInstalledError).code).to.equal('DTO_PEERS_NOT_INSTALLED');
        expect((failure as DtoPeersNotInstalledError).cause).to.equal(error);
      }
    });
  }
});

describe('dto/peers.esm (ES module build)', () => {
  it('requirePeers loads nothing: an ES module cannot load synchronously', () => {
    // Act
    const peers = esmPeers.requirePeers();

    // Assess
    expect(peers).to.equal(undefined);
  });

  it('importPeers gives the installed class-transformer, its storage module and class-validator', async () => {
    // Act
    const peers = await esmPeers.importPeers();

    // Assess
    expect(peers.transformer.plainToInstance).to.equal(classTransformer.plainToInstance);
    expect(peers.validator.validateSync).to.equal(classValidator.validateSync);
    expect(peers.validator.getMetadataStorage).to.equal(classValidator.getMetadataStorage);
    expect((peers.transformerStorage as typeof classTransformerStorage).defaultMetadataStorage).to.equal(
      classTransformerStorage.defaultMetadataStorage,
    );
  });

  it("importPeers leaves out class-transformer's storage module when it cannot be loaded", async () => {
    // Act
    const peers = await withoutPackage(STORAGE, notFound(STORAGE), () => esmPeers.importPeers());

    // Assess
    expect(peers.transformer.plainToInstance).to.equal(classTransformer.plainToInstance);
    expect(peers.validator.validateSync).to.equal(classValidator.validateSync);
    expect(peers).to.have.property('transformerStorage', undefined);
  });

  for (const missing of PEERS) {
    it(`importPeers rejects with DtoPeersNotInstalledError when ${missing} is missing`, async () => {
      // Prepare
      const error = notFound(missing);

      // Act
      const rejected = await withoutPackage(missing, error, () => rejectionOf(() => esmPeers.importPeers()));

      // Assess
      expect(rejected).to.be.instanceOf(DtoPeersNotInstalledError);
      expect((rejected as DtoPeersNotInstalledError).code).to.equal('DTO_PEERS_NOT_INSTALLED');
      expect((rejected as DtoPeersNotInstalledError).cause).to.equal(error);
    });
  }
});
