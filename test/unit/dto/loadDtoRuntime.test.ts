// loadDtoRuntime, the public way to load class-transformer and class-validator ahead of synchronous DTO processing in
// an ES module: it resolves (to nothing) once the runtime is loaded, and rejects when the peers are missing. Runs on
// fresh copies of the runtime over fake peer loaders that behave as the ES module build (no synchronous load).
import { DtoPeersNotInstalledError } from 'batchkit';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { fakePeers, freshRuntime, peerModules } from './freshRuntime';

const esModule = () => undefined;

describe('loadDtoRuntime', () => {
  it('returns a promise that resolves to undefined once synchronous DTO processing can get the runtime', async () => {
    // Prepare
    const modules = peerModules();
    const peers = fakePeers(esModule, () => Promise.resolve(modules));
    const { runtime, load } = freshRuntime(peers);

    // Act
    const pending = load.loadDtoRuntime();
    const resolved = await pending;

    // Assess
    expect(pending).to.be.instanceOf(Promise);
    expect(resolved).to.equal(undefined);
    expect(runtime.dtoRuntimeSync().validate).to.equal(modules.validator.validate);
    expect(peers.calls.importPeers).to.equal(1);
  });

  it('rejects with DtoPeersNotInstalledError when the peers cannot be imported', async () => {
    // Prepare
    const missing = new Error("Cannot find module 'class-validator'");
    const { load } = freshRuntime(fakePeers(esModule, () => Promise.reject(missing)));

    // Act
    const error = await rejectionOf(() => load.loadDtoRuntime());

    // Assess
    expect(error).to.be.instanceOf(DtoPeersNotInstalledError);
    expect((error as DtoPeersNotInstalledError).cause).to.equal(missing);
  });
});
