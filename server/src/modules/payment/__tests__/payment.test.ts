import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYMENT_API, type AdviceDto, type ConvertDto, type PaymentMethodDto, type RateDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { loadPaymentContent, PAYMENT_CONTENT_DIR, seedPayment } from '../payment.seed.js';

let h: Harness;
let admin: Awaited<ReturnType<Harness['login']>>;
let reviewer: Awaited<ReturnType<Harness['login']>>;

const models = () => ({ paymentRates: h.app.services.models.paymentRates, paymentMethods: h.app.services.models.paymentMethods });
const convert = (q: string, lang = 'en') => h.http.get(`${PAYMENT_API.convert}?${q}&lang=${lang}`);
const source = { name: 'Test bank board rate', url: 'https://example.org/rates' };

beforeAll(async () => {
  h = await startHarness('payment');
  admin = await h.login('pay-admin', 'admin');
  reviewer = await h.login('pay-reviewer', 'reviewer');
});
afterAll(async () => { await h?.close(); });
beforeEach(async () => {
  await h.app.services.models.paymentRates.deleteMany({});
  await h.app.services.models.paymentMethods.deleteMany({});
  await seedPayment(models());
});

describe('payment seed content', () => {
  it('is valid, trilingual and sourced, with every method dated', () => {
    const { rates, methods } = loadPaymentContent();
    expect(rates.map((r) => `${r.base}-${r.quote}`).sort()).toEqual(['HKD-CNY', 'HKD-MOP']);
    expect(rates.find((r) => r.base === 'HKD' && r.quote === 'MOP')).toMatchObject({ rate: 1.03, kind: 'peg' });
    expect(rates.find((r) => r.quote === 'CNY')?.kind).toBe('reference');
    const ids = methods.map((m) => m.id);
    for (const id of ['wechat-pay-hk', 'wechat-pay', 'alipay-hk', 'alipay', 'mpay', 'unionpay', 'e-cny', 'octopus', 'cash', 'boc-pay', 'fps']) expect(ids).toContain(id);
    for (const m of methods) {
      expect(m.source.url).toMatch(/^https:\/\//);
      expect(m.asOf).toMatch(/^\d{4}-\d{2}/);
      expect(m.uses.length).toBeGreaterThan(0);
    }
  });

  it('rejects a broken file, naming the file and the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pay-seed-'));
    writeFileSync(join(dir, 'rates.json'), readFileSync(join(PAYMENT_CONTENT_DIR, 'rates.json')));
    writeFileSync(join(dir, 'methods-x.json'), JSON.stringify([{ id: 'Bad Id', name: { en: 'x' } }]));
    expect(() => loadPaymentContent(dir)).toThrow(/methods-x\.json\[0\] \(id "Bad Id"\): id: /);
  });

  it('keeps an admin-edited method and an admin rate when seeding again', async () => {
    await h.app.services.models.paymentMethods.updateOne({ methodId: 'cash' }, { $set: { editedByAdmin: true, asOf: '2099-01' } });
    await h.http.put(PAYMENT_API.adminRate('CNY', 'HKD')).set(admin.auth).send({ rate: 1.09, kind: 'market', source }).expect(200);
    const again = await seedPayment(models());
    expect(again.keptAdminChanges).toBe(1);
    expect(again.rates).toBe(0);
    expect((await h.app.services.models.paymentMethods.findOne({ methodId: 'cash' }).lean())?.asOf).toBe('2099-01');
    expect(await h.app.services.models.paymentRates.exists({ pair: 'HKD-CNY' })).toBeNull();
  });
});

describe('GET /api/payment/rates and /convert', () => {
  it('lists the dated rates with their source', async () => {
    const res = await h.http.get(PAYMENT_API.rates).expect(200);
    const items = res.body.items as RateDto[];
    expect(items).toHaveLength(2);
    for (const r of items) {
      expect(Date.parse(r.asOf)).not.toBeNaN();
      expect(r.source.url).toMatch(/^https:/);
    }
  });

  it('converts 100 HKD to CNY with the rate, its time and age', async () => {
    const res = await convert('from=HKD&to=CNY&amount=100').expect(200);
    const body = res.body as ConvertDto;
    expect(body).toMatchObject({ from: 'HKD', to: 'CNY', amount: 100, method: 'direct', rate: 0.915, result: 91.5, reference: true });
    expect(body.asOf).toBe(new Date('2025-11-01T00:00:00+08:00').toISOString());
    expect(body.ageSeconds).toBeGreaterThan(0);
    expect(body.stale).toBe(true);
    expect(body.legs[0]?.source.name).toMatch(/CFETS/);
  });

  it('reads a pair backwards and goes through the third currency', async () => {
    const back = (await convert('from=MOP&to=HKD&amount=103').expect(200)).body as ConvertDto;
    expect(back).toMatchObject({ method: 'inverse', result: 100 });
    const via = (await convert('from=MOP&to=CNY&amount=1030').expect(200)).body as ConvertDto;
    expect(via).toMatchObject({ method: 'via', via: 'HKD', result: 915 });
    expect(via.legs).toHaveLength(2);
    const same = (await convert('from=MOP&to=MOP&amount=12.5').expect(200)).body as ConvertDto;
    expect(same).toMatchObject({ method: 'same', rate: 1, result: 12.5 });
  });

  it('uses a fresh admin rate and says it is not stale', async () => {
    await h.http.put(PAYMENT_API.adminRate('HKD', 'CNY')).set(admin.auth).send({ rate: 0.92, kind: 'market', source }).expect(200);
    const body = (await convert('from=HKD&to=CNY&amount=100').expect(200)).body as ConvertDto;
    expect(body).toMatchObject({ rate: 0.92, result: 92, stale: false, reference: false });
    expect(body.ageSeconds).toBeLessThan(3600);
  });

  it('answers bad input with a localized 400 per field', async () => {
    const cases: [string, string, string][] = [
      ['from=USD&to=CNY&amount=1', 'from', 'en'],
      ['from=HKD&to=CNY&amount=-5', 'amount', 'en'],
      ['from=HKD&to=CNY&amount=0', 'amount', 'en'],
      ['from=HKD&to=CNY&amount=1.234', 'amount', 'en'],
      ['from=HKD&to=CNY&amount=99999999999', 'amount', 'en'],
      ['from=HKD&to=CNY&amount=abc', 'amount', 'en'],
      ['from=HKD&to=CNY', 'amount', 'en'],
    ];
    const messages = new Set<string>();
    for (const [q, field] of cases) {
      const res = await convert(q).expect(400);
      expect(res.body.error.code).toBe('validation');
      expect(res.body.error.fields[field]).toBeTruthy();
      messages.add(res.body.error.fields[field]);
    }
    // Negative, decimals and too large each say what is wrong.
    expect(messages.size).toBeGreaterThanOrEqual(4);
    const zh = await convert('from=HKD&to=CNY&amount=1.234', 'zh-Hant').expect(400);
    expect(zh.body.error.fields.amount).toBe('金額最多保留兩位小數');
    const extra = await h.http.get(`${PAYMENT_API.convert}?from=HKD&to=CNY&amount=1&x=1`).expect(400);
    expect(extra.body.error.fields.x).toBeTruthy();
  });

  it('answers 503, not a wrong number, when no rate connects the currencies', async () => {
    await h.app.services.models.paymentRates.deleteMany({ pair: 'HKD-CNY' });
    const res = await convert('from=MOP&to=CNY&amount=1').expect(503);
    expect(res.body.error.message).toBeTruthy();
  });
});

describe('PUT /api/admin/payment/rates/:base/:quote', () => {
  it('is admin-only', async () => {
    const body = { rate: 0.93, kind: 'market', source };
    await h.http.put(PAYMENT_API.adminRate('HKD', 'CNY')).send(body).expect(401);
    await h.http.put(PAYMENT_API.adminRate('HKD', 'CNY')).set(reviewer.auth).send(body).expect(403);
  });

  it('validates rate bounds, time, source and pair, and changes nothing on bad input', async () => {
    const put = (base: string, quote: string, body: Record<string, unknown>) => h.http.put(`${PAYMENT_API.adminRate(base, quote)}?lang=en`).set(admin.auth).send(body);
    const bad: [string, string, Record<string, unknown>, string][] = [
      ['HKD', 'CNY', { rate: 7.8, kind: 'market', source }, 'rate'],
      ['HKD', 'CNY', { rate: -1, kind: 'market', source }, 'rate'],
      ['HKD', 'CNY', { rate: 0.92, kind: 'market', source, asOf: new Date(Date.now() + 86_400_000).toISOString() }, 'asOf'],
      ['HKD', 'CNY', { rate: 0.92, kind: 'market', source: { name: 'x', url: 'ftp://x' } }, 'source.url'],
      ['HKD', 'HKD', { rate: 1, kind: 'market', source }, 'quote'],
      ['HKD', 'USD', { rate: 1, kind: 'market', source }, 'quote'],
    ];
    for (const [b, q, body, field] of bad) {
      const res = await put(b, q, body).expect(400);
      expect(res.body.error.fields[field]).toBeTruthy();
    }
    const stored = (await h.http.get(PAYMENT_API.rates).expect(200)).body.items as RateDto[];
    expect(stored.find((r) => r.quote === 'CNY')?.rate).toBe(0.915);
  });

  it('stores the rate with its time and source, replaces the inverse pair and audits old and new', async () => {
    const asOf = new Date(Date.now() - 3 * 3600_000).toISOString();
    const res = await h.http.put(PAYMENT_API.adminRate('CNY', 'HKD')).set(admin.auth).send({ rate: 1.085, kind: 'market', asOf, source }).expect(200);
    expect(res.body).toMatchObject({ base: 'CNY', quote: 'HKD', rate: 1.085, asOf, source });
    const items = (await h.http.get(PAYMENT_API.rates).expect(200)).body.items as RateDto[];
    expect(items.map((r) => `${r.base}-${r.quote}`).sort()).toEqual(['CNY-HKD', 'HKD-MOP']);
    const conv = (await convert('from=HKD&to=CNY&amount=108.5').expect(200)).body as ConvertDto;
    expect(conv).toMatchObject({ method: 'inverse', result: 100, stale: false });
    expect(conv.ageSeconds).toBeGreaterThanOrEqual(3 * 3600 - 5);
    const audit = await h.http.get('/api/admin/audit?action=payment.rate.update').set(admin.auth).expect(200);
    const entry = audit.body.items[0];
    expect(entry).toMatchObject({ action: 'payment.rate.update', outcome: 'succeeded', target: { type: 'payment_rate', id: 'CNY-HKD' } });
    expect(entry.details.previous).toMatchObject({ base: 'HKD', quote: 'CNY', rate: 0.915 });
  });
});

describe('GET /api/payment/advice', () => {
  it('ranks mainland transport options with reasons, caveats, costs and sources in the asked language', async () => {
    const res = await h.http.get(`${PAYMENT_API.advice}?side=mainland&situation=transport&lang=en`).expect(200);
    const body = res.body as AdviceDto;
    expect(body.suggestions.length).toBeGreaterThanOrEqual(4);
    expect(body.suggestions[0]?.fit).toBe('best');
    expect(body.suggestions.slice(0, 2).map((s) => s.id).sort()).toEqual(['alipay', 'wechat-pay']);
    const fits = body.suggestions.map((s) => ['best', 'good', 'limited'].indexOf(s.fit));
    expect(fits).toEqual([...fits].sort((a, b) => a - b));
    for (const s of body.suggestions) {
      expect(s.reasons[0]).toMatch(/[a-z]/);
      expect(s.source.url).toMatch(/^https:/);
      expect(s.costs.length).toBeGreaterThan(0);
    }
    const zh = (await h.http.get(`${PAYMENT_API.advice}?side=mainland&situation=transport&lang=zh-Hans`).expect(200)).body as AdviceDto;
    expect(zh.suggestions[0]?.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('moves up what the resident has, and says why what they have does not fit', async () => {
    const plain = (await h.http.get(`${PAYMENT_API.advice}?side=mainland&situation=transport`).expect(200)).body as AdviceDto;
    const unionpayRank = plain.suggestions.findIndex((s) => s.id === 'unionpay');
    const res = await h.http.get(`${PAYMENT_API.advice}?side=mainland&situation=transport&have=unionpay,mpay&lang=en`).expect(200);
    const body = res.body as AdviceDto;
    const mine = body.suggestions.findIndex((s) => s.id === 'unionpay');
    expect(mine).toBeLessThan(unionpayRank);
    expect(body.suggestions[mine]).toMatchObject({ have: true });
    expect(body.suggestions[mine]?.reasons).toContain('You already have it: nothing new to set up');
    expect(body.notHere).toEqual([{ id: 'mpay', name: 'MPay (Macau Pass)', reason: expect.stringContaining('Mainland') }]);
  });

  it('rejects an unknown side, situation or method with a localized 400', async () => {
    const a = await h.http.get(`${PAYMENT_API.advice}?side=taiwan&situation=bus&lang=en`).expect(400);
    expect(Object.keys(a.body.error.fields).sort()).toEqual(['side', 'situation']);
    const b = await h.http.get(`${PAYMENT_API.advice}?side=hk&situation=shop&have=no-such-wallet&lang=zh-Hans`).expect(400);
    expect(b.body.error.fields.have).toBe('支付方式编号无效');
    await h.http.get(`${PAYMENT_API.advice}?side=hk&situation=shop&have=Bad%20Id`).expect(400);
  });
});

describe('cross-scenario search', () => {
  it('finds payment methods by name, linking to the advisor', async () => {
    const res = await h.http.get('/api/search?q=Octopus&lang=en').expect(200);
    expect(JSON.stringify(res.body)).toContain('packages/payment/advisor/index?method=octopus');
  });
});

describe('admin payment methods', () => {
  const method = (over: Record<string, unknown> = {}) => ({
    id: 'test-wallet',
    name: { 'zh-Hans': '测试钱包', 'zh-Hant': '測試錢包', en: 'Test wallet' },
    home: 'hk', kind: 'wallet',
    summary: { 'zh-Hans': '简介', 'zh-Hant': '簡介', en: 'Summary' },
    requires: { 'zh-Hans': '香港账户', 'zh-Hant': '香港賬戶', en: 'A Hong Kong account' },
    costs: { 'zh-Hans': '请查看服务商最新收费表', 'zh-Hant': '請查看服務商最新收費表', en: "Check the provider's current fee schedule" },
    uses: [{ side: 'hk', situation: 'shop', fit: 'best', note: { 'zh-Hans': '到处可用', 'zh-Hant': '到處可用', en: 'Works everywhere' } }],
    source: { name: 'Test', url: 'https://example.org/' }, asOf: '2026-11', confidence: 'unverified',
    ...over,
  });

  it('creates, updates and deletes with audit entries; is admin-only', async () => {
    await h.http.put(PAYMENT_API.adminMethod('test-wallet')).set(reviewer.auth).send(method()).expect(403);
    const created = await h.http.put(PAYMENT_API.adminMethod('test-wallet')).set(admin.auth).send(method()).expect(201);
    expect(created.body).toMatchObject({ id: 'test-wallet', editedByAdmin: true });
    await h.http.put(PAYMENT_API.adminMethod('test-wallet')).set(admin.auth).send(method({ asOf: '2026-12' })).expect(200);
    const advice = (await h.http.get(`${PAYMENT_API.advice}?side=hk&situation=shop&have=test-wallet`).expect(200)).body as AdviceDto;
    expect(advice.suggestions[0]).toMatchObject({ id: 'test-wallet', asOf: '2026-12', have: true });
    const list = (await h.http.get(PAYMENT_API.methods).expect(200)).body.items as PaymentMethodDto[];
    expect(list.some((m) => m.id === 'test-wallet')).toBe(true);
    await h.http.delete(PAYMENT_API.adminMethod('test-wallet')).set(admin.auth).expect(204);
    await h.http.delete(PAYMENT_API.adminMethod('test-wallet')).set(admin.auth).expect(404);
    const audit = await h.http.get('/api/admin/audit?targetType=payment_method').set(admin.auth).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['payment.method.upsert', 'payment.method.delete']));
  });

  it('rejects an invalid method or a mismatched id and stores nothing', async () => {
    const bad = await h.http.put(`${PAYMENT_API.adminMethod('test-wallet')}?lang=en`).set(admin.auth)
      .send(method({ uses: [{ side: 'moon', situation: 'shop', fit: 'best', note: { en: 'x' } }], asOf: 'yesterday' })).expect(400);
    expect(bad.body.error.fields['uses.0.side']).toBeTruthy();
    // The admin's own language (zh-Hans) wins over ?lang=.
    expect(bad.body.error.fields.asOf).toBe('日期格式应为 YYYY-MM 或 YYYY-MM-DD');
    const mismatch = await h.http.put(PAYMENT_API.adminMethod('other-id')).set(admin.auth).send(method()).expect(400);
    expect(mismatch.body.error.fields.id).toBeTruthy();
    expect(await h.app.services.models.paymentMethods.exists({ methodId: { $in: ['test-wallet', 'other-id'] } })).toBeNull();
  });
});
