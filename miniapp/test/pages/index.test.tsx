import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { SearchResultDto } from '@bay/shared';
import Home from '../../src/pages/index';
import Login from '../../src/pages/login';
import FallbackNote from '../../src/components/fallback-note';
import { pickText } from '../../src/i18n/content';
import { langFromSystem, getPrefs, resetPrefsForTests } from '../../src/store/prefs';
import { systemElder as weappElder, systemLanguage as weappLanguage } from '../../src/store/system.weapp';
import { ok, serveApi, startApp, taroMock } from '../helpers';

const label = (id: string) => document.getElementById(id)?.textContent ?? null;

function setUrl(url: string) {
  window.history.replaceState(null, '', url);
}

afterEach(() => setUrl('/'));

describe('language detection', () => {
  it.each([
    ['zh_CN', 'zh-Hans'], ['zh_TW', 'zh-Hant'], ['zh_HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'],
    ['en', 'en'], ['en_US', 'en'], ['fr', 'en'], ['ja_JP', 'en'], [undefined, 'en'],
  ] as const)('maps the client language %s to %s', (system, lang) => {
    expect(langFromSystem(system)).toBe(lang);
  });

  it('weapp reads WeChat\'s language from getAppBaseInfo', () => {
    startApp({ user: null });
    taroMock.systemLanguage = 'zh_HK';
    expect(langFromSystem(weappLanguage())).toBe('zh-Hant');
  });

  it('follows the client until the resident picks a language, then keeps the choice', async () => {
    startApp({ user: null }); // jsdom's navigator.language is en-US
    render(<Home />);
    expect(label('nav-travel')).toContain('Travel');
    expect(label('lang-auto')).toContain('Following WeChat');
    await act(async () => {
      fireEvent.click(document.getElementById('lang-zh-Hant')!);
    });
    expect(label('nav-travel')).toContain('出行');
    expect(label('nav-customs')).toContain('通關');
    expect(document.getElementById('lang-auto')).toBeNull();
    resetPrefsForTests();
    expect(getPrefs()).toMatchObject({ lang: 'zh-Hant', langAuto: false });
  });
});

describe('language switch on every page', () => {
  it('another page (sign-in) has the switch too, without the home\'s element ids', async () => {
    startApp({ lang: 'zh-Hans', user: null });
    const { container } = render(<Login />);
    const items = container.querySelectorAll('.lang-switch [data-lang]');
    expect([...items].map((el) => el.textContent)).toEqual(['简体', '繁體', 'English']);
    expect(document.getElementById('lang-en')).toBeNull();
    await act(async () => {
      fireEvent.click(container.querySelector('.lang-switch [data-lang="en"]')!);
    });
    expect(getPrefs().lang).toBe('en');
    expect(taroMock.storage.get('bay.lang')).toBe('en');
  });
});

describe('elder mode detection', () => {
  it('weapp turns it on for a large WeChat font and leaves it off for the standard one', () => {
    startApp({ user: null });
    expect(weappElder()).toBeUndefined();
    taroMock.fontSizeScaleFactor = 1.3;
    expect(weappElder()).toBe(true);
    taroMock.fontSizeScaleFactor = 1;
    expect(weappElder()).toBe(false);
    taroMock.fontSizeScaleFactor = undefined;
    taroMock.fontSizeSetting = 22;
    expect(weappElder()).toBe(true);
    taroMock.fontSizeSetting = 17;
    expect(weappElder()).toBe(false);
  });

  it('H5 takes ?elder=1 from the URL, before or after the hash, and shows the simpler home', () => {
    setUrl('/?elder=1#/pages/index/index');
    startApp({ lang: 'en', user: null });
    const { container, unmount } = render(<Home />);
    expect(container.firstElementChild!.className).toContain('page--elder');
    expect(label('elder-auto')).toContain('system font');
    // Fewer tiles: the four first scenarios, healthcare (the life scenario elders use most), Ask and the inbox; no descriptions.
    const tiles = [...document.querySelectorAll('#home-grid > [data-tile]')].map((el) => el.getAttribute('data-tile'));
    expect(tiles).toEqual(['travel', 'customs', 'payment', 'health', 'jobs', 'ask', 'inbox']);
    expect(document.querySelector('.home__tile-desc')).toBeNull();
    unmount();

    setUrl('/#/pages/index/index?elder=1');
    startApp({ lang: 'en', user: null });
    expect(getPrefs()).toMatchObject({ elder: true, elderAuto: true });
  });

  it('a stored choice wins over the system', () => {
    setUrl('/?elder=1');
    startApp({ lang: 'en', user: null });
    taroMock.storage.set('bay.elder', false);
    resetPrefsForTests();
    expect(getPrefs().elder).toBe(false);
    const { container } = render(<Home />);
    expect(container.firstElementChild!.className).not.toContain('page--elder');
    const tiles = document.querySelectorAll('#home-grid > [data-tile]');
    expect(tiles.length).toBeGreaterThan(6);
  });
});

describe('home grid', () => {
  it('opens each scenario by its agreed path; travel, customs and payment need no sign-in', () => {
    startApp({ lang: 'zh-Hans', user: null });
    render(<Home />);
    expect(label('nav-payment')).toContain('支付');
    fireEvent.click(document.getElementById('nav-travel')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/travel/index/index' });
    fireEvent.click(document.getElementById('nav-customs')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/customs/index/index' });
    fireEvent.click(document.getElementById('nav-payment')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/payment/index/index' });
  });

  it('sends a signed-in resident to the jobs list', () => {
    startApp({ lang: 'en' });
    render(<Home />);
    fireEvent.click(document.getElementById('nav-jobs')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/jobs/list/index' });
  });
});

describe('search box', () => {
  const result: SearchResultDto = {
    q: '罗湖',
    lang: 'zh-Hans',
    groups: [
      { group: 'kb', hits: [{ id: 'lo-wu-hours', title: '罗湖口岸几点开门', subtitle: '罗湖口岸旅检通道…', link: 'packages/ask/index?entry=lo-wu-hours' }] },
      { group: 'jobs', hits: [{ id: 'j1', title: '口岸物流专员', link: 'packages/jobs/detail/index?id=j1' }] },
    ],
  };

  it('searches in the page language and opens a hit', async () => {
    startApp({ lang: 'zh-Hans', user: null });
    serveApi({ 'GET /api/search': ok(result) });
    render(<Home />);
    fireEvent.change(document.getElementById('home-search')!, { target: { value: '  罗湖 ' } });
    await act(async () => {
      fireEvent.click(document.getElementById('home-search-go')!);
    });
    const req = taroMock.requests.find((r) => r.url.includes('/api/search'))!;
    expect(decodeURIComponent(req.url)).toContain('q=罗湖');
    expect(req.url).toContain('lang=zh-Hans');
    expect(label('search-group-kb')).toContain('常见问题');
    expect(label('search-group-jobs')).toContain('职位');
    fireEvent.click(document.getElementById('hit-kb-0')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/ask/index?entry=lo-wu-hours' });
  });

  it('says so when nothing matches, and does not search for blanks', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'GET /api/search': ok({ q: 'zzz', lang: 'en', groups: [] }) });
    render(<Home />);
    await act(async () => {
      fireEvent.click(document.getElementById('home-search-go')!);
    });
    expect(taroMock.requests.some((r) => r.url.includes('/api/search'))).toBe(false);
    fireEvent.change(document.getElementById('home-search')!, { target: { value: 'zzz' } });
    await act(async () => {
      fireEvent.click(document.getElementById('home-search-go')!);
    });
    expect(label('search-results')).toContain('Nothing found');
  });
});

describe('content fallback (pickText + FallbackNote)', () => {
  it('uses the language asked for when present', () => {
    expect(pickText({ 'zh-Hans': '口岸', 'zh-Hant': '口岸', en: 'Port' }, 'en')).toEqual({ text: 'Port' });
  });

  it('falls back to the other Chinese first, then English, and says from which', () => {
    expect(pickText({ 'zh-Hans': '罗湖口岸', en: 'Lo Wu' }, 'zh-Hant')).toEqual({ text: '罗湖口岸', fallbackFrom: 'zh-Hans' });
    expect(pickText({ 'zh-Hant': '羅湖口岸', en: 'Lo Wu' }, 'zh-Hans')).toEqual({ text: '羅湖口岸', fallbackFrom: 'zh-Hant' });
    expect(pickText({ 'zh-Hant': '', en: 'Lo Wu' }, 'zh-Hant')).toEqual({ text: 'Lo Wu', fallbackFrom: 'en' });
    expect(pickText({ 'zh-Hant': '羅湖口岸' }, 'en')).toEqual({ text: '羅湖口岸', fallbackFrom: 'zh-Hant' });
    expect(pickText(undefined, 'en')).toEqual({ text: '' });
  });

  it('the note names the language shown, in the reader\'s language', () => {
    startApp({ lang: 'zh-Hant', user: null });
    const picked = pickText({ 'zh-Hans': '罗湖口岸' }, 'zh-Hant');
    const { container, rerender } = render(<FallbackNote id='note' from={picked.fallbackFrom} />);
    expect(label('note')).toBe('暫無目前語言版本，以简体顯示');
    rerender(<FallbackNote id='note' from={undefined} />);
    expect(container.textContent).toBe('');
  });
});
