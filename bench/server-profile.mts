/**
 * CPU profile of the API server under load: starts an engine and a seeded server with
 * `node --cpu-prof`, loads one request shape with autocannon, stops the server (the profile is
 * written on exit) and prints the functions with the most self time, grouped by package.
 * Prints figures; asserts nothing.
 *
 *   node --conditions=development --import tsx bench/server-profile.mts [--seconds 10]
 *        [--scenario hello|cached|distinct|health|jobs|search] [--top 40] [--keep path.cpuprofile]
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEvalQuestions } from '../server/src/modules/enquiries/evaluate.js';
import { distinctRequests, freePort, measure, repoRoot, runToEnd, serverEnv, startBenchEngine, tsx, waitOk } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'hello' },
    top: { type: 'string', default: '40' },
    keep: { type: 'string' },
  },
});
const run = { seconds: Number(opts.seconds), connections: Number(opts.connections) };

const bench = await startBenchEngine('postgresql');
const mongoUri = `${bench.engine.uri}/bay_bench`;
const port = await freePort();
const env = serverEnv(port, mongoUri);
await runToEnd('server/src/seed/cli.ts', env);
const profDir = mkdtempSync(join(tmpdir(), 'bay-prof-'));
const server = tsx('server/src/main.ts', env, 'ignore', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
const base = `http://127.0.0.1:${port}`;
await waitOk(`${base}/healthz`);

const json = { 'content-type': 'application/json' };
const questions = loadEvalQuestions(join(repoRoot, 'tests/enquiries/eval')).map((q) => ({ method: 'POST', headers: json, body: JSON.stringify({ question: q.q }) }));
const scenarios: Record<string, () => Promise<unknown>> = {
  hello: () => measure('answer "hello"', `${base}/api/enquiries/answer`, run, { method: 'POST', headers: json, body: '{"question":"hello"}' }),
  cached: async () => {
    for (const r of questions) await fetch(`${base}/api/enquiries/answer`, r);
    return measure('answer, cached', `${base}/api/enquiries/answer`, run, { method: 'POST', requests: questions });
  },
  // Every request a question never asked before (a real one with a new number appended): each one searches.
  distinct: () => {
    let k = 0;
    const next = () => JSON.stringify({ question: `${(JSON.parse(questions[k % questions.length]!.body) as { question: string }).question} ${100_000 + k++}` });
    return measure('answer, distinct questions', `${base}/api/enquiries/answer`, run, { method: 'POST', requests: distinctRequests(next) });
  },
  health: () => measure('GET /healthz', `${base}/healthz`, run),
  jobs: async () => {
    const jobs = await (await fetch(`${base}/api/jobs?limit=1`)).json() as { items: { id: string }[] };
    return measure('GET /api/jobs/:id', `${base}/api/jobs/${jobs.items[0]!.id}`, run);
  },
  search: () => {
    const queries = [{ q: '工程师' }, { q: '工程師', city: 'shenzhen' }, { q: 'engineer', sort: 'salary' }, { q: 'nurse' }, { city: 'guangzhou' }, { industry: 'finance', sort: 'salary' }, { q: '跨境' }, {}];
    return measure('GET /api/jobs search', `${base}/api/jobs`, run, { requests: queries.map((q) => ({ method: 'GET', path: `/api/jobs?${new URLSearchParams({ ...q, limit: '20' }).toString()}` })) });
  },
};
const scenario = scenarios[opts.scenario!];
if (!scenario) throw new Error(`unknown scenario ${opts.scenario}`);
console.table([await scenario()]);

const stopAt = performance.now();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const stopLagMs = performance.now() - stopAt;
await bench.cleanup();

// --- summarise: self time per function and per package ---------------------------------------
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
if (opts.keep) copyFileSync(join(profDir, file), opts.keep);
rmSync(profDir, { recursive: true, force: true });

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('/server/src/')) return `server/${url.slice(url.indexOf('/server/src/') + 12)}`;
  if (url.includes('/shared/')) return '@bay/shared';
  if (url.startsWith('node:')) return 'node:internal';
  return url ? url.replace(/^file:\/\//, '').slice(-40) : '(native/vm)';
};
const keyOf = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
const pkgOf = (n: Node) => where(n.callFrame.url).replace(/^server\/.*/, 'server/src');

// Only the load window: the last `seconds` before the server was stopped (start-up excluded).
const times: number[] = [];
let clock = 0;
for (const d of profile.timeDeltas) { clock += d; times.push(clock); }
const windowEnd = clock - stopLagMs * 1000;
const windowStart = windowEnd - run.seconds * 1e6;
const fnSelf = new Map<string, number>();
const fnTotal = new Map<string, number>();
const pkgSelf = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  if (times[i]! < windowStart || times[i]! > windowEnd) return;
  const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  total += us;
  const n = byId.get(id)!;
  fnSelf.set(keyOf(n), (fnSelf.get(keyOf(n)) ?? 0) + us);
  pkgSelf.set(pkgOf(n), (pkgSelf.get(pkgOf(n)) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    fnTotal.set(k, (fnTotal.get(k) ?? 0) + us);
  }
});
const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
const top = Number(opts.top);
console.log(`\nprofile of the load window: ${(total / 1e6).toFixed(1)} s sampled; busy (not idle) ${pct(total - (fnSelf.get('(idle) (native/vm)') ?? 0))}`);
console.table([...pkgSelf].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([pkg, us]) => ({ where: pkg, self: pct(us) })));
console.table([...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ function: fn, self: pct(us), total: pct(fnTotal.get(fn) ?? 0) })));
console.log('inclusive time (synchronous part of each call) of functions from server/src:');
console.table([...fnTotal].filter(([k]) => / server\//.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ function: fn, total: pct(us) })));
process.exit(0);
