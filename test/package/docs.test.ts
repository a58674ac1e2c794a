// The documentation as a reader copies it. Every ```ts (or ```typescript) block of README.md and docs/*.md is written
// to a module of its own in a consumer project that installed the packed package, and all of them are type-checked
// in one tsc run (strict, skipLibCheck false). A block marked ```ts partial is a fragment and is not compiled.
// A block whose first line is a file name comment (`// dto.ts`, `// src/orders.ts: ...`) is written at that path,
// in a folder per page, so that the page's other blocks can import it (`import { OrderDto } from './dto'`).
// TypeDoc (`npm run docs`) must build the API reference and the guides with no warning.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { consumerProject, ROOT, repoVersion } from '../support/artifact';
import { codeBlocks } from '../support/codeBlocks';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

/** What the examples import besides batchkit: its peers, the SDK, the test tools the testing guide uses, Powertools. */
const PACKAGES = [
  'typescript',
  '@types/node',
  'reflect-metadata',
  'class-validator',
  'class-transformer',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-dynamodb',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/batch',
  '@aws-lambda-powertools/parser',
  'zod',
  'chai',
  '@types/chai',
  '@types/mocha',
].map(repoVersion);

/** The compiler options the guides assume: a CommonJS Lambda project compiled by tsc with decorator metadata. */
const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node', 'mocha'],
};

const TYPESCRIPT = new Set(['ts', 'typescript']);
/** The one flag a TypeScript block may carry: `partial`, for a fragment that is not compiled. */
const FLAGS = new Set(['partial']);
/** `// dto.ts`, `// src/orders.ts: the handler`: a block that names its file. */
const FILE_NAME = /^\/\/ ((?:[\w-]+\/)*[\w.-]+\.[cm]?ts)(?::|\s|$)/;

interface Page {
  /** The Markdown file, relative to the repository (`docs/testing.md`). */
  file: string;
  /** The blocks to compile, by their path in the scratch project. */
  modules: { path: string; fenceLine: number; code: string }[];
  partial: number;
  /** Blocks that cannot be compiled as they are marked (an unknown flag, a file named twice). */
  problems: string[];
}

function pages(): Page[] {
  const files = [
    'README.md',
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  return files.sort().map((file) => {
    const folder = file.slice(0, -'.md'.length);
    const page: Page = { file, modules: [], partial: 0, problems: [] };
    const named = new Map<string, number>();
    for (const block of codeBlocks(readFileSync(path.join(ROOT, file), 'utf8'))) {
      if (!TYPESCRIPT.has(block.lang)) continue;
      const unknown = block.flags.filter((flag) => !FLAGS.has(flag));
      if (unknown.length > 0) {
        page.problems.push(`${file}:${block.fenceLine}: unknown flag ${unknown.join(' ')} (only "partial" is known)`);
        continue;
      }
      if (block.flags.includes('partial')) {
        page.partial++;
        continue;
      }
      const name = FILE_NAME.exec(block.code.split('\n', 1)[0] as string)?.[1];
      if (name !== undefined && named.has(name)) {
        page.problems.push(`${file}:${block.fenceLine}: names ${name}, as the block at line ${named.get(name)} does`);
        continue;
      }
      if (name !== undefined) named.set(name, block.fenceLine);
      page.modules.push({
        path: `${folder}/${name ?? `block-${block.fenceLine}.ts`}`,
        fenceLine: block.fenceLine,
        code: block.code,
      });
    }
    return page;
  });
}

/**
 * Type-checks the project in the current folder with the consumer's own TypeScript, as one program, and prints every
 * diagnostic as JSON. Unlike the `tsc` command, which stops at syntax errors, it also reports the type errors of the
 * other blocks, so that one broken block does not hide the rest.
 */
const CHECKER = `
const ts = require('typescript');
const fail = (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\\n')); };
const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const all = [
  ...config.errors,
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
];
process.stdout.write(JSON.stringify(all.map((d) => ({
  file: d.file && ts.sys.resolvePath(d.file.fileName),
  line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined,
  text: \`error TS\${d.code}: \${ts.flattenDiagnosticMessageText(d.messageText, '\\n')}\`,
}))));
`;

interface Diagnostic {
  file?: string;
  line?: number;
  text: string;
}

describe('the TypeScript blocks of README.md and docs/*.md, type-checked against the packed package', function () {
  this.timeout(600_000);
  const all = pages();
  let dir: string;
  /** Each page's failures as `docs/x.md:<fence line>: <tsc message>`, and those that belong to no block. */
  let failures: Promise<{ byPage: Map<string, string[]>; elsewhere: string[] }>;

  before(() => {
    const consumer = consumerProject('docs-code', PACKAGES);
    dir = scratchDir('docs-', consumer);
    const blocks = new Map<string, { page: string; fenceLine: number }>();
    for (const page of all) {
      for (const module of page.modules) {
        const target = path.join(dir, module.path);
        mkdirSync(path.dirname(target), { recursive: true });
        // `export {}` keeps every block a module of its own, also one without imports (same line numbers).
        writeFileSync(target, `${module.code}\nexport {};\n`);
        blocks.set(module.path, { page: page.file, fenceLine: module.fenceLine });
      }
    }
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [...blocks.keys()] }, null, 2),
    );
    writeFileSync(path.join(dir, 'check.cjs'), CHECKER);
    failures = run(process.execPath, ['check.cjs'], { cwd: dir, maxBuffer: 64 << 20 }).then(({ stdout }) => {
      const byPage = new Map<string, string[]>();
      const elsewhere: string[] = [];
      for (const { file, line, text } of JSON.parse(stdout) as Diagnostic[]) {
        const relative = file === undefined ? undefined : path.relative(dir, file).split(path.sep).join('/');
        const block = relative === undefined ? undefined : blocks.get(relative);
        if (block === undefined || line === undefined) {
          elsewhere.push(relative === undefined ? text : `${relative}:${line}: ${text}`);
          continue;
        }
        const listed = byPage.get(block.page) ?? [];
        listed.push(`${block.page}:${block.fenceLine}: ${text} (line ${block.fenceLine + line})`);
        byPage.set(block.page, listed);
      }
      return { byPage, elsewhere };
    });
  });

  after(async () => {
    await failures?.catch(() => undefined);
    if (dir !== undefined) removeScratch(dir);
  });

  it('finds the TypeScript blocks of every page', () => {
    // Assess
    expect(all.map((page) => page.file)).to.include.members(['README.md', 'docs/getting-started.md', 'docs/bundling.md']);
    expect(all.reduce((sum, page) => sum + page.modules.length, 0)).to.be.greaterThan(40);
  });

  for (const page of all) {
    const count = `${page.modules.length} block${page.modules.length === 1 ? '' : 's'}`;
    const partial = page.partial > 0 ? `, ${page.partial} partial` : '';
    it(`${page.file}: every TypeScript block compiles (${count}${partial})`, async () => {
      // Act
      const { byPage } = await failures;

      // Assess
      expect([...page.problems, ...(byPage.get(page.file) ?? [])].join('\n')).to.equal('');
    });
  }

  it('reports no error outside the blocks (the installed packages, the configuration)', async () => {
    // Act
    const { elsewhere } = await failures;

    // Assess
    expect(elsewhere.join('\n')).to.equal('');
  });
});

describe('the API reference and the guides built by TypeDoc (npm run docs)', function () {
  this.timeout(180_000);
  const guides = readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -'.md'.length));
  let out: string;
  let result: Promise<{ code: number; output: string }>;

  before(() => {
    out = scratchDir('batchkit-typedoc-');
    const typedoc = path.join(ROOT, 'node_modules/typedoc/bin/typedoc');
    result = run(process.execPath, [typedoc, '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
  });

  after(async () => {
    await result?.catch(() => undefined);
    if (out !== undefined) removeScratch(out);
  });

  it('runs with no warning and no error', async () => {
    // Act
    const { code, output } = await result;

    // Assess
    // biome-ignore lint/suspicious/noControlCharactersInRegex: TypeDoc colours its log lines
    const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
    expect(
      plain.split('\n').filter((line) => /\[(warning|error)\]/.test(line) && !/Found 0 errors and 0 warnings/.test(line)),
    ).to.deep.equal([]);
    expect(code).to.equal(0);
  });

  it('renders every guide of docs/ as a page, and the README as the front page', async () => {
    // Act
    await result;

    // Assess
    expect(guides.filter((guide) => !existsSync(path.join(out, 'documents', `${guide}.html`)))).to.deep.equal([]);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).to.include('Quick start');
  });

  it('links every guide to headings that exist in the rendered pages', async () => {
    // Act
    await result;

    // Assess
    const ids = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const broken: string[] = [];
    for (const guide of guides) {
      const page = path.join(out, 'documents', `${guide}.html`);
      for (const [, target = '', anchor = ''] of readFileSync(page, 'utf8').matchAll(/ href="([\w.-]*\.html)?#([^"]+)"/g)) {
        const file = target === '' ? page : path.join(out, 'documents', target);
        if (existsSync(file) && !ids(file).has(anchor)) broken.push(`docs/${guide}.md: ${target}#${anchor}`);
      }
    }
    expect(broken).to.deep.equal([]);
  });
});
