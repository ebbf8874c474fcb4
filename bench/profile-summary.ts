// Summarises V8 .cpuprofile files: self time by package or source file, to see where CPU goes.
// Usage: tsx bench/profile-summary.ts [--skip-s=N] [--by=package|function] DIR_OR_FILE...
// --skip-s leaves out the first N seconds (start-up), --by=function lists functions instead of packages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucket(url: string, fn: string): string {
  if (!url) return `(${fn || 'native'})`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\/.*?\/(src|activities|workflows|bench)\//, '$1/');
}

const args = process.argv.slice(2);
const skipUs = Number(/^--skip-s=(\d+)$/.exec(args.find((a) => a.startsWith('--skip-s=')) ?? '')?.[1] ?? 0) * 1e6;
const byFunction = args.includes('--by=function');
const files = args.filter((a) => !a.startsWith('--')).flatMap((p) =>
  statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p],
);
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    elapsed += dt;
    if (elapsed < skipUs) return;
    const where = bucket(node.callFrame.url, node.callFrame.functionName);
    const key = byFunction ? `${node.callFrame.functionName || '(anonymous)'} ${where}` : where;
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  console.log(`\n${file}: ${(all / 1e6).toFixed(1)} s sampled`);
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .forEach(([k, v]) => console.log(`${((v / all) * 100).toFixed(1).padStart(5)}%  ${k}`));
}
