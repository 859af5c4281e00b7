import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { InboxItemDto, NoticeDto } from '@bay/shared';
import Inbox from '../../src/packages/inbox';
import Home from '../../src/pages/index';
import NoticeDetail from '../../src/packages/inbox/notice';
import { ok, serveApi, startApp, taroMock } from '../helpers';

function item(n: number, overrides: Partial<InboxItemDto> = {}): InboxItemDto {
  return {
    id: `i${n}`,
    topic: 'application',
    title: `Update ${n}`,
    body: `Body ${n}`,
    createdAt: new Date(Date.UTC(2025, 2, 10, 12, 0) - n * 60_000).toISOString(),
    readAt: null,
    ...overrides,
  };
}

function notice(n: number, overrides: Partial<NoticeDto> = {}): NoticeDto {
  return { id: `n${n}`, title: `Notice ${n}`, body: `Notice body ${n}`, publishedAt: '2025-03-10T08:00:00.000Z', ...overrides };
}

const calls = () => taroMock.requests.map((r) => `${r.method} ${r.url}`);

describe('inbox (packages/inbox)', () => {
  beforeEach(() => startApp({ lang: 'en' }));

  it('lists messages newest first with unread styling and loads more from the cursor', async () => {
    serveApi({
      'GET /api/inbox': (req) =>
        req.url.includes('cursor=i2')
          ? ok({ items: [item(3, { readAt: '2025-03-10T00:00:00.000Z' })], nextCursor: null })
          : ok({ items: [item(1), item(2, { readAt: '2025-03-10T00:00:00.000Z' })], nextCursor: 'i2' }),
    });
    await act(async () => {
      render(<Inbox />);
    });
    const ids = () => [...document.querySelectorAll('[id^="inbox-item-"]')].map((e) => e.id);
    expect(ids()).toEqual(['inbox-item-i1', 'inbox-item-i2']);
    expect(document.getElementById('inbox-item-i1')!.className).toContain('inbox-item--unread');
    expect(document.getElementById('inbox-item-i2')!.className).not.toContain('inbox-item--unread');
    await act(async () => {
      fireEvent.click(document.getElementById('inbox-more')!);
    });
    expect(ids()).toEqual(['inbox-item-i1', 'inbox-item-i2', 'inbox-item-i3']);
    expect(taroMock.requests.at(-1)!.url).toContain('cursor=i2');
    expect(screen.getByText('No more messages')).toBeTruthy();
  });

  it('marks a message read when tapped and opens its link', async () => {
    serveApi({
      'GET /api/inbox': ok({ items: [item(1, { link: 'pages/applications/detail?id=abc' })], nextCursor: null }),
      'POST /api/inbox/i1/read': ok({}),
    });
    await act(async () => {
      render(<Inbox />);
    });
    await act(async () => {
      fireEvent.click(document.getElementById('inbox-item-i1')!);
    });
    expect(calls()).toContain('POST /api/inbox/i1/read');
    expect(document.getElementById('inbox-item-i1')!.className).not.toContain('inbox-item--unread');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/applications/detail?id=abc' });
  });

  it('marks everything read at once', async () => {
    serveApi({
      'GET /api/inbox': ok({ items: [item(1), item(2)], nextCursor: null }),
      'POST /api/inbox/read-all': ok({}),
    });
    await act(async () => {
      render(<Inbox />);
    });
    await act(async () => {
      fireEvent.click(document.getElementById('inbox-read-all')!);
    });
    expect(calls()).toContain('POST /api/inbox/read-all');
    expect(document.querySelectorAll('.inbox-item--unread')).toHaveLength(0);
    expect(document.getElementById('inbox-read-all')).toBeNull();
  });
});

describe('home: inbox badge and notice board', () => {
  it('shows the unread count on the inbox entry', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/inbox/unread-count': ok({ count: 4 }), 'GET /api/notices': ok({ items: [], nextCursor: null }) });
    await act(async () => {
      render(<Home />);
    });
    expect(document.getElementById('nav-inbox')!.textContent).toContain('Inbox');
    expect(document.getElementById('inbox-badge')!.textContent).toBe('4');
  });

  it('hides the badge with nothing unread, and asks nothing about the inbox when signed out', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/inbox/unread-count': ok({ count: 0 }), 'GET /api/notices': ok([]) });
    const { unmount } = await act(async () => render(<Home />));
    expect(document.getElementById('inbox-badge')).toBeNull();
    unmount();
    startApp({ lang: 'en', user: null });
    serveApi({ 'GET /api/notices': ok([]) });
    await act(async () => {
      render(<Home />);
    });
    expect(calls()).toEqual(['GET /api/notices?limit=3']);
  });

  it('shows the latest three notices with a link to the full board', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/inbox/unread-count': ok({ count: 0 }),
      'GET /api/notices': ok({ items: [notice(1), notice(2), notice(3), notice(4)], nextCursor: null }),
    });
    await act(async () => {
      render(<Home />);
    });
    expect([...document.querySelectorAll('#home-notices [id^="notice-"]')].map((e) => e.id)).toEqual(['notice-n1', 'notice-n2', 'notice-n3']);
    fireEvent.click(document.getElementById('notices-more')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/inbox/notices/index' });
    fireEvent.click(document.getElementById('notice-n2')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/inbox/notice/index?id=n2' });
  });

  it('opens a notice and its link', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/notices': ok([notice(7, { link: 'packages/jobs/list/index' })]) });
    taroMock.routerParams = { id: 'n7' };
    await act(async () => {
      render(<NoticeDetail />);
    });
    expect(screen.getByText('Notice body 7')).toBeTruthy();
    fireEvent.click(document.getElementById('notice-open')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/jobs/list/index' });
  });
});
