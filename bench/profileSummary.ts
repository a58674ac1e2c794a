// Summarises a .cpuprofile: top functions by self time, and self time per source file.
// Usage: node -r ts-node/register bench/profileSummary.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function main(): void {
  const [file, topArg = '25'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profileSummary <file.cpuprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = profile.endTime - profile.startTime;

  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const where = frame.url === '' ? '' : shortUrl(frame.url);
    const key = `${frame.functionName || '(anonymous)'}  ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const fileKey = where === '' ? frame.functionName : where;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const top = Number(topArg);
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms profiled\n\nTop functions by self time:\n`);
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)}  ${key}\n`);
  process.stdout.write('\nbatchkit functions (src/) by self time:\n');
  for (const [key, us] of [...byFunction]
    .filter(([k]) => k.includes(' src/'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    process.stdout.write(`${pct(us)}  ${key}\n`);
  }
  process.stdout.write('\nSelf time by file:\n');
  for (const [key, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)}  ${key}\n`);
}

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  return path.relative(path.resolve(__dirname, '..'), file);
}

process.stdout.on('error', () => {}); // a closed pipe (| head) is fine
main();
