import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Home from '../../src/pages/index';
import { ok, resident, serveApi, startApp, taroMock } from '../helpers';

const label = (id: string) => document.getElementById(id)!.textContent;

describe('home (pages/index)', () => {
  it('starts in the browser language when nothing is saved (jsdom: en-US)', () => {
    startApp({ user: null });
    render(<Home />);
    expect(label('nav-jobs')).toContain('Find a job');
    expect(document.getElementById('nav-login')).not.toBeNull();
  });

  it('switches every label when another language is chosen, and remembers it', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({ 'PATCH /api/me': ok(resident({ lang: 'zh-Hant' })) });
    render(<Home />);
    expect(label('nav-applications')).toContain('我的申请');
    await act(async () => {
      fireEvent.click(document.getElementById('lang-zh-Hant')!);
    });
    expect(label('nav-applications')).toContain('我的申請');
    expect(label('nav-jobs')).toContain('搵工');
    expect(taroMock.storage.get('bay.lang')).toBe('zh-Hant');
    // The server is told too, so bot messages follow the new language (the GETs are the notice board and inbox badge).
    expect(taroMock.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`)).toEqual(['PATCH /api/me']);
    await act(async () => {
      fireEvent.click(document.getElementById('lang-en')!);
    });
    expect(label('nav-applications')).toContain('My applications');
  });

  it('shows the admin entry to reviewers only', () => {
    startApp({ lang: 'en' });
    const { unmount } = render(<Home />);
    expect(document.getElementById('nav-admin')).toBeNull();
    unmount();
    startApp({ lang: 'en', user: resident({ role: 'reviewer' }) });
    render(<Home />);
    expect(label('nav-admin')).toContain('Review desk');
  });

  it('sends a signed-out visitor to sign-in from any entry but Ask, which answers anyone', () => {
    startApp({ lang: 'en', user: null });
    render(<Home />);
    fireEvent.click(document.getElementById('nav-jobs')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(label('nav-ask')).toContain('Ask Bay Connect');
    fireEvent.click(document.getElementById('nav-ask')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/ask/index' });
  });

  it('turns elder mode on for the page wrapper and remembers it', () => {
    startApp({ lang: 'en' });
    const { container } = render(<Home />);
    expect(container.firstElementChild!.className).not.toContain('page--elder');
    fireEvent.click(document.getElementById('elder-toggle')!);
    expect(container.firstElementChild!.className).toContain('page--elder');
    expect(taroMock.storage.get('bay.elder')).toBe(true);
    expect(screen.getByText('Elder mode')).toBeTruthy();
  });
});
