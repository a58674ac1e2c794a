// The benchmark suite runs end to end (`--quick`) and writes a results file with every scenario.
// Behaviour only: no speed is asserted here (the numbers go in docs/performance.md).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type BenchResults, SCENARIO_IDS } from '../../bench/lib/results';

const ROOT = path.resolve(__dirname, '../..');

function runQuickBench(out: string): Promise<void> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const args = ['--expose-gc', '-r', 'ts-node/register', '-r', 'reflect-metadata', '-r', './test/setup/aliases.ts'];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...args, 'bench/run.ts', '--quick', `--out=${out}`],
      { cwd: ROOT, env, timeout: 58_000, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => (error ? reject(new Error(`quick bench failed: ${error.message}\n${stderr}`)) : resolve()),
    );
  });
}

describe('bench (quick smoke run)', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'batchkit-bench-smoke-'));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a results JSON with every scenario, each with measured rows', async () => {
    // Prepare
    const out = path.join(dir, 'results.json');

    // Act
    await runQuickBench(out);

    // Assess
    const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(results.meta.quick).to.equal(true);
    expect(Object.keys(results.scenarios)).to.have.members([...SCENARIO_IDS]);
    for (const id of SCENARIO_IDS) {
      const scenario = results.scenarios[id];
      expect(scenario?.groups, id).to.be.an('array').that.is.not.empty;
      for (const group of scenario?.groups ?? []) {
        if (group.baseline !== null)
          expect(
            group.rows.map((row) => row.name),
            `${id}: ${group.name}`,
          ).to.include(group.baseline);
        for (const row of group.rows) {
          expect(row.median, `${id}: ${row.name}`).to.be.a('number').and.to.be.finite;
          if (group.baseline === null) expect(row.ratio, `${id}: ${row.name}`).to.equal(null);
          else expect(row.ratio, `${id}: ${row.name}`).to.be.a('number').and.to.be.finite;
        }
      }
      expect(scenario?.targets, id).to.be.an('array').that.is.not.empty;
    }
  });
});
