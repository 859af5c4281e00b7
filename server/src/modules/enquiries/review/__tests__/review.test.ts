import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { translator, type EnquiryAnswerDto, type KbEntry, type KbEntryDraftDto, type ReviewGroupDto, type ReviewResolutionDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../../__tests__/harness.js';
import { FIXTURE_ENTRIES } from '../../__tests__/fixtures.js';

let h: Harness;
let admin: { auth: { Authorization: string } };
const LIST = '/api/admin/enquiries/review';
const FEEDBACK = '/api/enquiries/feedback';
const INTERNAL_FEEDBACK = '/internal/enquiries/feedback';

beforeAll(async () => {
  h = await startHarness('review');
  const { kb } = h.app.services.models;
  await kb.insertMany(FIXTURE_ENTRIES.map(({ id, ...rest }) => ({ _id: id, ...rest, origin: 'seed' })));
  await h.app.services.enquiries.rebuild();
  admin = await h.login('review-admin', 'admin');
});
afterAll(async () => { await h.close(); });
// Each test starts from an empty review: the groups of one test do not leak into the next.
beforeEach(async () => {
  await h.app.services.enquiryReview.idle();
  await h.app.services.models.reviewGroups.deleteMany({});
  await h.app.services.models.reviewItems.deleteMany({});
});

const ask = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await h.http.post('/api/enquiries/answer').set(headers).send(body);
  expect(res.status).toBe(200);
  return res.body as EnquiryAnswerDto;
};
const askBot = async (body: Record<string, unknown>) => {
  const res = await h.http.post('/internal/enquiries/answer').set(h.bot).send(body);
  expect(res.status).toBe(200);
  return res.body as EnquiryAnswerDto;
};
const groups = async (query = '') => {
  await h.app.services.enquiryReview.idle();
  const res = await h.http.get(`${LIST}${query}`).set(admin.auth);
  expect(res.status).toBe(200);
  return res.body as { items: ReviewGroupDto[]; nextCursor: string | null };
};
const record = (question: string, reason: 'clarify' | 'unknown' | 'thumbsDown' | 'thumbsUp' = 'unknown', lang: 'zh-Hans' | 'zh-Hant' | 'en' = 'zh-Hans') =>
  h.app.services.enquiryReview.record({ question, lang, reason, channel: 'app' });
const rawCollections = async () => JSON.stringify({
  items: await h.conn.db!.collection('enquiry_review_items').find({}).toArray(),
  groups: await h.conn.db!.collection('enquiry_review_groups').find({}).toArray(),
});

describe('recording ask-backs and "don\'t know" answers', () => {
  it('keeps every clarify and unknown outcome, with the entries offered and no trace of who asked', async () => {
    const resident = await h.login('review-resident', 'resident');
    const clarify = await ask({ question: '医保', lang: 'zh-Hans' }, resident.auth);
    expect(clarify.intent).toBe('clarify');
    const question = '我的电话91234567，量子色动力学的渐近自由是什么';
    expect((await askBot({ question, contactId: 'wxid_secret_contact' })).intent).toBe('unknown');
    // The answer cache serves the repeat; it is counted all the same.
    expect((await askBot({ question, contactId: 'wxid_secret_contact' })).intent).toBe('unknown');
    expect((await ask({ question: '罗湖口岸几点开门' })).intent).toBe('faq');

    const { items } = await groups();
    expect(items).toHaveLength(2);
    const unknown = items.find((g) => g.counts.unknown > 0)!;
    expect(unknown).toMatchObject({ question: '我的电话‹n›，量子色动力学的渐近自由是什么', total: 2, status: 'open', langs: ['zh-Hans'] });
    expect(unknown.counts).toEqual({ clarify: 0, unknown: 2, thumbsDown: 0, thumbsUp: 0 });
    const asked = items.find((g) => g.counts.clarify > 0)!;
    expect(asked).toMatchObject({ question: '医保', total: 1, samples: ['医保'] });
    expect(asked.entryIds).toEqual(clarify.suggestions!.map((s) => s.id));

    const stored = await rawCollections();
    expect(stored).not.toContain('91234567');
    expect(stored).not.toContain('wxid_secret_contact');
    expect(stored).not.toContain(resident.user.id);
    const item = await h.app.services.models.reviewItems.findOne({ reason: 'unknown' }).lean();
    expect(Object.keys(item!).sort()).toEqual(['_id', 'channel', 'confidence', 'createdAt', 'entryIds', 'groupId', 'key', 'lang', 'reason', 'text']);
    expect(item).toMatchObject({ channel: 'bot', lang: 'zh-Hans' });
  });

  it('never fails or delays the answer when recording fails', async () => {
    const { reviewGroups } = h.app.services.models;
    const original = reviewGroups.findOne.bind(reviewGroups);
    (reviewGroups as unknown as { findOne: unknown }).findOne = () => { throw new Error('engine down'); };
    try {
      expect((await ask({ question: '弦理论的额外维度有几个' })).intent).toBe('unknown');
      await h.app.services.enquiryReview.idle();
    } finally {
      (reviewGroups as unknown as { findOne: unknown }).findOne = original;
    }
    expect((await groups()).items).toHaveLength(0);
  });
});

describe('grouping by similar question', () => {
  it('counts Simplified, Traditional, punctuated and reworded forms in one group, and unrelated questions apart', async () => {
    await record('深圳湾口岸夜晚几点关门');
    await record('深圳灣口岸夜晚幾點閂門？', 'unknown', 'zh-Hant');
    await record('深圳湾口岸 夜晚几点关门!!');
    await record('请问深圳湾口岸夜晚几点关门呀', 'clarify');
    await record('深圳湾口岸夜晚几点关门', 'thumbsDown');
    await record('医保卡丢了怎么补办');
    await record('How do I get a Macao work visa?', 'unknown', 'en');

    const { items } = await groups();
    expect(items.map((g) => g.total)).toEqual([5, 1, 1]);
    const [bay] = items;
    expect(bay).toMatchObject({ question: '深圳湾口岸夜晚几点关门', counts: { unknown: 3, clarify: 1, thumbsDown: 1, thumbsUp: 0 } });
    expect(bay!.langs.sort()).toEqual(['zh-Hans', 'zh-Hant']);
    expect(bay!.samples).toEqual(['深圳湾口岸夜晚几点关门', '深圳灣口岸夜晚幾點閂門？', '深圳湾口岸 夜晚几点关门!!', '请问深圳湾口岸夜晚几点关门呀']);
    expect(items.map((g) => g.question).slice(1).sort()).toEqual(['How do I get a Macao work visa?', '医保卡丢了怎么补办']);
  });

  it('keeps at most five samples, and a 👍 counts only on a group that exists', async () => {
    for (const q of ['港珠澳大桥穿梭巴士几点收车', '港珠澳大桥穿梭巴士几点收车？', '港珠澳大橋穿梭巴士幾點收車', '港珠澳大桥 穿梭巴士 几点收车', '港珠澳大桥穿梭巴士几点收车啊', '请问港珠澳大桥穿梭巴士几点收车', '港珠澳大桥穿梭巴士几点收车呢']) await record(q);
    await record('港珠澳大桥穿梭巴士几点收车', 'thumbsUp');
    await record('八达通在珠海能用吗', 'thumbsUp');
    const { items } = await groups();
    expect(items).toHaveLength(1);
    expect(items[0]!.samples).toHaveLength(5);
    expect(items[0]!.total).toBe(7);
    expect(items[0]!.counts.thumbsUp).toBe(1);
    expect(await h.app.services.models.reviewItems.countDocuments({ reason: 'thumbsUp', groupId: null })).toBe(1);
  });

  it('lists most reports first, a page at a time', async () => {
    for (let i = 0; i < 3; i++) await record('横琴口岸几点开门');
    for (let i = 0; i < 2; i++) await record('澳门大学怎么申请');
    await record('珠海长隆门票多少钱');
    const first = await groups('?limit=2');
    expect(first.items.map((g) => g.total)).toEqual([3, 2]);
    expect(first.nextCursor).toMatch(/^2\.[0-9a-f]{24}$/);
    const second = await groups(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((g) => g.question)).toEqual(['珠海长隆门票多少钱']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('POST /api/enquiries/feedback and /internal/enquiries/feedback', () => {
  it('keeps a 👎 with the answering entry, for anyone, and answers 204', async () => {
    const res = await h.http.post(FEEDBACK).send({ question: '罗湖口岸几点开门 K12345678', lang: 'zh-Hans', entryId: 'lowu-hours', helpful: false });
    expect(res.status).toBe(204);
    const { items } = await groups();
    expect(items[0]).toMatchObject({ question: '罗湖口岸几点开门 ‹n›', entryIds: ['lowu-hours'], counts: { thumbsDown: 1 }, total: 1 });
  });

  it('takes the bot\'s "有用/没用" with the bot token and never stores the contact', async () => {
    const body = { contactId: 'wxid_feedback_contact', question: '港車北上要買咩保險', lang: 'zh-Hant', entryId: 'northbound-insurance', helpful: false };
    expect((await h.http.post(INTERNAL_FEEDBACK).send(body)).status).toBe(401);
    expect((await h.http.post(INTERNAL_FEEDBACK).set({ Authorization: 'Bearer nope' }).send(body)).status).toBe(401);
    expect((await h.http.post(INTERNAL_FEEDBACK).set(h.bot).send(body)).status).toBe(204);
    expect((await h.http.post(INTERNAL_FEEDBACK).set(h.bot).send({ ...body, helpful: true })).status).toBe(204);
    const { items } = await groups();
    expect(items[0]!.counts).toEqual({ clarify: 0, unknown: 0, thumbsDown: 1, thumbsUp: 1 });
    expect(await rawCollections()).not.toContain('wxid_feedback_contact');
  });

  it('files a vote under the language the question is written in, not the page\'s', async () => {
    expect((await h.http.post(FEEDBACK).send({ question: '大湾区包括哪些城市', lang: 'en', helpful: false })).status).toBe(204);
    expect((await groups()).items[0]!.langs).toEqual(['zh-Hans']);
  });

  it('keeps nothing of a bare number (a numbered reply with no options pending)', async () => {
    for (const question of ['2', '３', '1.', '12345678']) {
      expect((await h.http.post(FEEDBACK).send({ question, lang: 'zh-Hans', helpful: false })).status).toBe(204);
    }
    expect((await groups()).items).toEqual([]);
  });

  it('drops an entry id the knowledge base does not have, and keeps the rating', async () => {
    expect((await h.http.post(FEEDBACK).send({ question: '澳门哪里换钱', lang: 'zh-Hans', entryId: 'no-such-entry', helpful: false })).status).toBe(204);
    expect((await groups()).items[0]!.entryIds).toEqual([]);
  });

  it('refuses bad input with a message per field in the caller\'s language', async () => {
    const t = translator('zh-Hant');
    const bad = await h.http.post(`${FEEDBACK}?lang=zh-Hant`).send({ question: '', lang: 'fr', entryId: 'Bad Id!', helpful: 'yes', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({
      question: t('v.required'), lang: t('v.lang'), entryId: t('v.kbId'), helpful: t('v.boolean'), extra: t('v.unknownField'),
    });
    const missing = await h.http.post(INTERNAL_FEEDBACK).set(h.bot).send({ question: '罗湖', lang: 'zh-Hans', helpful: true });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields)).toEqual(['contactId']);
    expect((await groups()).items).toHaveLength(0);
  });
});

describe('admin review', () => {
  const groupOf = async (question: string) => ({ id: String((await record(question))!._id) });

  it('is for admins only', async () => {
    const g = await groupOf('九洲港几点有船');
    const reviewer = await h.login('review-reviewer', 'reviewer');
    const resident = await h.login('review-resident-2', 'resident');
    for (const who of [reviewer.auth, resident.auth]) {
      expect((await h.http.get(LIST).set(who)).status).toBe(403);
      expect((await h.http.post(`${LIST}/${g.id}/attach`).set(who).send({ entryId: 'lowu-hours', lang: 'zh-Hans' })).status).toBe(403);
      expect((await h.http.get(`${LIST}/${g.id}/draft`).set(who)).status).toBe(403);
      expect((await h.http.post(`${LIST}/${g.id}/new-entry`).set(who).send(FIXTURE_ENTRIES[0])).status).toBe(403);
      expect((await h.http.post(`${LIST}/${g.id}/dismiss`).set(who)).status).toBe(403);
    }
    expect((await h.http.get(LIST)).status).toBe(401);
    expect((await h.http.post(`${LIST}/${g.id}/dismiss`).set(h.bot)).status).toBe(401);
    expect((await groups()).items[0]!.status).toBe('open');
  });

  it('attaches a group to an entry as a new way of asking; afterwards the question is answered by that entry', async () => {
    const question = '深圳那个老关口清早几时开放';
    const before = await ask({ question });
    expect(before.intent === 'faq' && before.sources[0]?.id === 'lowu-hours').toBe(false);
    const [g] = (await groups()).items;
    expect(g!.question).toBe(question);

    const res = await h.http.post(`${LIST}/${g!.id}/attach`).set(admin.auth).send({ entryId: 'lowu-hours', lang: 'zh-Hans' });
    expect(res.status).toBe(200);
    const body = res.body as ReviewResolutionDto;
    expect(body).toMatchObject({ added: true, group: { status: 'attached', resolvedEntryId: 'lowu-hours' }, entry: { id: 'lowu-hours', origin: 'admin' } });
    expect(body.entry.questions['zh-Hans']).toEqual([...FIXTURE_ENTRIES[1]!.questions['zh-Hans'], question]);

    const after = await ask({ question });
    expect(after).toMatchObject({ intent: 'faq', sources: [{ id: 'lowu-hours' }] });
    expect((await groups()).items).toHaveLength(0);
    expect((await groups('?status=attached')).items.map((x) => x.id)).toEqual([g!.id]);

    // Resolved once: a second attach is refused.
    expect((await h.http.post(`${LIST}/${g!.id}/attach`).set(admin.auth).send({ entryId: 'lowu-hours', lang: 'zh-Hans' })).status).toBe(409);
    const audit = await h.http.get('/api/admin/audit').set(admin.auth);
    const entries = audit.body.items.filter((a: { action: string; details: Record<string, unknown> }) => a.action === 'kb.upsert' && a.details.reviewGroup === g!.id);
    expect(entries).toMatchObject([
      { outcome: 'failed', target: { type: 'kb_entry', id: 'lowu-hours' } },
      { outcome: 'succeeded', target: { type: 'kb_entry', id: 'lowu-hours' }, details: { via: 'review.attach', lang: 'zh-Hans', added: true } },
    ]);
  });

  it('refuses a question with a hidden number, an unknown entry or group, and bad input', async () => {
    const g = await groupOf('我的订单 20250101 八达通怎么退款');
    // Messages come in the signed-in admin's language.
    const english = await h.login('review-admin-en', 'admin', 'en');
    const placeholder = await h.http.post(`${LIST}/${g.id}/attach`).set(english.auth).send({ entryId: 'octopus-mainland', lang: 'zh-Hans' });
    expect(placeholder.status).toBe(400);
    expect(placeholder.body.error.fields).toEqual({ question: translator('en')('v.reviewPlaceholder') });
    expect((await h.http.post(`${LIST}/${g.id}/attach`).set(admin.auth).send({ entryId: 'no-such-entry', lang: 'zh-Hans', question: '八达通怎么退款' })).status).toBe(404);
    expect((await h.http.post(`${LIST}/0123456789abcdef01234567/attach`).set(admin.auth).send({ entryId: 'octopus-mainland', lang: 'zh-Hans' })).status).toBe(404);
    const bad = await h.http.post(`${LIST}/nope/attach`).set(admin.auth).send({ entryId: 'Bad!', lang: 'xx', question: 'x' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['entryId', 'id', 'lang', 'question']);
    expect((await h.http.get(`${LIST}?status=closed&limit=0`).set(admin.auth)).status).toBe(400);

    // With a rewritten question it is accepted.
    const ok = await h.http.post(`${LIST}/${g.id}/attach`).set(admin.auth).send({ entryId: 'octopus-mainland', lang: 'zh-Hans', question: '八达通怎么退款' });
    expect(ok.status).toBe(200);
    expect(ok.body.entry.questions['zh-Hans']).toContain('八达通怎么退款');
  });

  it('drafts a new entry from a group, then creates it; the question is then answered by it', async () => {
    await record('澳门大学本科怎么申请');
    await record('澳門大學本科點樣申請', 'unknown', 'zh-Hant');
    const [g] = (await groups()).items;
    const draft = await h.http.get(`${LIST}/${g!.id}/draft`).set(admin.auth);
    expect(draft.status).toBe(200);
    const d = draft.body as KbEntryDraftDto;
    expect(d.questions).toEqual({ 'zh-Hans': ['澳门大学本科怎么申请'], 'zh-Hant': ['澳門大學本科點樣申請'], en: [] });
    expect(d.lastVerified).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const entry: KbEntry = {
      ...FIXTURE_ENTRIES[0]!,
      id: 'um-undergraduate-admission',
      topic: 'education',
      tags: ['澳门大学'],
      questions: {
        'zh-Hans': [...d.questions['zh-Hans'], '澳门大学入学申请'],
        'zh-Hant': [...d.questions['zh-Hant'], '澳門大學入學申請'],
        en: ['How do I apply to the University of Macau?', 'University of Macau undergraduate admission'],
      },
      answer: { 'zh-Hans': '澳门大学本科入学申请在网上提交，请查看该校招生处公布的日期。', 'zh-Hant': '澳門大學本科入學申請在網上提交，請查看該校招生處公佈的日期。', en: 'Apply online to the University of Macau; check the admission office for the dates.' },
    };
    delete (entry as Partial<KbEntry>).link;
    const created = await h.http.post(`${LIST}/${g!.id}/new-entry`).set(admin.auth).send(entry);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ added: true, group: { status: 'new-entry', resolvedEntryId: 'um-undergraduate-admission' }, entry: { id: 'um-undergraduate-admission' } });
    expect(await ask({ question: '澳门大学本科怎么申请' })).toMatchObject({ intent: 'faq', sources: [{ id: 'um-undergraduate-admission' }] });

    // An id that is taken is refused (attach to it instead).
    const other = await groupOf('澳门科技大学怎么报名');
    const taken = await h.http.post(`${LIST}/${other.id}/new-entry`).set(admin.auth).send(entry);
    expect(taken.status).toBe(409);
    const invalid = await h.http.post(`${LIST}/${other.id}/new-entry`).set(admin.auth).send({ ...entry, id: 'must-take-urls', source: { ...entry.source, url: 'http://x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields['source.url']).toBeDefined();
  });

  it('dismisses a group (audited); the same question asked later opens a new group', async () => {
    const g = await groupOf('拱北口岸附近哪里吃饭好');
    const res = await h.http.post(`${LIST}/${g.id}/dismiss`).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: g.id, status: 'dismissed' });
    expect((await h.http.post(`${LIST}/${g.id}/dismiss`).set(admin.auth)).status).toBe(409);
    expect((await groups()).items).toHaveLength(0);
    await record('拱北口岸附近哪里吃饭好');
    const again = (await groups()).items;
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(g.id);
    const audit = await h.http.get(`/api/admin/audit?action=review.dismiss`).set(admin.auth);
    expect(audit.body.items.map((a: { outcome: string; target: { id: string } }) => `${a.target.id}:${a.outcome}`)).toEqual([`${g.id}:failed`, `${g.id}:succeeded`]);
  });
});
