import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { AdminNotificationDto, BroadcastDto, HandoffTicketDto } from '@bay/shared';
import AdminList from '../../src/packages/admin/list';
import Broadcasts from '../../src/packages/admin/broadcasts';
import BroadcastDetail from '../../src/packages/admin/broadcast';
import Compose from '../../src/packages/admin/compose';
import DeadNotifications from '../../src/packages/admin/dead';
import Handoffs from '../../src/packages/admin/handoffs';
import { PROGRESS_POLL_MS } from '../../src/packages/admin/polling';
import { fail, ok, resident, serveApi, startApp, taroMock } from '../helpers';

const B_ID = '65a1b2c3d4e5f60718293b01';

function broadcast(overrides: Partial<BroadcastDto> = {}, counts: Partial<BroadcastDto['counts']> = {}): BroadcastDto {
  return {
    id: B_ID,
    title: { 'zh-Hans': '口岸通知', 'zh-Hant': '口岸通知', en: 'Border notice' },
    body: { 'zh-Hans': '今晚延长开放', 'zh-Hant': '今晚延長開放', en: 'Open late tonight' },
    audience: { type: 'all' },
    state: 'sending',
    scheduleAt: '2025-03-10T08:00:00.000Z',
    ratePerMinute: 600,
    counts: { recipients: 1000, pending: 600, sent: 380, failed: 10, dead: 5, cancelled: 5, ...counts },
    createdAt: '2025-03-10T07:59:00.000Z',
    ...overrides,
  };
}

const calls = () => taroMock.requests.map((r) => `${r.method} ${r.url}`);
const type = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });
const tap = (id: string) =>
  act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });

describe('admin console navigation', () => {
  it('shows broadcasts and failed messages to administrators, handoffs to reviewers too', async () => {
    startApp({ lang: 'en', user: resident({ role: 'reviewer' }) });
    serveApi({ 'GET /api/admin/applications': ok({ items: [], nextCursor: null }) });
    const first = await act(async () => render(<AdminList />));
    expect(document.getElementById('admin-nav-broadcasts')).toBeNull();
    expect(document.getElementById('admin-nav-handoffs')).not.toBeNull();
    first.unmount();
    startApp({ lang: 'en', user: resident({ role: 'admin' }) });
    serveApi({ 'GET /api/admin/applications': ok({ items: [], nextCursor: null }) });
    await act(async () => {
      render(<AdminList />);
    });
    fireEvent.click(document.getElementById('admin-nav-broadcasts')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/broadcasts/index' });
    fireEvent.click(document.getElementById('admin-nav-dead')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/dead/index' });
  });
});

describe('broadcast compose (packages/admin/compose)', () => {
  beforeEach(() => startApp({ lang: 'en', user: resident({ role: 'admin' }) }));

  function fillTexts() {
    for (const l of ['zh-Hans', 'zh-Hant', 'en']) {
      type(`broadcast-title-${l}`, `Title ${l}`);
      type(`broadcast-body-${l}`, `Body ${l}`);
    }
  }

  it('counts the recipients of the chosen audience, then sends after confirmation', async () => {
    let previewed: unknown;
    let created: unknown;
    serveApi({
      'POST /api/admin/broadcasts/preview': (req) => {
        previewed = req.data;
        return ok({ recipients: 1234 });
      },
      'POST /api/admin/broadcasts': (req) => {
        created = req.data;
        return ok(broadcast({ state: 'scheduled' }), 201);
      },
    });
    render(<Compose />);
    // Each language's fields are labelled in that language's own name.
    expect(screen.getByText('Title (繁體)')).toBeTruthy();
    fillTexts();
    type('broadcast-link', 'packages/jobs/list/index');
    fireEvent.click(document.getElementById('broadcast-audience-city')!);
    fireEvent.click(document.getElementById('broadcast-city-shenzhen')!);
    fireEvent.click(document.getElementById('broadcast-city-zhuhai')!);
    await tap('broadcast-preview');
    expect(previewed).toEqual({ audience: { type: 'city', cities: ['shenzhen', 'zhuhai'] } });
    expect(document.getElementById('broadcast-recipients')!.textContent).toContain('1234');
    type('broadcast-date', '2025-03-11');
    type('broadcast-time', '09:30');
    type('broadcast-rate', '600');
    await tap('broadcast-send');
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: 'Send to 1234 recipients?' }));
    expect(created).toEqual({
      title: { 'zh-Hans': 'Title zh-Hans', 'zh-Hant': 'Title zh-Hant', en: 'Title en' },
      body: { 'zh-Hans': 'Body zh-Hans', 'zh-Hant': 'Body zh-Hant', en: 'Body en' },
      link: 'packages/jobs/list/index',
      audience: { type: 'city', cities: ['shenzhen', 'zhuhai'] },
      scheduleAt: '2025-03-11T09:30:00+08:00',
      ratePerMinute: 600,
    });
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packages/admin/broadcast/index?id=${B_ID}` });
  });

  it('needs a recipient count before sending, and a new count after the audience changes', async () => {
    serveApi({ 'POST /api/admin/broadcasts/preview': ok({ recipients: 10 }) });
    render(<Compose />);
    fillTexts();
    await tap('broadcast-send');
    expect(document.getElementById('broadcast-error')!.textContent).toBe('Count the recipients first');
    await tap('broadcast-preview');
    expect(document.getElementById('broadcast-recipients')).not.toBeNull();
    fireEvent.click(document.getElementById('broadcast-audience-interest')!);
    expect(document.getElementById('broadcast-recipients')).toBeNull();
    expect(calls()).toEqual(['POST /api/admin/broadcasts/preview']);
  });

  it('names every missing text next to its field without calling the server', async () => {
    render(<Compose />);
    type('broadcast-title-en', 'Only English');
    type('broadcast-link', 'https://example.com');
    await tap('broadcast-send');
    expect(document.getElementById('error-title.zh-Hans')).not.toBeNull();
    expect(document.getElementById('error-body.en')).not.toBeNull();
    expect(document.getElementById('error-title.en')).toBeNull();
    expect(document.getElementById('error-link')).not.toBeNull();
    expect(taroMock.requests).toHaveLength(0);
  });

  it('shows the server field errors next to their fields', async () => {
    serveApi({
      'POST /api/admin/broadcasts/preview': ok({ recipients: 3 }),
      'POST /api/admin/broadcasts': fail(422, 'validation', 'Some fields need your attention', { 'title.en': 'Too long for a notice' }),
    });
    render(<Compose />);
    fillTexts();
    await tap('broadcast-preview');
    await tap('broadcast-send');
    expect(document.getElementById('error-title.en')!.textContent).toBe('Too long for a notice');
    expect(document.getElementById('broadcast-error')!.textContent).toBe('Some fields need your attention');
  });
});

describe('broadcast progress (packages/admin/broadcast)', () => {
  beforeEach(() => {
    startApp({ lang: 'en', user: resident({ role: 'admin' }) });
    taroMock.routerParams = { id: B_ID };
  });
  afterEach(() => jest.useRealTimers());

  const buttons = () => [...document.querySelectorAll('.console-actions [id^="broadcast-"]')].map((b) => b.id);

  it.each([
    ['scheduled', ['broadcast-cancel']],
    ['sending', ['broadcast-pause', 'broadcast-cancel']],
    ['paused', ['broadcast-resume', 'broadcast-cancel']],
    ['cancelled', []],
    ['done', []],
  ] as const)('offers the actions a %s broadcast allows', async (state, expected) => {
    serveApi({ [`GET /api/admin/broadcasts/${B_ID}`]: ok(broadcast({ state })) });
    await act(async () => {
      render(<BroadcastDetail />);
    });
    expect(buttons()).toEqual(expected);
    expect(document.getElementById('broadcast-progress')!.textContent).toContain('1000 total');
  });

  it('polls every 2 s while sending and stops once done', async () => {
    jest.useFakeTimers();
    let n = 0;
    serveApi({
      [`GET /api/admin/broadcasts/${B_ID}`]: () => {
        n += 1;
        return ok(n < 3 ? broadcast({}, { sent: 380 + n * 100, pending: 600 - n * 100 }) : broadcast({ state: 'done' }, { sent: 980, pending: 0 }));
      },
    });
    await act(async () => {
      render(<BroadcastDetail />);
    });
    expect(document.getElementById('broadcast-progress')!.textContent).toContain('480 sent');
    await act(async () => {
      jest.advanceTimersByTime(PROGRESS_POLL_MS);
    });
    expect(document.getElementById('broadcast-progress')!.textContent).toContain('580 sent');
    await act(async () => {
      jest.advanceTimersByTime(PROGRESS_POLL_MS);
    });
    expect(document.getElementById('broadcast-progress')!.getAttribute('data-state')).toBe('done');
    await act(async () => {
      jest.advanceTimersByTime(PROGRESS_POLL_MS * 3);
    });
    expect(n).toBe(3);
    expect(buttons()).toEqual([]);
  });

  it('pauses, resumes and cancels (after confirmation)', async () => {
    serveApi({
      [`GET /api/admin/broadcasts/${B_ID}`]: ok(broadcast({ state: 'sending' })),
      [`POST /api/admin/broadcasts/${B_ID}/pause`]: ok(broadcast({ state: 'paused' })),
      [`POST /api/admin/broadcasts/${B_ID}/resume`]: ok(broadcast({ state: 'sending' })),
      [`POST /api/admin/broadcasts/${B_ID}/cancel`]: ok(broadcast({ state: 'cancelled' }, { pending: 0, cancelled: 605 })),
    });
    await act(async () => {
      render(<BroadcastDetail />);
    });
    await tap('broadcast-pause');
    expect(buttons()).toEqual(['broadcast-resume', 'broadcast-cancel']);
    await tap('broadcast-resume');
    expect(buttons()).toEqual(['broadcast-pause', 'broadcast-cancel']);
    taroMock.modalConfirm = false;
    await tap('broadcast-cancel');
    expect(calls()).not.toContain(`POST /api/admin/broadcasts/${B_ID}/cancel`);
    taroMock.modalConfirm = true;
    await tap('broadcast-cancel');
    expect(calls()).toContain(`POST /api/admin/broadcasts/${B_ID}/cancel`);
    expect(buttons()).toEqual([]);
    expect(document.getElementById('broadcast-state')!.textContent).toBe('Cancelled');
  });

  it('shows a refused action (409) as an error', async () => {
    serveApi({
      [`GET /api/admin/broadcasts/${B_ID}`]: ok(broadcast({ state: 'paused' })),
      [`POST /api/admin/broadcasts/${B_ID}/resume`]: fail(409, 'conflict', 'This broadcast was already cancelled'),
    });
    await act(async () => {
      render(<BroadcastDetail />);
    });
    await tap('broadcast-resume');
    expect(document.getElementById('broadcast-error')!.textContent).toBe('This broadcast was already cancelled');
  });

  it('lists broadcasts with their progress and opens one', async () => {
    serveApi({ 'GET /api/admin/broadcasts': ok({ items: [broadcast({ state: 'done' })], nextCursor: null }) });
    await act(async () => {
      render(<Broadcasts />);
    });
    expect(document.getElementById(`broadcast-${B_ID}`)!.textContent).toContain('Border notice');
    fireEvent.click(document.getElementById(`broadcast-${B_ID}`)!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/admin/broadcast/index?id=${B_ID}` });
    fireEvent.click(document.getElementById('broadcast-compose')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/compose/index' });
  });
});

describe('failed messages (packages/admin/dead)', () => {
  beforeEach(() => startApp({ lang: 'en', user: resident({ role: 'admin' }) }));

  const dead = (id: string): AdminNotificationDto => ({
    id,
    dedupeKey: `k-${id}`,
    userId: 'u1',
    kind: 'broadcast',
    topic: 'broadcast',
    channel: 'bot',
    state: 'dead',
    attempts: 5,
    lastError: 'contact not found',
    broadcastId: B_ID,
    updatedAt: '2025-03-10T09:00:00.000Z',
  });

  it('retries a dead message and takes it off the list', async () => {
    serveApi({
      'GET /api/admin/notifications': ok({ items: [dead('d1'), dead('d2')], nextCursor: null }),
      'POST /api/admin/notifications/d1/retry': ok({ ...dead('d1'), state: 'pending' }),
    });
    await act(async () => {
      render(<DeadNotifications />);
    });
    expect(taroMock.requests[0]!.url).toContain('state=dead');
    expect(document.getElementById('dead-d1')!.textContent).toContain('contact not found');
    await tap('dead-retry-d1');
    expect(calls()).toContain('POST /api/admin/notifications/d1/retry');
    expect(document.getElementById('dead-d1')).toBeNull();
    expect(document.getElementById('dead-d2')).not.toBeNull();
  });

  it('keeps a message whose retry failed and says why', async () => {
    serveApi({
      'GET /api/admin/notifications': ok({ items: [dead('d1')], nextCursor: null }),
      'POST /api/admin/notifications/d1/retry': fail(409, 'conflict', 'Already queued'),
    });
    await act(async () => {
      render(<DeadNotifications />);
    });
    await tap('dead-retry-d1');
    expect(document.getElementById('dead-d1')).not.toBeNull();
    expect(screen.getByText('Already queued')).toBeTruthy();
  });
});

describe('handoff tickets (packages/admin/handoffs)', () => {
  beforeEach(() => startApp({ lang: 'en', user: resident({ role: 'reviewer' }) }));

  const ticket = (overrides: Partial<HandoffTicketDto> = {}): HandoffTicketDto => ({
    id: 'h1',
    userId: 'u1',
    contactId: null,
    lang: 'zh-Hant',
    transcript: [
      { role: 'user', text: '回鄉證過期點算' },
      { role: 'bot', text: '可以網上預約換證' },
    ],
    state: 'open',
    replies: [],
    createdAt: '2025-03-10T09:00:00.000Z',
    updatedAt: '2025-03-10T09:00:00.000Z',
    ...overrides,
  });

  it('answers a ticket from the reply box', async () => {
    let sent: unknown;
    serveApi({
      'GET /api/admin/handoffs': ok({ items: [ticket()], nextCursor: null }),
      'POST /api/admin/handoffs/h1/reply': (req) => {
        sent = req.data;
        return ok(ticket({ state: 'answered', replies: [{ at: '2025-03-10T09:05:00.000Z', text: '請帶舊證到出入境辦理', by: 'u9' }] }));
      },
    });
    await act(async () => {
      render(<Handoffs />);
    });
    expect(document.getElementById('handoff-h1')!.textContent).toContain('回鄉證過期點算');
    fireEvent.click(document.querySelector('#handoff-h1 .console-item__head')!);
    await tap('handoff-reply-send');
    expect(document.getElementById('error-text')).not.toBeNull();
    type('handoff-reply-input', ' 請帶舊證到出入境辦理 ');
    await tap('handoff-reply-send');
    expect(sent).toEqual({ text: '請帶舊證到出入境辦理' });
    expect(document.getElementById('handoff-h1')!.getAttribute('data-state')).toBe('answered');
    expect(document.getElementById('handoff-h1')!.textContent).toContain('請帶舊證到出入境辦理');
  });

  it('shows a refused reply (closed ticket) and keeps the text', async () => {
    serveApi({
      'GET /api/admin/handoffs': ok({ items: [ticket()], nextCursor: null }),
      'POST /api/admin/handoffs/h1/reply': fail(409, 'conflict', 'This ticket is closed'),
    });
    await act(async () => {
      render(<Handoffs />);
    });
    fireEvent.click(document.querySelector('#handoff-h1 .console-item__head')!);
    type('handoff-reply-input', 'Hello');
    await tap('handoff-reply-send');
    expect(document.getElementById('handoff-error')!.textContent).toBe('This ticket is closed');
    expect((document.getElementById('handoff-reply-input') as HTMLTextAreaElement).value).toBe('Hello');
  });
});
