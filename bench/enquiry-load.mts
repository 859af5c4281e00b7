/**
 * Enquiry benchmark, one run, against the compiled server (answer cache on, its default) and a
 * like-for-like bare Koa POST endpoint (bench/bare-koa.mts: same Koa, JSON body read and parsed,
 * a real answer of median size sent back):
 *  1. the index build time;
 *  2. the bare POST at full speed (autocannon, --connections, --seconds) with the same requests;
 *  3. repeated questions (the real ones in tests/enquiries/eval, each asked once before, so every
 *     answer comes from the cache) at full speed with the same settings, as a % of the bare POST;
 *  4. distinct questions — every request one the server has never been asked (a pool question
 *     with a new number appended, so its normalised text, the answer-cache key, is new and the
 *     engine searches) — at a fixed --rate (200 req/s), beside the bare POST at that rate: paced
 *     evenly (measurePaced, the verdict) and with autocannon's overallRate (per-second bursts);
 *  5. PASS/FAIL against the targets: p99 ≤ 20 ms at 200 req/s distinct, cached ≥ 45% of
 *     the bare POST, index build < 2 s.
 * Prints figures; asserts nothing. Record them in docs/enquiries.md.
 *
 *   node --conditions=development --import tsx bench/enquiry-load.mts [--seconds 10] [--connections 20] [--rate 200] [--backend sqlite] [--tsx]
 *
 * --tsx runs the server from its TypeScript source under tsx (as bench/load.mts does) instead of
 * compiling shared and server first: for a checkout whose shared/dist is not its own to rebuild
 * (a git worktree borrowing another checkout's build). Dearer per request than the compiled server,
 * so compare --tsx runs only with --tsx runs.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { warmUp } from '../server/src/text/chinese.js';
import { buildIndex } from '../server/src/modules/enquiries/enquiry.index.js';
import { loadKbFiles } from '../server/src/modules/enquiries/kb.loader.js';
import { loadEvalQuestions } from '../server/src/modules/enquiries/evaluate.js';
import { compiledServer, distinctRequests, freePort, measure, measurePaced, peakRss, repoRoot, runToEnd, serverEnv, startBenchEngine, stopChildren, tsx, waitOk } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgresql' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '200' },
    tsx: { type: 'boolean', default: false },
  },
});
const run = { seconds: Number(opts.seconds), connections: Number(opts.connections) };
const rate = Number(opts.rate);
const backend = opts.backend === 'sqlite' ? 'sqlite' : 'postgresql';

// --- index build time, in this process ------------------------------------------------------
let t = performance.now();
warmUp();
const dictMs = performance.now() - t;
t = performance.now();
const entries = loadKbFiles().map((f) => f.entry);
const loadMs = performance.now() - t;
const index = buildIndex(entries);
console.log(`index: ${index.size} entries built in ${index.buildMs.toFixed(0)} ms (+ ${loadMs.toFixed(0)} ms reading and validating the files, + ${dictMs.toFixed(0)} ms loading the jieba and opencc dictionaries once per process)`);

const questions = loadEvalQuestions(join(repoRoot, 'tests/enquiries/eval'));
const pool = questions.length ? questions.map((q) => ({ question: q.q })) : entries.flatMap((e) => [e.questions['zh-Hans'][0], e.questions['zh-Hant'][0], e.questions.en[0]]).map((q) => ({ question: q! }));
console.log(`rotating over ${pool.length} questions`);

// --- engine, the compiled server (answer cache on, the default) and the bare endpoint --------
const bench = await startBenchEngine(backend);
const mongoUri = `${bench.engine.uri}/bay_bench`;
const [port, barePort] = [await freePort(), await freePort()];
await runToEnd('server/src/seed/cli.ts', serverEnv(port, mongoUri));
// serverEnv lifts every rate limit (the per-IP limiter still runs on each request, it just never refuses).
const server = opts.tsx ? tsx('server/src/main.ts', serverEnv(port, mongoUri)) : compiledServer(serverEnv(port, mongoUri));
await waitOk(`http://127.0.0.1:${port}/healthz`);

const json = { 'content-type': 'application/json' };
const requests = pool.map((body) => ({ method: 'POST', headers: json, body: JSON.stringify(body) }));
const answerUrl = `http://127.0.0.1:${port}/api/enquiries/answer`;
// One pass so the server has every question's answer cached (the steady state of a busy day);
// it also gives the answers' sizes, and the bare endpoint sends back a real one of median size.
const answers: { bytes: number; text: string; intent: string }[] = [];
for (const r of requests) {
  const res = await fetch(answerUrl, { method: 'POST', headers: r.headers, body: r.body });
  const text = await res.text();
  if (!res.ok) throw new Error(`warm-up: ${res.status} ${text.slice(0, 200)}`);
  answers.push({ bytes: Buffer.byteLength(text), text, intent: (JSON.parse(text) as { intent: string }).intent });
}
const bySize = [...answers].sort((a, b) => a.bytes - b.bytes);
const median = bySize[Math.floor(bySize.length / 2)]!;
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const bareServer = tsx('bench/bare-koa.mts', { PORT: String(barePort), BARE_RESPONSE: median.text });
const bareUrl = `http://127.0.0.1:${barePort}/bare`;
await waitOk(bareUrl);
const bareCheck = await fetch(bareUrl, { method: 'POST', headers: json, body: requests[0]!.body });
console.log(`request bodies ${mean(requests.map((r) => Buffer.byteLength(r.body)))} B on average; answers ${mean(answers.map((a) => a.bytes))} B on average (median ${median.bytes} B); bare POST answers ${Buffer.byteLength(await bareCheck.text())} B`);

// Distinct questions: pool question i mod n with " <k>" appended, k counting up across the whole
// run, so no two requests (and no request and a warm-up question) share a normalised text.
let k = 0;
const distinctQuestion = () => { const i = k++; return `${pool[i % pool.length]!.question} ${100_000 + i}`; };
const distinctBody = () => JSON.stringify({ question: distinctQuestion() });
{
  // What the suffix does to the answers (not timed): intents of a sample of distinct questions vs the pool's.
  const count = (xs: string[]) => Object.entries(xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {})).map(([x, n]) => `${x} ${n}`).join(', ');
  const sample: string[] = [];
  const sampleBytes: number[] = [];
  for (let i = 0; i < Math.min(200, pool.length); i++) {
    const text = await (await fetch(answerUrl, { method: 'POST', headers: json, body: distinctBody() })).text();
    sample.push((JSON.parse(text) as { intent: string }).intent);
    sampleBytes.push(Buffer.byteLength(text));
  }
  console.log(`intents, pool: ${count(answers.map((a) => a.intent))}; first ${sample.length} distinct: ${count(sample)}, ${mean(sampleBytes)} B on average`);
}

const rss = peakRss(server.pid!);
const cpu = { ...run };
const [bareMax, cachedMax] = [
  await measure('bare Koa POST /bare, same requests, full speed', bareUrl, { ...cpu, pid: bareServer.pid }, { method: 'POST', requests }),
  await measure('answer, repeated questions (cached), full speed', answerUrl, { ...cpu, pid: server.pid }, { method: 'POST', requests }),
];
const paced = { rate, seconds: run.seconds, connections: run.connections };
const [barePaced, distinctPaced] = [
  await measurePaced(`bare Koa POST /bare, distinct bodies, ${rate} req/s paced`, bareUrl, { ...paced, pid: bareServer.pid }, distinctBody),
  await measurePaced(`answer, distinct questions, ${rate} req/s paced`, answerUrl, { ...paced, pid: server.pid }, distinctBody),
];
const [bareBurst, distinctBurst] = [
  await measure(`bare Koa POST /bare, distinct bodies, autocannon overallRate ${rate}`, bareUrl, { ...cpu, overallRate: rate, pid: bareServer.pid }, { requests: distinctRequests(distinctBody) }),
  await measure(`answer, distinct questions, autocannon overallRate ${rate}`, answerUrl, { ...cpu, overallRate: rate, pid: server.pid }, { requests: distinctRequests(distinctBody) }),
];
const peak = rss.stop();

console.log(`\nbackend ${backend}, ${run.connections} connections, ${run.seconds} s each; ${k} distinct questions asked; server peak RSS ${peak} MB`);
console.log('\nFull speed (autocannon):');
console.table([bareMax, cachedMax]);
console.log(`\nDistinct questions at ${rate} req/s:`);
console.table([barePaced, distinctPaced, bareBurst, distinctBurst]);

const share = cachedMax['req/s'] / bareMax['req/s'];
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const distinctOk = distinctPaced['p99 ms'] <= 20 && distinctPaced.errors === 0 && distinctPaced['2xx'] === Math.round(rate * run.seconds) && distinctPaced['req/s'] >= rate * 0.95;
console.log(`\n${verdict(distinctOk)}  p99 ≤ 20 ms at ${rate} req/s, distinct questions: paced p99 ${distinctPaced['p99 ms']} ms (p50 ${distinctPaced['p50 ms']}), ${distinctPaced['req/s']} req/s achieved, ${distinctPaced.non2xx} non-2xx, ${distinctPaced.errors} errors (bare POST paced: p99 ${barePaced['p99 ms']} ms; with autocannon overallRate bursts: p99 ${distinctBurst['p99 ms']} ms, bare ${bareBurst['p99 ms']} ms)`);
console.log(`${verdict(share >= 0.45)}  cached ≥ 45% of the bare POST: ${(share * 100).toFixed(0)}% (${cachedMax['req/s']} / ${bareMax['req/s']} req/s; server CPU ${cachedMax['server CPU µs/req']} vs ${bareMax['server CPU µs/req']} µs/req; p50/p99 ${cachedMax['p50 ms']}/${cachedMax['p99 ms']} ms vs ${bareMax['p50 ms']}/${bareMax['p99 ms']} ms)`);
console.log(`${verdict(index.buildMs < 2000)}  index build < 2 s: ${index.buildMs.toFixed(0)} ms`);

await stopChildren();
await bench.cleanup();
process.exit(0);
