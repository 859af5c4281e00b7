/**
 * The generated bad-input suite. Every route mounted on the real server (read back with
 * listRoutes, so routes added later are covered without editing this file) receives generated
 * bad input: wrong types, missing and extra fields, huge strings, odd Unicode, MongoDB operator
 * and prototype-pollution keys, malformed JSON, wrong content types, bodies whose Content-Encoding
 * lies, bad ObjectIds in the path, the path in other case and with a trailing slash, and missing,
 * forged, expired or exp-less tokens, as anonymous, resident, reviewer, admin, an employer (member of a
 * verified organisation with a job and an applicant) and the bot.
 * Then, on every rate-limited route, every spelling of its path counts against the same limit;
 * and on every body route, a body that trickles in is cut off at the request deadline.
 *
 * For every answer: never a 5xx; a 4xx carries `{ error: { code, message } }` and no internals.
 * For every route's batch: no document in any collection changed (count and hash per collection).
 *
 * A generated case that the route's own zod schemas would accept is skipped: it is not bad input.
 * The one answer without our error shape is Node's HTTP parser refusing a 100 k-character URL
 * (431 Request Header Fields Too Large) before the request reaches Koa.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { z } from 'zod';
import { NoInput, type Role } from '@bay/shared';
import { SignJWT } from 'jose';
import { connect } from 'node:net';
import { fillPath, listRoutes, startTestServer, type RouteInfo, type TestServer } from '../../server/src/testing.js';
import { canonicalPath } from '../../server/src/core/security.js';

const HUGE = 'x'.repeat(100_000);
const ODD_STRINGS: Record<string, string> = {
  loneHigh: 'a\uD800b',
  loneLow: '\uDC00',
  rtl: '\u202Eevil\u202C\u200F',
  zeroWidth: '\u200B\u200C\u200D\uFEFF',
  emoji: '👩🏽‍💻🇭🇰🀄',
  nul: 'a\u0000b',
  control: '\u0007\u001b[31m\r\n',
  combining: 'e\u0301\u0301\u0301\u0301',
  cjkExtB: '𠀀𪚥',
  whitespace: '   \t  ',
  html: '<script>alert(1)</script>',
  sqlish: "' OR 1=1 --",
  regex: '.*',
  dollar: '$gt',
};
const WRONG_TYPES: Record<string, unknown> = {
  number: 123, negative: -1, float: 1.5, huge_number: 1e308, boolean: true, null: null,
  emptyArray: [], array: ['a'], object: {}, emptyString: '',
  gt: { $gt: '' }, ne: { $ne: null }, where: { $where: 'sleep(1000)' }, regex: { $regex: '.*' }, in: { $in: ['a'] },
};
const BAD_IDS: Record<string, string> = {
  short: '0123456789abcdef0123456',
  long: '0123456789abcdef012345678',
  upper: '0123456789ABCDEF01234567',
  notHex: 'zzzzzzzzzzzzzzzzzzzzzzzz',
  zero: '0',
  negative: '-1',
  null: 'null',
  undefined: 'undefined',
  proto: '__proto__',
  constructor: 'constructor',
  gtJson: encodeURIComponent('{"$gt":""}'),
  dollar: '%24where',
  traversal: '..%2F..%2Fetc%2Fpasswd',
  nul: '%00',
  badPercent: '%E0%A4%A',
  loneSurrogate: '%ED%A0%80',
  emoji: encodeURIComponent('👩🏽‍💻'),
  rtl: encodeURIComponent('\u202E0123456789abcdef0123456'),
  long5k: 'a'.repeat(5000),
};

/** Percent-encodes the UTF-8 of any string, lone surrogates included (they become U+FFFD). */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

interface Case {
  label: string;
  path: string;
  /** Raw query string, already encoded. */
  query?: string;
  /** Raw body; sent with contentType (default application/json). */
  body?: string;
  contentType?: string;
  /** Extra request headers (a lying Content-Encoding). */
  headers?: Record<string, string>;
  /** Path parameters as the router will decode them (for the local validity check). */
  params: Record<string, string>;
}

interface Actor { name: string; headers: Record<string, string> }

/** The keys of an object schema, looking through optional/default/pipe/refinement wrappers. */
function shapeOf(schema: z.ZodType | undefined): string[] {
  let def = (schema as unknown as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
  for (let i = 0; def && i < 10; i++) {
    if (def.type === 'object') return Object.keys(def.shape as object);
    const next = (def.in ?? def.innerType ?? def.schema) as { _zod?: { def: Record<string, unknown> } } | undefined;
    def = next?._zod?.def;
  }
  return [];
}

const safeDecode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };

/** True when the route's own schemas would accept the request: then it is not bad input. */
function acceptedBySchemas(route: RouteInfo, c: Case): boolean {
  if (c.headers?.['content-encoding']) return false;
  const { params, query = NoInput, body = NoInput } = route.schemas;
  if (params && !params.safeParse(c.params).success) return false;
  const q: Record<string, unknown> = { ...parseQuery(c.query ?? '') };
  delete q.lang;
  if (!query.safeParse(q).success) return false;
  if (['GET', 'HEAD', 'DELETE'].includes(route.method) || c.body === undefined) return body.safeParse({}).success;
  if ((c.contentType ?? 'application/json') !== 'application/json' || c.body.length > 60_000) return false;
  try {
    return body.safeParse(JSON.parse(c.body)).success;
  } catch {
    return false;
  }
}

/** The path with its literal segments upper-cased and its parameters as filled in. */
function upperOutsideParams(template: string, filled: string): string {
  const t = template.split('/');
  return filled.split('/').map((seg, i) => (t[i]?.startsWith(':') ? seg : seg.toUpperCase())).join('/');
}

function generateCases(route: RouteInfo, goodParams: Record<string, string>): Case[] {
  const basePath = fillPath(route.path, (name) => encodeURIComponent(goodParams[name] ?? '0123456789abcdef01234567'));
  const base = { path: basePath, params: Object.fromEntries(route.paramNames.map((n) => [n, goodParams[n] ?? '0123456789abcdef01234567'])) };
  const cases: Case[] = [];
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const json = (label: string, value: unknown): Case => ({ ...base, label, body: JSON.stringify(value) });

  if (hasBody) {
    const fields = shapeOf(route.schemas.body);
    cases.push(json('missing fields', {}));
    for (const f of fields.length ? fields : ['x']) {
      for (const [name, v] of Object.entries(WRONG_TYPES)) cases.push(json(`body.${f}=${name}`, { [f]: v }));
      // An extra field keeps free-text fields from being accepted, while their validators still run.
      for (const [name, v] of Object.entries(ODD_STRINGS)) cases.push(json(`body.${f}=${name}`, { [f]: v, 'x-extra': 1 }));
      cases.push(json(`body.${f}=huge`, { [f]: HUGE }));
      cases.push(json(`body.${f}=long4k`, { [f]: 'y'.repeat(4000), 'x-extra': 1 }));
      cases.push(json(`body.${f}.dotted`, { [`${f}.$gt`]: '' }));
    }
    cases.push(json('extra field', { unexpected: 'x' }));
    cases.push(json('$where key', { $where: 'sleep(1000)' }));
    cases.push(json('dotted key', { 'a.b': 1 }));
    cases.push(json('nested operator', { filter: { deep: [{ $ne: null }] } }));
    cases.push(json('constructor.prototype', { constructor: { prototype: { isAdmin: true } } }));
    cases.push({ ...base, label: '__proto__', body: '{"__proto__":{"isAdmin":true},"role":"admin"}' });
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    cases.push(json('deeply nested', deep));
    cases.push({ ...base, label: 'deep arrays', body: '['.repeat(5000) + ']'.repeat(5000) });
    for (const [label, body] of Object.entries({
      array: '[]', arrayOfObject: '[{}]', null: 'null', string: '"text"', number: '123', true: 'true',
      truncated: '{"a":', trailing: '{"a":1}garbage', singleQuotes: "{'a':1}", nul: '\u0000', unquoted: '{a:1}',
      duplicate: '{"x":1,"x":2}', loneSurrogateEscape: '{"x":"\\ud800"}', invalidEscape: '{"x":"\\q"}',
    })) cases.push({ ...base, label: `raw ${label}`, body });
    for (const encoding of ['gzip', 'deflate', 'br', 'gzip, br']) {
      cases.push({ ...base, label: `content-encoding ${encoding} on a plain body`, body: '{"a":1}', headers: { 'content-encoding': encoding } });
    }
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=z', 'application/xml']) {
      cases.push({ ...base, label: `content-type ${contentType}`, body: contentType.startsWith('application/x-www') ? 'a=1&b[$gt]=' : '{"a":1}', contentType });
    }
  }

  const queryFields = shapeOf(route.schemas.query);
  for (const f of queryFields.length ? queryFields : ['x']) {
    for (const [name, v] of Object.entries(ODD_STRINGS)) cases.push({ ...base, label: `query.${f}=${name}`, query: `${f}=${enc(v)}&x-extra=1` });
    cases.push({ ...base, label: `query.${f} repeated`, query: `${f}=a&${f}=b` });
    cases.push({ ...base, label: `query.${f}[$ne]`, query: `${f}[%24ne]=x` });
    cases.push({ ...base, label: `query.${f}[$gt] raw`, query: `${f}[$gt]=` });
    cases.push({ ...base, label: `query.${f}.dotted`, query: `${f}.a=1` });
    cases.push({ ...base, label: `query.${f}=8k`, query: `${f}=${'q'.repeat(8000)}` });
    cases.push({ ...base, label: `query.${f}=badPercent`, query: `${f}=%E0%A4%A&x-extra=1` });
  }
  cases.push({ ...base, label: 'query $where', query: '$where=1' });
  cases.push({ ...base, label: 'query __proto__', query: '__proto__[isAdmin]=1' });
  cases.push({ ...base, label: 'query constructor', query: 'constructor[prototype][x]=1' });
  cases.push({ ...base, label: 'query unknown', query: 'unexpected=1' });
  cases.push({ ...base, label: 'query 100k', query: `x=${HUGE}` });
  // The same bad input under other spellings of the path, which the router answers too.
  const missing = hasBody ? { body: '{"unexpected":"x"}' } : { query: 'unexpected=1' };
  cases.push({ ...base, ...missing, label: 'path upper case', path: upperOutsideParams(route.path, basePath) });
  cases.push({ ...base, ...missing, label: 'path trailing slash', path: `${basePath}/` });

  for (const param of route.paramNames) {
    for (const [name, raw] of Object.entries(BAD_IDS)) {
      const path = fillPath(route.path, (n) => (n === param ? raw : encodeURIComponent(goodParams[n] ?? '0123456789abcdef01234567')));
      cases.push({ ...base, label: `path.${param}=${name}`, path, params: { ...base.params, [param]: safeDecode(raw) }, ...(hasBody ? { body: '{}' } : {}) });
    }
  }
  return cases;
}

interface Snapshot { [collection: string]: { count: number; hash: string } }

async function snapshot(server: TestServer): Promise<Snapshot> {
  const db = server.conn.db!;
  const out: Snapshot = {};
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    out[name] = { count: docs.length, hash: createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16) };
  }
  return out;
}

interface Outcome { route: string; actor: string; label: string; status: number; problem?: string }

async function run(url: string, route: RouteInfo, c: Case, actor: Actor): Promise<Outcome> {
  const target = `${url}${c.path}${c.query ? `?${c.query}` : ''}`;
  const headers: Record<string, string> = { 'accept-language': 'en', ...actor.headers, ...c.headers };
  if (c.body !== undefined && route.method !== 'GET') headers['content-type'] = c.contentType ?? 'application/json';
  const outcome = { route: `${route.method} ${route.path}`, actor: actor.name, label: c.label };
  let res: Response;
  try {
    res = await fetch(target, { method: route.method, headers, ...(c.body !== undefined && route.method !== 'GET' ? { body: c.body } : {}), redirect: 'manual' });
  } catch (err) {
    return { ...outcome, status: 0, problem: `request failed: ${(err as Error).message}` };
  }
  const text = await res.text();
  const result: Outcome = { ...outcome, status: res.status };
  if (res.status === 431 && c.label === 'query 100k') return result;
  if (res.status >= 500) return { ...result, problem: `5xx: ${text.slice(0, 200)}` };
  if (res.status < 400) return { ...result, problem: `accepted (${res.status}): ${text.slice(0, 200)}` };
  let body: { error?: { code?: unknown; message?: unknown } } | undefined;
  try { body = JSON.parse(text); } catch { /* reported below */ }
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || !body.error.message) {
    return { ...result, problem: `not the error shape: ${text.slice(0, 200)}` };
  }
  if (/stack|Mongo|Cast|node_modules|\bat \/|Error:/.test(text)) return { ...result, problem: `internals in body: ${text.slice(0, 200)}` };
  return result;
}

/** Runs tasks with at most `width` in flight (the machine has 2 cores; the server shares them). */
async function pool<T>(tasks: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }));
  return results;
}

describe('generated bad input on every route', () => {
  let server: TestServer;
  let routes: RouteInfo[];
  const actors: Record<string, Actor> = {};
  const goodParams: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    server = await startTestServer({ seed: true, relayIntervalMs: 200 });
    routes = listRoutes(server.app);
    const sessions: Partial<Record<Role, { token: string; user: { id: string } }>> = {};
    for (const role of ['resident', 'reviewer', 'admin'] as const) sessions[role] = await server.devLogin(`bad-input-${role}`, role, 'en');
    // The employer registers a real organisation (so its routes reach their handlers), verified below.
    sessions.employer = await server.devLogin('bad-input-employer', 'resident', 'en');
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const key = new TextEncoder().encode(server.config.sessionSecret);
    const residentId = sessions.resident!.user.id;
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(residentId).setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-but-32-chars-long!!'));
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(residentId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(residentId).setIssuedAt().sign(key);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: residentId })).toString('base64url')}.`;
    Object.assign(actors, {
      anonymous: { name: 'anonymous', headers: {} },
      resident: { name: 'resident', headers: bearer(sessions.resident!.token) },
      reviewer: { name: 'reviewer', headers: bearer(sessions.reviewer!.token) },
      admin: { name: 'admin', headers: bearer(sessions.admin!.token) },
      employer: { name: 'employer', headers: bearer(sessions.employer!.token) },
      bot: { name: 'bot', headers: bearer(server.botToken) },
      forged: { name: 'forged token', headers: bearer(forged) },
      expired: { name: 'expired token', headers: bearer(expired) },
      noExp: { name: 'token without exp', headers: bearer(noExp) },
      algNone: { name: 'alg none token', headers: bearer(unsigned) },
      forgedBot: { name: 'forged bot token', headers: bearer('0'.repeat(48)) },
    });

    // Real documents, so path parameters also point at existing jobs, applications and notifications.
    const jobs = await (await fetch(`${server.url}/api/jobs?limit=1`)).json() as { items: { id: string }[] };
    const jobId = jobs.items[0]!.id;
    const created = await fetch(`${server.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...actors.resident!.headers },
      body: JSON.stringify({ jobId, name: '陳大文', phone: '+852 9123 4567', docType: 'hkid', docNumber: 'A123456(3)', resume: '十年酒店前台經驗' }),
    });
    expect(created.status).toBe(201);
    const applicationId = ((await created.json()) as { id: string }).id;
    const call = async (method: string, path: string, actor: Actor, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...actor.headers }, body: JSON.stringify(body) });
      expect([path, res.status]).toEqual([path, method === 'POST' && !path.includes('/review') ? 201 : 200]);
      return (await res.json()) as { id: string };
    };
    const name = { 'zh-Hans': '壞輸入測試公司', 'zh-Hant': '壞輸入測試公司', en: 'Bad Input Test Ltd' };
    const orgId = (await call('POST', '/api/employer/orgs', actors.employer!, { name, reg: { kind: 'hkbr', number: '87654321' } })).id;
    await call('POST', `/api/admin/orgs/${orgId}/review`, actors.admin!, { decision: 'verified' });
    const employerJobId = (await call('POST', '/api/employer/jobs', actors.employer!, {
      title: name, city: 'hongkong', industry: 'retail', salaryMin: 60, salaryMax: 80, currency: 'HKD', salaryPeriod: 'hour',
      languages: ['粤语'], description: name, openToHkMo: true,
    })).id;
    const employerApplicationId = (await call('POST', '/api/applications', actors.resident!, {
      jobId: employerJobId, name: '陳大文', phone: '+852 9123 4567', docType: 'hkid', docNumber: 'A123456(3)', resume: '零售經驗',
    })).id;
    let notificationId: string | undefined;
    for (let i = 0; i < 100 && !notificationId; i++) {
      const n = await server.conn.db!.collection('notifications').findOne({});
      notificationId = n ? String(n._id) : undefined;
      if (!notificationId) await new Promise((r) => setTimeout(r, 50));
    }
    for (const r of routes) {
      goodParams[`${r.method} ${r.path}`] = Object.fromEntries(r.paramNames.map((p) => [p,
        r.path.startsWith('/api/employer/jobs') ? employerJobId
        : r.path.startsWith('/api/employer/applications') ? employerApplicationId
        : r.path.startsWith('/api/employer/org/members') ? sessions.employer!.user.id
        : r.path.startsWith('/api/admin/orgs') ? orgId
        : r.path.startsWith('/api/jobs') ? jobId
          : r.path.includes('/applications') ? applicationId
            : r.path.startsWith('/internal/outbox') ? notificationId ?? '0123456789abcdef01234567'
              : '0123456789abcdef01234567']));
    }
    // The outbox relay must have settled before the first snapshot.
    let before = await snapshot(server);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await snapshot(server);
      if (JSON.stringify(now) === JSON.stringify(before)) break;
      before = now;
    }
  });

  afterAll(async () => { await server?.close(); });

  /** Who passes the route's guard gets every case; everyone else gets a sample (they must all be refused). */
  function actorsFor(route: RouteInfo): { full: Actor[]; sampled: Actor[] } {
    const all = Object.values(actors);
    let full: Actor[];
    if (route.access === 'bot') full = [actors.bot!];
    else if (route.access === 'public') full = [actors.anonymous!, actors.resident!];
    else if (route.roles.length === 0) full = [actors.resident!, actors.reviewer!];
    else full = route.roles.map((r) => actors[r]!);
    return { full, sampled: all.filter((a) => !full.includes(a)) };
  }

  it('discovers the routes', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('never answers 5xx, always answers errors in shape, and never changes the database', async () => {
    const problems: Outcome[] = [];
    const dbChanges: string[] = [];
    let sent = 0;
    let skipped = 0;
    const statuses: Record<number, number> = {};
    let collections = 0;
    for (const route of routes) {
      const cases = generateCases(route, goodParams[`${route.method} ${route.path}`] ?? {});
      const bad = cases.filter((c) => !acceptedBySchemas(route, c));
      skipped += cases.length - bad.length;
      const { full, sampled } = actorsFor(route);
      const sample = bad.filter((_, i) => i % Math.max(1, Math.floor(bad.length / 6)) === 0);
      const tasks = [
        ...full.flatMap((a) => bad.map((c) => () => run(server.url, route, c, a))),
        ...sampled.flatMap((a) => sample.map((c) => () => run(server.url, route, c, a))),
      ];
      const before = await snapshot(server);
      const outcomes = await pool(tasks);
      const after = await snapshot(server);
      sent += outcomes.length;
      collections = Object.keys(after).length;
      for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      problems.push(...outcomes.filter((o) => o.problem));
      for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[name]) !== JSON.stringify(after[name])) {
          dbChanges.push(`${route.method} ${route.path}: ${name} ${JSON.stringify(before[name])} -> ${JSON.stringify(after[name])}`);
        }
      }
    }
    // One line per distinct problem, so a failure names the route, the actor and the input.
    const report = problems.slice(0, 40).map((p) => `${p.route} as ${p.actor} [${p.label}] -> ${p.status} ${p.problem}`);
    expect({ problems: report, problemCount: problems.length, dbChanges }).toEqual({ problems: [], problemCount: 0, dbChanges: [] });
    expect(sent).toBeGreaterThan(1000);
    expect(collections).toBeGreaterThan(3);
    process.stdout.write(`bad-input: ${routes.length} routes, ${sent} requests (by status ${JSON.stringify(statuses)}), ${collections} collections watched, ${skipped} generated cases skipped as valid\n${routes.map((r) => `  ${r.method} ${r.path} ${r.access}${r.roles.length ? ` ${r.roles.join('/')}` : ''}`).join('\n')}\n`);
  }, 480_000);

  it('would notice an accepted request and a changed database (the detectors themselves work)', async () => {
    const route = routes.find((r) => r.method === 'POST' && r.path === '/api/bind-codes')!;
    const before = await snapshot(server);
    const outcome = await run(server.url, route, { label: 'valid', path: route.path, params: {}, body: '{}' }, actors.resident!);
    expect(outcome.problem).toMatch(/^accepted \(201\)/);
    expect(await snapshot(server)).not.toEqual(before);
  });
});

/** Other spellings of a path that the router answers as the same route. */
const spellings = (path: string) => [path.toUpperCase(), path.replace(/\/(\w)/g, (_m, c: string) => `/${c.toUpperCase()}`), `${path}/`, path.replace(/^\/(\w+)\//, '/$1//')];

describe('rate-limited routes under every spelling of their path', () => {
  let server: TestServer;
  let routes: RouteInfo[];
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TRUST_PROXY: 'true', RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_AUTH_PER_IP: '2',
        RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '2', RATE_LIMIT_BIND_TOTAL: '2', RATE_LIMIT_BIND_PER_CONTACT: '100', RATE_LIMIT_BIND_PER_CODE: '100',
      },
    });
    routes = listRoutes(server.app);
  });
  afterAll(async () => { await server?.close(); });

  it('counts each spelling against the route\'s own limit (sign-in, bind-code creation, binding)', async () => {
    const post = (path: string, headers: Record<string, string>, body: unknown = {}) => fetch(`${server.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
    }).then((r) => r.status);
    const limited = routes.filter((r) => r.method === 'POST' && !r.paramNames.length
      && (canonicalPath(r.path).startsWith('/api/auth/') || ['/api/bind-codes', '/internal/bind'].includes(canonicalPath(r.path))));
    expect(limited.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/auth/dev-login', '/api/auth/wechat', '/api/bind-codes', '/internal/bind']));
    const escaped: string[] = [];
    for (const [i, route] of limited.entries()) {
      let headers: Record<string, string>;
      let body: unknown = {};
      if (route.path === '/api/bind-codes') {
        const session = await server.devLogin(`spell-${i}`);
        headers = { authorization: `Bearer ${session.token}`, 'x-forwarded-for': `198.51.100.${i}` };
      } else if (route.path === '/internal/bind') {
        headers = { authorization: `Bearer ${server.botToken}` };
        body = { code: 'QQQQQ2', contactId: 'spelling' };
      } else {
        headers = { 'x-forwarded-for': `203.0.113.${i}` };
      }
      // Use up the limit under the route's own spelling, whatever each request answers.
      for (let k = 0; k < 2; k++) await post(route.path, headers, body);
      for (const spelling of spellings(route.path)) {
        const status = await post(spelling, headers, body);
        if (status !== 429) escaped.push(`${spelling} -> ${status}`);
      }
    }
    expect(escaped).toEqual([]);
  });
});

describe('bodies that trickle in', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ env: { REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' } }); });
  afterAll(async () => { await server?.close(); });

  it('are cut off at the request deadline on every body route, never answered 5xx', async () => {
    const { port } = new URL(server.url);
    const routes = listRoutes(server.app).filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    const results = await pool(routes.map((route) => () => new Promise<string>((resolve) => {
      const started = Date.now();
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => { text += d; });
      socket.on('error', () => undefined);
      const path = fillPath(route.path, () => '0123456789abcdef01234567');
      socket.write(`${route.method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.botToken}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{`);
      const drip = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 250);
      socket.on('close', () => {
        clearInterval(drip);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 'none';
        const ms = Date.now() - started;
        resolve(ms > 5000 || status.startsWith('5') ? `${route.method} ${route.path}: ${status} after ${ms} ms` : '');
      });
    })), 16);
    expect(results.filter(Boolean)).toEqual([]);
    expect(routes.length).toBeGreaterThan(10);
  }, 120_000);
});
