import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const SRC = path.resolve(__dirname, '../../../src');
/** The folders of src/ the engine must not depend on: transports, modes, DTOs, decorators and the front doors. */
const FORBIDDEN = ['sqs', 'legacy', 'dto', 'decorators', 'handler', 'processors', 'consumer', 'kafka'];

/** Every `.ts` file under `dir`, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The module specifiers a TypeScript source imports or re-exports from: `import ... from`, `import type`, `export ...
 * from`, side-effect imports and dynamic `import()`, over several lines too. Comments are left out.
 */
function moduleSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const pattern =
    /\b(?:import|export)\s*(?:type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"\n]+)['"]|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
  return [...code.matchAll(pattern)].map((match) => (match[1] ?? match[2]) as string);
}

/** The forbidden folder a specifier in `file` names (relative paths resolved against the file), or `undefined`. */
function forbiddenFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // a package (node:events, aws-lambda)
  const [top] = path.relative(SRC, path.resolve(path.dirname(file), specifier)).split(path.sep);
  return FORBIDDEN.find((folder) => folder === top);
}

/** `file: specifier` for each import of a file under `dir` that names a forbidden folder. */
function violations(dir: string): string[] {
  return tsFiles(dir).flatMap((file) =>
    moduleSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => forbiddenFolder(file, specifier) !== undefined)
      .map((specifier) => `${path.relative(SRC, file)}: ${specifier}`),
  );
}

describe('engine: layering', () => {
  it('imports nothing from the transport, mode, DTO, decorator or front-door folders', () => {
    // Prepare
    const engine = path.join(SRC, 'engine');

    // Act
    const found = violations(engine);

    // Assess
    expect(tsFiles(engine).length).to.be.greaterThan(5);
    expect(found).to.deep.equal([]);
  });

  it('reads the imports of the real sources: the engine imports its siblings, errors and sources', () => {
    // Act
    const specifiers = tsFiles(path.join(SRC, 'engine')).flatMap((file) => moduleSpecifiers(readFileSync(file, 'utf8')));

    // Assess
    expect(specifiers).to.include.members(['./Run.js', '../errors/InvalidOptionError.js', '../sources/registry.js']);
  });

  it('fails for a folder that does import them (src/processors, src/handler)', () => {
    // Act
    const found = ['processors', 'handler'].map((folder) => violations(path.join(SRC, folder)));

    // Assess
    for (const lines of found) expect(lines).to.have.length.greaterThan(0);
  });

  describe('the matcher', () => {
    const file = path.join(SRC, 'engine', 'sample.ts');
    const cases: [string, string, string[]][] = [
      ['a named import', "import { sendToDlq } from '../sqs/deadLetter/x.js';", ['sqs']],
      ['a type-only import', "import type { DtoPlan } from '../dto/peerTypes.js';", ['dto']],
      ['an import over several lines', "import {\n  a,\n  b,\n} from '../legacy/legacyExtension.js';", ['legacy']],
      ['a re-export', "export { BatchHandler } from '../decorators/BatchHandler.js';", ['decorators']],
      ['a star re-export', 'export * from "../handler/processorFor.js";', ['handler']],
      ['a side-effect import', "import '../kafka/register.js';", ['kafka']],
      ['a dynamic import', "const m = await import('../consumer/loop.js');", ['consumer']],
      ['a folder index', "import { x } from '../processors';", ['processors']],
      ['a deeper relative path', "import { x } from '../../src/sqs/options.js';", ['sqs']],
      ['a sibling of the engine', "import { Run } from './Run.js';", []],
      ['an allowed folder', "import { toError } from '../errors/NonErrorThrownError.js';", []],
      ['a file named like a folder', "import { isFifoRecord } from '../sources/sqs.js';", []],
      ['a package', "import { setMaxListeners } from 'node:events';", []],
      ['a commented-out import', "// import { x } from '../sqs/x.js';\n/* import '../dto/y.js'; */", []],
      ['an export that is no re-export', "export const queue = '../sqs/x.js';", []],
    ];
    for (const [name, source, expected] of cases) {
      it(`${expected.length > 0 ? 'flags' : 'passes'} ${name}`, () => {
        // Act
        const folders = moduleSpecifiers(source).map((specifier) => forbiddenFolder(file, specifier));

        // Assess
        expect(folders.filter((folder) => folder !== undefined)).to.deep.equal(expected);
      });
    }
  });
});
