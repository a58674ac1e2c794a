// What `npm pack` puts in the tarball: the builds, the sources their maps point at, the docs it ships; nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packedTarball } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

interface Manifest {
  exports: Record<string, string | Record<string, Record<string, string>>>;
  typesVersions: Record<string, Record<string, string[]>>;
  bin: Record<string, string>;
  main: string;
  module: string;
  types: string;
  engines: { node: string };
}

describe('the packed tarball', function () {
  this.timeout(120_000);
  let dir: string;
  let files: string[];
  let manifest: Manifest;

  before(() => {
    dir = scratchDir('tarball-');
    execFileSync('tar', ['xzf', packedTarball(), '-C', dir]);
    files = execFileSync('tar', ['tzf', packedTarball()], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.replace(/^package\//, ''));
    manifest = JSON.parse(readFileSync(path.join(dir, 'package/package.json'), 'utf8')) as Manifest;
  });

  after(() => removeScratch(dir));

  it('holds only the builds, the sources, the manifest, the README, the licence and the changelog', () => {
    // Assess
    const stray = files.filter(
      (file) => !/^(dist|src)\//.test(file) && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(file),
    );
    expect(stray).to.deep.equal([]);
    expect(
      files.filter((file) => /(^|\/)(test|tests|__tests__|fixtures)\/|\.test\.|\.tgz$|tsbuildinfo/.test(file)),
    ).to.deep.equal([]);
    expect(files.filter((file) => file.startsWith('src/') && !file.endsWith('.ts'))).to.deep.equal([]);
  });

  it('has every file its manifest points at: exports, typesVersions, main, module, types and bin', () => {
    // Prepare
    const targets = [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin)];
    for (const entry of Object.values(manifest.exports)) {
      if (typeof entry === 'string') targets.push(entry);
      else for (const condition of Object.values(entry)) targets.push(...Object.values(condition));
    }
    for (const mapping of Object.values(manifest.typesVersions))
      for (const paths of Object.values(mapping)) targets.push(...paths);

    // Assess
    const missing = targets.map((target) => path.normalize(target)).filter((target) => !files.includes(target));
    expect(missing).to.deep.equal([]);
    expect(readFileSync(path.join(dir, 'package', Object.values(manifest.bin)[0] as string), 'utf8')).to.match(
      /^#!\/usr\/bin\/env node\n/,
    );
    expect(manifest.engines.node).to.equal('>=22');
  });

  it('has source and declaration maps whose sources are all in the package', () => {
    // Prepare
    const maps = files.filter((file) => file.endsWith('.map'));

    // Act
    const unresolved = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(path.join(dir, 'package', map), 'utf8')) as { sources: string[] };
      return sources
        .map((source) => path.join(path.dirname(map), source))
        .filter((source) => !existsSync(path.join(dir, 'package', source)))
        .map((source) => `${map} -> ${source}`);
    });

    // Assess
    expect(maps.filter((map) => map.endsWith('.d.ts.map'))).to.not.have.length(0);
    expect(unresolved).to.deep.equal([]);
  });

  it('ships a declaration file for each JavaScript entry, and none that the entries do not reach', () => {
    // Assess
    for (const format of ['cjs', 'esm']) {
      expect(files).to.include.members([`dist/${format}/index.d.ts`, `dist/${format}/testing.d.ts`]);
    }
    expect(files.filter((file) => file.startsWith('dist/cjs/cli/') && file.endsWith('.d.ts'))).to.deep.equal([]);
  });
});
