// Keeps only the declaration files that the package's entry points reach (index.d.ts, testing.d.ts), with their
// maps: tsc writes one per source file, and the internal ones would only be stray files in the tarball.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** The relative specifiers a declaration file imports (comments, where examples live, are skipped). */
function relativeImports(file) {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

/** The declaration files reachable from the entries, as absolute paths. */
export function reachableDeclarations(dir, entries) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of relativeImports(file)) {
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.d.ts');
      if (!existsSync(target)) throw new Error(`${path.relative(dir, file)} imports ${spec}, which has no declaration file`);
      visit(target);
    }
  };
  for (const entry of entries) visit(path.join(dir, entry));
  return seen;
}

/** Removes the declaration files (and maps) of `dir` that the entries do not reach, and folders left empty. */
export function pruneDeclarations(dir, entries) {
  const keep = reachableDeclarations(dir, entries);
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        if (readdirSync(file).length === 0) rmSync(file, { recursive: true });
      } else if (file.endsWith('.d.ts') && !keep.has(file)) {
        rmSync(file);
        rmSync(`${file}.map`, { force: true });
      }
    }
  };
  walk(dir);
}
