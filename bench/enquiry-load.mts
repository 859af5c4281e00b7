/**
 * Enquiry benchmark: answers per second and latency of POST /api/enquiries/answer with a rotating
 * set of real questions (tests/enquiries/eval/*.json), beside the bare Koa endpoint in the same run,
 * with the answer cache on (the default) and off (every request searches). Also prints the index
 * build time. Prints figures; asserts nothing. Record them in docs/enquiries.md.
 *
 *   node --conditions=development --import tsx bench/enquiry-load.mts [--seconds 10] [--connections 20] [--backend sqlite]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { warmUp } from '../server/src/modules/enquiries/nlp/chinese.js';
import { buildIndex } from '../server/src/modules/enquiries/enquiry.index.js';
import { loadKbFiles } from '../server/src/modules/enquiries/kb.loader.js';
import { loadEvalQuestions } from '../server/src/modules/enquiries/evaluate.js';
import { compiledServer, freePort, measure, peakRss, repoRoot, runToEnd, serverEnv, startBenchEngine, stopChildren, tsx, waitOk } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgresql' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
const run = { seconds: Number(opts.seconds), connections: Number(opts.connections) };
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

// --- engine, servers (cache on / off) and the bare endpoint ---------------------------------
const bench = await startBenchEngine(backend);
const mongoUri = `${bench.engine.uri}/bay_bench`;
const [port, portNoCache, barePort] = [await freePort(), await freePort(), await freePort()];
await runToEnd('server/src/seed/cli.ts', serverEnv(port, mongoUri));
const server = compiledServer(serverEnv(port, mongoUri));
const serverNoCache = compiledServer(serverEnv(portNoCache, mongoUri, { ENQUIRY_CACHE_SIZE: '0' }));
const bareServer = tsx('bench/bare-koa.mts', { PORT: String(barePort) });
for (const p of [port, portNoCache]) await waitOk(`http://127.0.0.1:${p}/healthz`);
await waitOk(`http://127.0.0.1:${barePort}/bare`);

const requests = pool.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
const answerUrl = (p: number) => `http://127.0.0.1:${p}/api/enquiries/answer`;
// One pass so the cached server has seen every question once (the steady state of a busy day).
for (const r of requests) await fetch(answerUrl(port), { method: 'POST', headers: r.headers, body: r.body });

const rss = peakRss(server.pid!);
const rows = [
  await measure('bare Koa GET /bare (baseline)', `http://127.0.0.1:${barePort}/bare`, { ...run, pid: bareServer.pid }),
  // The same POST requests (JSON question bodies) to a bare Koa endpoint that reads and parses the body.
  await measure('bare Koa POST /bare, same requests (body read and parsed)', `http://127.0.0.1:${barePort}/bare`, { ...run, pid: bareServer.pid }, { method: 'POST', requests }),
  await measure('POST /api/enquiries/answer (cache on)', answerUrl(port), { ...run, pid: server.pid }, { method: 'POST', requests }),
  await measure('POST /api/enquiries/answer (cache off)', answerUrl(portNoCache), { ...run, pid: serverNoCache.pid }, { method: 'POST', requests }),
  // The same route answering a greeting: the middleware stack (headers, CORS, rate limit, JSON body,
  // validation, session) without any search, to show what the route costs before the engine runs.
  await measure('POST /api/enquiries/answer "hello" (no search)', answerUrl(port), { ...run, pid: server.pid }, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hello"}' }),
];
console.log(`\nbackend ${backend}, ${run.connections} connections, ${run.seconds} s each, cached server peak RSS ${rss.stop()} MB`);
console.table(rows);
const [bare, barePost, cached, uncached, stack] = rows as [typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0]];
const pct = (a: typeof rows[0], b: typeof rows[0]) => `${((a['req/s'] / b['req/s']) * 100).toFixed(0)}%`;
console.log(`cache on: ${pct(cached, bare)} of bare GET req/s, ${pct(cached, barePost)} of bare POST, p99 ${cached['p99 ms']} ms; cache off: ${pct(uncached, bare)} / ${pct(uncached, barePost)}, p99 ${uncached['p99 ms']} ms; the route without search: ${pct(stack, bare)} / ${pct(stack, barePost)}`);

await stopChildren();
await bench.cleanup();
process.exit(0);
