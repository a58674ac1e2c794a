import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectCli } from '../../../src/cli/projectCopy.js';
import { removeScratch, scratchDir } from '../../support/scratch';

const made: string[] = [];

/** A project folder with (or without) its own installed batchkit. */
function project(withBatchkit: boolean): { dir: string; cli: string } {
  const scratch = scratchDir('batchkit-project-');
  made.push(scratch);
  const dir = realpathSync(scratch);
  const pkg = join(dir, 'node_modules', 'batchkit');
  const cli = join(pkg, 'dist', 'cjs', 'cli', 'main.js');
  if (withBatchkit) {
    mkdirSync(join(pkg, 'dist', 'cjs', 'cli'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'batchkit', version: '0.0.0' }));
    writeFileSync(cli, '');
  }
  return { dir, cli };
}

describe('the CLI uses the batchkit of the project it runs in', () => {
  after(() => {
    for (const dir of made.splice(0)) removeScratch(dir);
  });

  it("names the project's own CLI when another copy is running (a global or npx install)", () => {
    // Prepare
    const { dir, cli } = project(true);
    const running = join(project(false).dir, 'global-main.js');
    writeFileSync(running, '');

    // Act
    const found = projectCli(dir, running);

    // Assess
    expect(found).to.equal(cli);
  });

  it('runs itself when it is the project copy, or the project has none', () => {
    // Prepare
    const withCopy = project(true);
    const without = project(false);
    const running = join(without.dir, 'main.js');
    writeFileSync(running, '');

    // Act
    const same = projectCli(withCopy.dir, withCopy.cli);
    const none = projectCli(without.dir, running);

    // Assess
    expect(same).to.equal(undefined);
    expect(none).to.equal(undefined);
  });

  it('runs itself from the sources of the batchkit repository, even with a build of its own beside them', () => {
    // Prepare: the repository resolves `batchkit` to itself (package.json "exports" self-reference)
    const repo = project(false).dir;
    writeFileSync(
      join(repo, 'package.json'),
      JSON.stringify({ name: 'batchkit', version: '0.0.0', exports: { './package.json': './package.json' } }),
    );
    mkdirSync(join(repo, 'dist', 'cjs', 'cli'), { recursive: true });
    writeFileSync(join(repo, 'dist', 'cjs', 'cli', 'main.js'), '');
    mkdirSync(join(repo, 'src', 'cli'), { recursive: true });
    const sources = join(repo, 'src', 'cli', 'main.ts');
    writeFileSync(sources, '');

    // Act
    const found = projectCli(repo, sources);

    // Assess
    expect(found).to.equal(undefined);
  });
});
