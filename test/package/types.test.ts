// The packed package's types, as a TypeScript user compiles against them: strict, skipLibCheck false, for each
// module resolution a Lambda project uses, with and without the optional peers installed.
import { execFile } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { consumerProject, copyFixtures, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

/** Each module resolution, with the fixtures it compiles (`.mts` only where ES-module TypeScript exists). */
const RESOLUTIONS: Record<string, { module: string; moduleResolution: string; esm: boolean }> = {
  'node10 ("module": "commonjs")': { module: 'commonjs', moduleResolution: 'node10', esm: false },
  node16: { module: 'node16', moduleResolution: 'node16', esm: true },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', esm: true },
  bundler: { module: 'esnext', moduleResolution: 'bundler', esm: false },
};

const TYPESCRIPT = [repoVersion('typescript'), repoVersion('@types/node')];
const DTO_PEERS = [repoVersion('class-validator'), repoVersion('class-transformer'), repoVersion('reflect-metadata')];

/** The projects: what a user installed beside batchkit, and the files that must compile there. */
const PROJECTS = [
  {
    title: 'without any optional peer (no DTOs, no SQS features)',
    name: 'types-bare',
    packages: TYPESCRIPT,
    files: ['bare.ts'],
  },
  {
    title: 'with the DTO peers but without @aws-sdk/client-sqs',
    name: 'types-dto',
    packages: [...TYPESCRIPT, ...DTO_PEERS],
    files: ['entry.ts', 'entry.mts'],
  },
  {
    title: "with @aws-sdk/client-sqs and Powertools' Logger: their SQSClient, config, messages and Logger fit",
    name: 'types-sdk',
    packages: [...TYPESCRIPT, ...DTO_PEERS, repoVersion('@aws-sdk/client-sqs'), repoVersion('@aws-lambda-powertools/logger')],
    files: ['sdk.ts'],
  },
];

/** Runs the given jobs at most two at a time (the machine has two cores). */
function twoAtATime(): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

describe('the packed package type-checked by a consumer (strict, skipLibCheck false)', function () {
  this.timeout(180_000);

  for (const project of PROJECTS) {
    describe(project.title, () => {
      let dir: string;
      /** One tsc run per resolution, started together in `before` (two at a time) and awaited by each test. */
      const results = new Map<string, Promise<{ code: number; output: string }>>();

      before(() => {
        const consumer = consumerProject(project.name, project.packages);
        const tsc = path.join(consumer, 'node_modules/typescript/bin/tsc');
        dir = scratchDir('types-', consumer);
        // An `x.mts` is the fixture `x.ts` compiled as an ES module: the same code, written under the other name.
        const sources = project.files.map((file) => file.replace(/\.mts$/, '.ts'));
        copyFixtures(
          dir,
          [...new Set(sources)].map((file) => `types/${file}`),
        );
        for (const file of project.files.filter((f) => f.endsWith('.mts'))) {
          copyFileSync(path.join(dir, 'types', file.replace(/\.mts$/, '.ts')), path.join(dir, 'types', file));
        }
        const slots = twoAtATime();
        for (const [mode, { module, moduleResolution, esm }] of Object.entries(RESOLUTIONS)) {
          const files = project.files.filter((file) => esm || !file.endsWith('.mts')).map((file) => `types/${file}`);
          const config = path.join(dir, `tsconfig.${moduleResolution}.json`);
          writeFileSync(
            config,
            JSON.stringify({
              compilerOptions: {
                target: 'ES2022',
                lib: ['ES2022'],
                module,
                moduleResolution,
                strict: true,
                skipLibCheck: false,
                noEmit: true,
                esModuleInterop: true,
                experimentalDecorators: true,
                emitDecoratorMetadata: true,
                types: ['node'],
              },
              files,
            }),
          );
          results.set(
            mode,
            slots(() =>
              run(process.execPath, [tsc, '-p', config], { cwd: dir }).then(
                ({ stdout }) => ({ code: 0, output: stdout }),
                (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
              ),
            ),
          );
        }
      });

      after(async () => {
        await Promise.allSettled(results.values());
        removeScratch(dir);
      });

      for (const mode of Object.keys(RESOLUTIONS)) {
        it(`compiles under ${mode} resolution`, async () => {
          // Act
          const result = await (results.get(mode) as Promise<{ code: number; output: string }>);

          // Assess
          expect(result.output).to.equal('');
          expect(result.code).to.equal(0);
        });
      }
    });
  }
});
