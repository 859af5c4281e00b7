import { act, fireEvent, render, screen } from '@testing-library/react';
import Me from '../../src/packages/me/index';
import { fail, ok, resident, serveApi, startApp } from '../helpers';

describe('me (packages/me/index)', () => {
  afterEach(() => jest.useRealTimers());

  it('shows a fresh bind code big, with its countdown and what to do with it', async () => {
    jest.useFakeTimers({ now: Date.parse('2025-03-02T08:00:00Z'), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    startApp({ lang: 'zh-Hans' });
    serveApi({
      'GET /api/me': ok(resident()),
      'POST /api/bind-codes': ok({ code: 'K7P3QX', expiresAt: '2025-03-02T08:10:00Z' }, 201),
    });
    render(<Me />);
    expect(await screen.findByText('尚未绑定微信助手')).toBeTruthy();
    await act(async () => {
      fireEvent.click(document.getElementById('bind-get-code')!);
    });
    expect(document.getElementById('bind-code')!.textContent).toBe('K7P3QX');
    expect(document.getElementById('bind-expiry')!.textContent).toBe('10:00 后失效');
    expect(screen.getByText(/发给「湾事通」助手/)).toBeTruthy();
    act(() => {
      jest.advanceTimersByTime(65_000);
    });
    expect(document.getElementById('bind-expiry')!.textContent).toBe('08:55 后失效');
    act(() => {
      jest.advanceTimersByTime(9 * 60_000);
    });
    expect(document.getElementById('bind-code')).toBeNull();
    expect(document.getElementById('bind-expired')!.textContent).toContain('绑定码已失效');
  });

  it('says the bot is bound and hides the code button', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/me': ok(resident({ botBound: true })) });
    render(<Me />);
    expect(await screen.findByText('Linked to the Bay Connect WeChat assistant')).toBeTruthy();
    expect(document.getElementById('bind-get-code')).toBeNull();
  });

  it('shows the server message when a code cannot be issued', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/me': ok(resident()), 'POST /api/bind-codes': fail(429, 'rateLimited', 'Too many requests. Please try again shortly.') });
    render(<Me />);
    await act(async () => {
      fireEvent.click(document.getElementById('bind-get-code')!);
    });
    expect(document.getElementById('bind-error')!.textContent).toBe('Too many requests. Please try again shortly.');
  });
});
