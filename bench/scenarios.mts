/**
 * Scenario benchmark (issue 4): job search over 100,000 generated jobs, beside the bare Koa
 * endpoint in the same run; p99 at a fixed 200 req/s; the server's peak RSS; and the travel route
 * finder when the server has it. Prints figures; asserts nothing. Record them in docs/scenarios.md.
 *
 *   flock /tmp/bay-heavy.lock node --conditions=development --import tsx bench/scenarios.mts [--jobs 100000] [--seconds 10] [--connections 20] [--distinct]
 *
 * Targets: search ≥ 30% of bare req/s; p99 ≤ 50 ms at 200 req/s; RSS < 300 MB.
 * The generated jobs are marked `demo: true` and have slugs `bench-<n>`: they are not real vacancies.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { CITIES, INDUSTRIES, type City, type Industry } from '@bay/shared';
import { compiledServer, freePort, measure, peakRss, rssMb, runToEnd, serverEnv, startBenchEngine, stopChildren, tsx, waitOk } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgresql' },
    jobs: { type: 'string', default: '100000' },
    // Every generated title and employer made distinct (a tag of punctuation, which is not indexed):
    // the worst case for the index's shared list-item text, with the same words.
    distinct: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
const run = { seconds: Number(opts.seconds), connections: Number(opts.connections) };
const backend = opts.backend === 'sqlite' ? 'sqlite' : 'postgresql';
const JOBS = Number(opts.jobs);

// --- generated jobs: role titles in 简体 / 繁體 / English, across cities and industries ---------------
const ROLES: [Industry, string, string, string][] = [
  ['technology', '前端开发工程师', '前端開發工程師', 'Front-end Engineer'],
  ['technology', '后端开发工程师', '後端開發工程師', 'Back-end Engineer'],
  ['technology', '数据分析师', '數據分析師', 'Data Analyst'],
  ['technology', '测试工程师', '測試工程師', 'QA Engineer'],
  ['technology', '运维工程师', '運維工程師', 'Site Reliability Engineer'],
  ['finance', '跨境结算专员', '跨境結算專員', 'Cross-border Settlement Officer'],
  ['finance', '会计', '會計', 'Accountant'],
  ['finance', '合规分析员', '合規分析員', 'Compliance Analyst'],
  ['finance', '银行柜员', '銀行櫃員', 'Bank Teller'],
  ['logistics', '物流调度员', '物流調度員', 'Logistics Dispatcher'],
  ['logistics', '报关员', '報關員', 'Customs Broker'],
  ['logistics', '仓库主管', '倉庫主管', 'Warehouse Supervisor'],
  ['logistics', '跨境货车司机', '跨境貨車司機', 'Cross-border Truck Driver'],
  ['manufacturing', '生产主管', '生產主管', 'Production Supervisor'],
  ['manufacturing', '质量工程师', '質量工程師', 'Quality Engineer'],
  ['manufacturing', '模具设计师', '模具設計師', 'Mould Designer'],
  ['manufacturing', '设备维修技术员', '設備維修技術員', 'Maintenance Technician'],
  ['hospitality', '酒店前台接待', '酒店前台接待', 'Hotel Front Desk Agent'],
  ['hospitality', '厨师', '廚師', 'Chef'],
  ['hospitality', '餐厅服务员', '餐廳服務員', 'Restaurant Server'],
  ['hospitality', '导游', '導遊', 'Tour Guide'],
  ['education', '小学英语教师', '小學英語教師', 'Primary English Teacher'],
  ['education', '幼儿园教师', '幼稚園教師', 'Kindergarten Teacher'],
  ['education', '课程顾问', '課程顧問', 'Course Adviser'],
  ['healthcare', '护士', '護士', 'Nurse'],
  ['healthcare', '药剂师', '藥劑師', 'Pharmacist'],
  ['healthcare', '护理员', '護理員', 'Care Worker'],
  ['healthcare', '临床研究助理', '臨床研究助理', 'Clinical Research Associate'],
  ['retail', '跨境电商运营', '跨境電商運營', 'Cross-border E-commerce Operator'],
  ['retail', '门店店长', '門店店長', 'Store Manager'],
  ['retail', '销售顾问', '銷售顧問', 'Sales Adviser'],
  ['construction', '施工员', '施工員', 'Site Engineer'],
  ['construction', '测量员', '測量員', 'Surveyor'],
  ['construction', '安全主任', '安全主任', 'Safety Officer'],
  ['public_service', '社区服务专员', '社區服務專員', 'Community Services Officer'],
  ['public_service', '行政助理', '行政助理', 'Administrative Assistant'],
];
const LEVELS: [string, string, string][] = [['', '', ''], ['高级', '高級', 'Senior '], ['初级', '初級', 'Junior '], ['实习', '實習', 'Trainee ']];
const CITY_NAMES: Record<City, [string, string, string]> = {
  guangzhou: ['广州', '廣州', 'Guangzhou'], shenzhen: ['深圳', '深圳', 'Shenzhen'], zhuhai: ['珠海', '珠海', 'Zhuhai'], foshan: ['佛山', '佛山', 'Foshan'],
  huizhou: ['惠州', '惠州', 'Huizhou'], dongguan: ['东莞', '東莞', 'Dongguan'], zhongshan: ['中山', '中山', 'Zhongshan'], jiangmen: ['江门', '江門', 'Jiangmen'],
  zhaoqing: ['肇庆', '肇慶', 'Zhaoqing'], hongkong: ['香港', '香港', 'Hong Kong'], macao: ['澳门', '澳門', 'Macao'],
};
const LANG_SETS = [['普通话'], ['普通话', '粤语'], ['普通话', '英语'], ['粤语', '英语'], ['粤语', '普通话', '英语'], ['粤语', '普通话', '葡萄牙语']];

function generatedJob(n: number) {
  const job = typicalJob(n);
  if (!opts.distinct) return job;
  const tag = n.toString(4).replace(/[0-3]/g, (d) => '·—…、'[Number(d)]!);
  const tagged = (t: { 'zh-Hans': string; 'zh-Hant': string; en: string }) => ({ 'zh-Hans': t['zh-Hans'] + tag, 'zh-Hant': t['zh-Hant'] + tag, en: `${t.en} ${tag}` });
  return { ...job, title: tagged(job.title), employer: tagged(job.employer) };
}

function typicalJob(n: number) {
  const [industry, hans, hant, en] = ROLES[n % ROLES.length]!;
  const [lh, lt, le] = LEVELS[Math.floor(n / ROLES.length) % LEVELS.length]!;
  const city = CITIES[Math.floor(n / 7) % CITIES.length]!;
  const [ch, ct, ce] = CITY_NAMES[city];
  const currency = city === 'hongkong' ? 'HKD' : city === 'macao' ? 'MOP' : 'CNY';
  const base = 5000 + ((n * 7919) % 30) * 1000;
  return {
    slug: `bench-${n}`,
    title: { 'zh-Hans': `${lh}${hans}`, 'zh-Hant': `${lt}${hant}`, en: `${le}${en}` },
    employer: { 'zh-Hans': `${ch}${INDUSTRY_HANS[industry]}企业（示例）`, 'zh-Hant': `${ct}${INDUSTRY_HANT[industry]}企業（示例）`, en: `${INDUSTRY_EN[industry]} company, ${ce} (example)` },
    city, industry, salaryMin: base, salaryMax: base + 2000 + (n % 5) * 1000, currency, salaryPeriod: 'month',
    languages: LANG_SETS[n % LANG_SETS.length]!,
    description: { 'zh-Hans': '基准测试生成的示例职位，并非真实招聘。', 'zh-Hant': '基準測試生成的示例職位，並非真實招聘。', en: 'A generated example for benchmarks, not a real vacancy.' },
    openToHkMo: n % 5 !== 0, demo: true,
    postedAt: new Date(Date.UTC(2026, 9, 1) + (n % 5000) * 600_000), createdAt: new Date(), updatedAt: new Date(Date.UTC(2026, 9, 1)),
    deletedAt: null,
  };
}
const INDUSTRY_HANS: Record<Industry, string> = { technology: '科技', finance: '金融', logistics: '物流', manufacturing: '制造', hospitality: '酒店餐饮', education: '教育', healthcare: '医疗', retail: '零售', construction: '建筑', public_service: '公共服务' };
const INDUSTRY_HANT: Record<Industry, string> = { technology: '科技', finance: '金融', logistics: '物流', manufacturing: '製造', hospitality: '酒店餐飲', education: '教育', healthcare: '醫療', retail: '零售', construction: '建築', public_service: '公共服務' };
const INDUSTRY_EN: Record<Industry, string> = { technology: 'Technology', finance: 'Finance', logistics: 'Logistics', manufacturing: 'Manufacturing', hospitality: 'Hospitality', education: 'Education', healthcare: 'Healthcare', retail: 'Retail', construction: 'Construction', public_service: 'Public service' };

// --- engine, data, servers ------------------------------------------------------------------
const bench = await startBenchEngine(backend);
const mongoUri = `${bench.engine.uri}/bay_bench`;
const [port, barePort] = [await freePort(), await freePort()];
await runToEnd('server/src/seed/cli.ts', serverEnv(port, mongoUri));
let t = performance.now();
{
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  const coll = conn.collection('jobs');
  for (let start = 0; start < JOBS; start += 1000) {
    await coll.insertMany(Array.from({ length: Math.min(1000, JOBS - start) }, (_, i) => generatedJob(start + i)), { ordered: false });
  }
  console.log(`loaded ${JOBS} generated jobs (demo) in ${((performance.now() - t) / 1000).toFixed(0)} s; ${await coll.countDocuments()} jobs in all`);
  await conn.close();
}
const server = compiledServer(serverEnv(port, mongoUri));
const rss = peakRss(server.pid!);
const bareServer = tsx('bench/bare-koa.mts', { PORT: String(barePort) });
await waitOk(`http://127.0.0.1:${port}/healthz`);
await waitOk(`http://127.0.0.1:${barePort}/bare`);
t = performance.now();
// The first search waits for the index (built at start-up from the collection).
await waitOk(`http://127.0.0.1:${port}/api/jobs?limit=1`, 600_000);
console.log(`job index ready ${((performance.now() - t) / 1000).toFixed(1)} s after the server answered /healthz; server RSS now ${rssMb(server.pid!)} MB`);

// Rotating Chinese (简/繁) and English queries with filters.
const QUERIES = [
  { q: '工程师' }, { q: '工程師', city: 'shenzhen' }, { q: 'engineer', sort: 'salary' }, { q: '前端開發' }, { q: 'nurse', city: 'hongkong' },
  { q: '物流', industry: 'logistics', salaryMin: '8000' }, { q: '報關員' }, { q: 'data analyst', language: 'english' }, { q: '会计', sort: 'newest' },
  { q: 'teacher', city: 'macao' }, { q: '護士', openToHkMo: 'true' }, { q: '跨境', salaryMin: '10000', salaryMax: '20000' },
  { city: 'guangzhou' }, { industry: 'finance', sort: 'salary' }, { q: 'senior', city: 'zhuhai' }, { q: '高級廚師' },
];
const paths = QUERIES.map((q) => `/api/jobs?${new URLSearchParams({ ...q, limit: '20' }).toString()}`);
for (const p of paths) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  const body = (await res.json()) as { total?: number };
  console.log(`${res.status} ${decodeURIComponent(p)} → ${body.total ?? '?'} matches`);
}
const requests = paths.map((path) => ({ method: 'GET' as const, path }));

// A search page's size, for the second baseline (a bare Koa endpoint answering as many bytes).
const pageBytes = Math.round((await Promise.all(paths.map(async (p) => (await (await fetch(`http://127.0.0.1:${port}${p}`)).arrayBuffer()).byteLength))).reduce((a, b) => a + b, 0) / paths.length);
const rows = [
  await measure('bare Koa GET /bare (baseline)', `http://127.0.0.1:${barePort}/bare`, { ...run, pid: bareServer.pid }),
  await measure(`bare Koa GET /bare, ${pageBytes}-byte body (a search page's mean size)`, `http://127.0.0.1:${barePort}/bare?bytes=${pageBytes}`, { ...run, pid: bareServer.pid }),
  await measure('GET /api/jobs search (rotating queries + filters)', `http://127.0.0.1:${port}/api/jobs`, { ...run, pid: server.pid }, { requests }),
];

// p99 at a fixed 200 req/s (autocannon overallRate).
const fixed = await autocannon({ url: `http://127.0.0.1:${port}/api/jobs`, connections: 20, duration: run.seconds, overallRate: 200, requests: requests as autocannon.Request[] });
const fixedRow = { endpoint: 'GET /api/jobs search at 200 req/s', 'req/s': Math.round(fixed.requests.average), 'p50 ms': fixed.latency.p50, 'p99 ms': fixed.latency.p99, '2xx': fixed['2xx'], non2xx: fixed.non2xx, errors: fixed.errors + fixed.timeouts };

// Travel route finder (another module); skipped when the server does not have it.
const routePath = (from: string, to: string) => `/api/travel/routes?from=${from}&to=${to}&sort=time`;
const probe = await fetch(`http://127.0.0.1:${port}${routePath('shenzhen', 'hongkong')}`);
let routeRow: Record<string, unknown> | null = null;
if (probe.status === 404) {
  console.log('route finder not available');
} else {
  const pairs = [['shenzhen', 'hongkong'], ['guangzhou', 'macao'], ['zhuhai', 'hongkong'], ['hongkong', 'guangzhou'], ['macao', 'zhuhai'], ['dongguan', 'shenzhen']];
  routeRow = await measure('GET /api/travel/routes?sort=time (rotating pairs)', `http://127.0.0.1:${port}/api/travel/routes`, { ...run, pid: server.pid }, { requests: pairs.map(([f, to]) => ({ method: 'GET', path: routePath(f!, to!) })) });
  console.log(`route finder probe: ${probe.status}`);
}

const peak = rss.stop();
const settled = rssMb(server.pid!);
console.log(`\nbackend ${backend}, ${JOBS} generated jobs${opts.distinct ? ' (every title and employer distinct)' : ''}, ${run.connections} connections, ${run.seconds} s each; server peak RSS ${peak} MB, ${settled} MB after the runs (target < 300)`);
console.table([...rows, fixedRow, ...(routeRow ? [routeRow] : [])]);
const [bare, barePage, search] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
console.log(`search: ${((search['req/s'] / bare['req/s']) * 100).toFixed(0)}% of bare req/s (target ≥ 30%); ${((search['req/s'] / barePage['req/s']) * 100).toFixed(0)}% of bare with a page-sized body; p99 at 200 req/s ${fixedRow['p99 ms']} ms (target ≤ 50)`);
if (routeRow) console.log(`route finder: ${((Number(routeRow['req/s']) / bare['req/s']) * 100).toFixed(0)}% of bare req/s, p99 ${String(routeRow['p99 ms'])} ms`);

await stopChildren();
await bench.cleanup();
process.exit(0);
