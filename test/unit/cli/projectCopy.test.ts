import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectCli } from '../../../src/cli/projectCopy.js';

/** A project folder with (or without) its own installed batchkit. */
function project(withBatchkit: boolean): { dir: string; cli: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'batchkit-project-')));
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
});
