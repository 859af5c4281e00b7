import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { EnquiryAnswerDto, KbEntryDto, ReviewGroupDto } from '@bay/shared';
import Ask from '../../src/packages/ask';
import AdminList from '../../src/packages/admin/list';
import Review from '../../src/packages/admin/review';
import { fail, ok, resident, serveApi, startApp, taroMock } from '../helpers';

const G1 = '65a1b2c3d4e5f60718293c01';
const G2 = '65a1b2c3d4e5f60718293c02';

function group(overrides: Partial<ReviewGroupDto> = {}): ReviewGroupDto {
  return {
    id: G1,
    question: '深圳湾口岸夜晚几点关门',
    samples: ['深圳湾口岸夜晚几点关门', '深圳灣口岸夜晚幾點閂門？'],
    langs: ['zh-Hans', 'zh-Hant'],
    counts: { clarify: 1, unknown: 3, thumbsDown: 1, thumbsUp: 0 },
    total: 5,
    firstSeen: '2026-12-01T02:00:00.000Z',
    lastSeen: '2026-12-05T10:00:00.000Z',
    entryIds: ['lowu-hours'],
    status: 'open',
    resolvedEntryId: null,
    resolvedAt: null,
    ...overrides,
  };
}

function kbEntry(id: string, zh: string): KbEntryDto {
  return {
    id,
    topic: 'customs',
    tags: [],
    questions: { 'zh-Hans': [zh, `${zh}？`], 'zh-Hant': [zh, zh], en: [id, id] },
    answer: { 'zh-Hans': '每天 6:30 至 24:00 开放。', 'zh-Hant': '每日 6:30 至 24:00 開放。', en: 'Open daily 6:30 to 24:00.' },
    source: { org: { 'zh-Hans': '测试机构', 'zh-Hant': '測試機構', en: 'Test Authority' }, url: 'https://example.gov.hk/' },
    lastVerified: '2026-11-01',
    origin: 'seed',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

const faq: EnquiryAnswerDto = {
  answer: '罗湖口岸旅检通道每天 6:30 至 24:00 开放。',
  lang: 'zh-Hans',
  intent: 'faq',
  confidence: 0.9,
  sources: [{ id: 'lowu-hours', title: '测试机构', url: 'https://example.gov.hk/' }],
};
const clarify: EnquiryAnswerDto = {
  answer: '你想问的是哪一个？', lang: 'zh-Hans', intent: 'clarify', confidence: 0.4, sources: [],
  suggestions: [{ id: 'lowu-hours', title: '罗湖口岸几点开门' }, { id: 'hrp-renew', title: '回乡证过期了怎么办' }],
};

const tap = (id: string) =>
  act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
const type = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });
const calls = () => taroMock.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
const sent = (method: string, path: string) => taroMock.requests.filter((r) => r.method === method && r.url.split('?')[0] === path).map((r) => r.data);

describe('👍 / 👎 on the Ask page', () => {
  it('sends one vote per knowledge-base answer, with the question and entry, and thanks the resident', async () => {
    startApp({ lang: 'zh-Hans', user: null });
    serveApi({ 'POST /api/enquiries/answer': ok(faq), 'POST /api/enquiries/feedback': ok(undefined, 204) });
    render(<Ask />);
    type('ask-input', '罗湖口岸几点开门');
    await tap('ask-send');
    expect(document.getElementById('ask-helpful-1')!.textContent).toBe('👍 有用');
    expect(document.getElementById('ask-unhelpful-1')!.textContent).toBe('👎 没用');
    await tap('ask-unhelpful-1');
    expect(sent('POST', '/api/enquiries/feedback')).toEqual([{ question: '罗湖口岸几点开门', lang: 'zh-Hans', helpful: false, entryId: 'lowu-hours' }]);
    expect(document.getElementById('ask-thanks-1')!.textContent).toBe('谢谢你的反馈！');
    expect(document.getElementById('ask-helpful-1')).toBeNull();
    expect(document.getElementById('ask-unhelpful-1')).toBeNull();
  });

  it('offers no vote on an ask-back, and thanks even when the vote cannot be sent', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({
      'POST /api/enquiries/answer': (req) => ok((req.data as { entryId?: string }).entryId ? { ...faq, lang: 'en', answer: 'Open 6:30 to 24:00.' } : clarify),
      'POST /api/enquiries/feedback': fail(503, 'unavailable', 'down'),
    });
    render(<Ask />);
    type('ask-input', 'lo wu');
    await tap('ask-send');
    expect(document.getElementById('ask-helpful-1')).toBeNull();
    await tap('ask-suggestion-lowu-hours');
    await tap('ask-helpful-3');
    expect(sent('POST', '/api/enquiries/feedback')).toEqual([{ question: '罗湖口岸几点开门', lang: 'en', helpful: true, entryId: 'lowu-hours' }]);
    expect(document.getElementById('ask-thanks-3')!.textContent).toBe('Thanks for your feedback!');
    expect(document.getElementById('ask-error')).toBeNull();
  });
});

describe('unanswered questions (packages/admin/review)', () => {
  beforeEach(() => startApp({ lang: 'en', user: resident({ role: 'admin' }) }));

  it('is linked from the console for administrators only', async () => {
    serveApi({ 'GET /api/admin/applications': ok({ items: [], nextCursor: null }) });
    const first = await act(async () => render(<AdminList />));
    fireEvent.click(document.getElementById('admin-nav-review')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/review/index' });
    first.unmount();
    startApp({ lang: 'en', user: resident({ role: 'reviewer' }) });
    serveApi({ 'GET /api/admin/applications': ok({ items: [], nextCursor: null }) });
    await act(async () => {
      render(<AdminList />);
    });
    expect(document.getElementById('admin-nav-review')).toBeNull();
  });

  it('lists open groups with their counts by reason, samples and entries, and loads more', async () => {
    serveApi({
      'GET /api/admin/enquiries/review': (req) => (String(req.url).includes('cursor=')
        ? ok({ items: [group({ id: G2, question: '澳门大学怎么申请', samples: ['澳门大学怎么申请'], total: 1, counts: { clarify: 0, unknown: 1, thumbsDown: 0, thumbsUp: 0 }, entryIds: [] })], nextCursor: null })
        : ok({ items: [group()], nextCursor: `5.${G1}` })),
    });
    await act(async () => {
      render(<Review />);
    });
    const card = document.getElementById(`review-group-${G1}`)!;
    expect(card.textContent).toContain('深圳湾口岸夜晚几点关门');
    expect(document.getElementById(`review-total-${G1}`)!.textContent).toBe('5 times');
    expect(card.textContent).toContain('No answer 3');
    expect(card.textContent).toContain('Asked back 1');
    expect(card.textContent).toContain('Not helpful 1');
    expect(card.textContent).not.toContain('Helpful 0');
    expect(card.textContent).toContain('深圳灣口岸夜晚幾點閂門？');
    expect(card.textContent).toContain('Related entries: lowu-hours');
    await tap('review-more');
    expect(document.getElementById(`review-group-${G2}`)).not.toBeNull();
    expect(document.getElementById('review-more')).toBeNull();
  });

  it('says so when nothing is waiting', async () => {
    serveApi({ 'GET /api/admin/enquiries/review': ok({ items: [], nextCursor: null }) });
    await act(async () => {
      render(<Review />);
    });
    expect(screen.getByText('No questions waiting for review')).toBeTruthy();
  });

  it('attaches a group to an entry found by search, showing field errors from the server', async () => {
    let attempts = 0;
    serveApi({
      'GET /api/admin/enquiries/review': ok({ items: [group()], nextCursor: null }),
      'GET /api/admin/kb': ok({ items: [kbEntry('lowu-hours', '罗湖口岸几点开门'), kbEntry('shenzhen-bay-hours', '深圳湾口岸开放时间')], nextCursor: null }),
      [`POST /api/admin/enquiries/review/${G1}/attach`]: () => (++attempts === 1
        ? fail(400, 'validation', 'Check the marked fields', { question: 'A way of asking must be 2–120 characters' })
        : ok({ group: group({ status: 'attached', resolvedEntryId: 'shenzhen-bay-hours' }), entry: kbEntry('shenzhen-bay-hours', '深圳湾口岸开放时间'), added: true })),
    });
    await act(async () => {
      render(<Review />);
    });
    await tap(`review-attach-open-${G1}`);
    // Before a search: the entries the group was offered.
    expect(document.getElementById('review-entry-lowu-hours')).not.toBeNull();
    expect(document.getElementById('review-entry-shenzhen-bay-hours')).toBeNull();
    await tap('review-attach-submit');
    expect(document.getElementById('error-entryId')!.textContent).toBe('Choose an entry');
    type('review-entry-search', '深圳湾');
    expect(document.getElementById('review-entry-lowu-hours')).toBeNull();
    await tap('review-entry-shenzhen-bay-hours');
    await tap('review-lang-zh-Hant');
    type('review-question', 'x');
    await tap('review-attach-submit');
    expect(document.getElementById('error-question')!.textContent).toBe('A way of asking must be 2–120 characters');
    type('review-question', '深圳灣口岸夜晚幾點閂門');
    await tap('review-attach-submit');
    expect(sent('POST', `/api/admin/enquiries/review/${G1}/attach`).at(-1)).toEqual({ entryId: 'shenzhen-bay-hours', lang: 'zh-Hant', question: '深圳灣口岸夜晚幾點閂門' });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: 'Added to the entry' }));
    expect(document.getElementById(`review-group-${G1}`)).toBeNull();
  });

  it('starts a new entry from the server\'s draft and sends the completed entry', async () => {
    serveApi({
      'GET /api/admin/enquiries/review': ok({ items: [group()], nextCursor: null }),
      [`GET /api/admin/enquiries/review/${G1}/draft`]: ok({
        id: '', topic: 'customs', tags: [],
        questions: { 'zh-Hans': ['深圳湾口岸夜晚几点关门'], 'zh-Hant': ['深圳灣口岸夜晚幾點閂門？'], en: [] },
        answer: { 'zh-Hans': '', 'zh-Hant': '', en: '' }, source: { org: { 'zh-Hans': '', 'zh-Hant': '', en: '' }, url: '' }, lastVerified: '2026-12-05',
      }),
      [`POST /api/admin/enquiries/review/${G1}/new-entry`]: ok({ group: group({ status: 'new-entry' }), entry: kbEntry('shenzhen-bay-night', '深圳湾口岸夜晚几点关门'), added: true }, 201),
    });
    await act(async () => {
      render(<Review />);
    });
    await tap(`review-new-open-${G1}`);
    expect((document.getElementById('review-new-questions-zh-Hans') as HTMLTextAreaElement).value).toBe('深圳湾口岸夜晚几点关门');
    expect(document.getElementById('review-topic-customs')!.className).toContain('chip--active');
    type('review-new-id', 'shenzhen-bay-night');
    type('review-new-questions-zh-Hans', '深圳湾口岸夜晚几点关门\n深圳湾口岸几点关闸');
    type('review-new-questions-zh-Hant', '深圳灣口岸夜晚幾點閂門？\n深圳灣口岸幾點關閘');
    type('review-new-questions-en', 'When does Shenzhen Bay close at night?\nShenzhen Bay closing time');
    for (const l of ['zh-Hans', 'zh-Hant', 'en']) {
      type(`review-new-answer-${l}`, `Answer ${l} 6:30–24:00`);
      type(`review-new-org-${l}`, `Org ${l}`);
    }
    type('review-new-url', 'https://www.sz.gov.cn/');
    await tap('review-new-submit');
    expect(sent('POST', `/api/admin/enquiries/review/${G1}/new-entry`)).toEqual([{
      id: 'shenzhen-bay-night',
      topic: 'customs',
      tags: [],
      questions: {
        'zh-Hans': ['深圳湾口岸夜晚几点关门', '深圳湾口岸几点关闸'],
        'zh-Hant': ['深圳灣口岸夜晚幾點閂門？', '深圳灣口岸幾點關閘'],
        en: ['When does Shenzhen Bay close at night?', 'Shenzhen Bay closing time'],
      },
      answer: { 'zh-Hans': 'Answer zh-Hans 6:30–24:00', 'zh-Hant': 'Answer zh-Hant 6:30–24:00', en: 'Answer en 6:30–24:00' },
      source: { org: { 'zh-Hans': 'Org zh-Hans', 'zh-Hant': 'Org zh-Hant', en: 'Org en' }, url: 'https://www.sz.gov.cn/' },
      lastVerified: '2026-12-05',
    }]);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: 'Entry created' }));
    expect(document.getElementById(`review-group-${G1}`)).toBeNull();
  });

  it('dismisses a group only after confirmation', async () => {
    serveApi({
      'GET /api/admin/enquiries/review': ok({ items: [group()], nextCursor: null }),
      [`POST /api/admin/enquiries/review/${G1}/dismiss`]: ok(group({ status: 'dismissed' })),
    });
    await act(async () => {
      render(<Review />);
    });
    taroMock.modalConfirm = false;
    await tap(`review-dismiss-${G1}`);
    expect(calls()).not.toContain(`POST /api/admin/enquiries/review/${G1}/dismiss`);
    taroMock.modalConfirm = true;
    await tap(`review-dismiss-${G1}`);
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: 'Dismiss this group? It comes back if someone asks again.' }));
    expect(calls()).toContain(`POST /api/admin/enquiries/review/${G1}/dismiss`);
    expect(document.getElementById(`review-group-${G1}`)).toBeNull();
  });

  it('keeps elder mode on the page root', async () => {
    startApp({ lang: 'zh-Hant', user: resident({ role: 'admin' }), elder: true });
    serveApi({ 'GET /api/admin/enquiries/review': ok({ items: [group()], nextCursor: null }) });
    await act(async () => {
      render(<Review />);
    });
    expect(document.querySelector('.page')!.className).toContain('page--elder');
    expect(document.getElementById(`review-total-${G1}`)!.textContent).toBe('共 5 次');
  });
});
