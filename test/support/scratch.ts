// Scratch folders for tests: each is removed when the test process exits, so repeated runs leave nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made = new Set<string>();
let hooked = false;

/** A new empty folder under `parent` (default: the OS temp folder), removed at process exit or by `removeScratch`. */
export function scratchDir(prefix: string, parent: string = tmpdir()): string {
  const dir = mkdtempSync(path.join(parent, prefix));
  made.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const left of made) rmSync(left, { recursive: true, force: true });
    });
  }
  return dir;
}

/** Removes a scratch folder now. */
export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}
