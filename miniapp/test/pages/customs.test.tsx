import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { GuideItemDto, PortDto, WaitDto } from '@bay/shared';
import CustomsHome from '../../src/packages/customs/index';
import PortDetail from '../../src/packages/customs/port';
import CustomsGuide from '../../src/packages/customs/guide';
import { fail, ok, serveApi, startApp, taroMock } from '../helpers';

const t3 = (hans: string, hant: string, en: string) => ({ 'zh-Hans': hans, 'zh-Hant': hant, en });
const src = { name: t3('香港入境事务处', '香港入境事務處', 'Immigration Department, HKSAR'), url: 'https://www.immd.gov.hk/eng/contactus/control_points.html' };

function port(overrides: Partial<PortDto> = {}): PortDto {
  return {
    id: 'lo-wu', name: t3('罗湖口岸', '羅湖口岸', 'Lo Wu / Luohu'), kind: 'rail', border: 'hk-mainland', order: 10,
    city: t3('香港 / 深圳', '香港 / 深圳', 'Hong Kong / Shenzhen'), address: t3('罗湖', '羅湖', 'Lo Wu'),
    hours: { open24h: false, from: '06:30', to: '24:00', note: t3('旅客每日 06:30–24:00。', '旅客每日 06:30–24:00。', 'Passengers daily 06:30–24:00.') },
    modes: ['pedestrian', 'e-channel', 'rail'], facilities: [t3('港铁东铁线罗湖站', '港鐵東鐵綫羅湖站', 'MTR East Rail Line, Lo Wu station')],
    transport: t3('乘港铁东铁线', '乘港鐵東鐵綫', 'MTR East Rail Line'), source: src, asOf: '2026-11-25', confidence: 'verified', ...overrides,
  };
}
const estimate = (direction: WaitDto['direction'], mode: WaitDto['mode']): WaitDto =>
  ({ direction, mode, minutes: null, ageMinutes: null, observedAt: null, source: 'none', estimate: true, samples: 0 });
const tobacco: GuideItemDto = {
  id: 'tobacco', category: 'allowance', name: t3('香烟及烟草', '香煙及煙草', 'Cigarettes and tobacco'),
  aliases: { 'zh-Hans': ['香烟'], 'zh-Hant': ['香煙'], en: ['cigarettes'] },
  rules: [{ direction: 'into-hk', verdict: 'limited', text: t3('19 支香烟', '19 支香煙', '19 cigarettes') }],
  source: { name: t3('香港海关', '香港海關', 'Customs and Excise Department, HKSAR'), url: 'https://www.customs.gov.hk/' }, moreSources: [], asOf: '2026-11-25', confidence: 'verified',
};

describe('customs home (packages/customs/index)', () => {
  it('lists the ports in the chosen language with their hours and opens one', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ 'GET /api/customs/ports': ok({ items: [port(), port({ id: 'hengqin', name: t3('横琴口岸', '橫琴口岸', 'Hengqin Port'), hours: { open24h: true, note: t3('24', '24', '24') }, confidence: 'unverified' })] }) });
    render(<CustomsHome />);
    expect(await screen.findByText('羅湖口岸')).toBeTruthy();
    expect(screen.getByText('06:30–24:00')).toBeTruthy();
    expect(screen.getByText('24 小時開放')).toBeTruthy();
    expect(screen.getByText('以官方公告為準')).toBeTruthy();
    fireEvent.click(document.getElementById('port-hengqin')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/customs/port/index?id=hengqin' });
  });

  it('shows each wait in its band, sorts by shortest wait and puts a starred port first, kept on the device', async () => {
    startApp({ lang: 'zh-Hans' });
    const w = (direction: 'northbound' | 'southbound', minutes: number | null) => ({
      direction, mode: 'pedestrian', minutes, ageMinutes: minutes === null ? null : 3, observedAt: null,
      source: minutes === null ? 'none' : 'feed', estimate: minutes === null, samples: minutes === null ? 0 : 1,
    });
    serveApi({
      'GET /api/customs/ports': ok({ items: [port(), port({ id: 'hengqin', order: 20, name: t3('横琴口岸', '橫琴口岸', 'Hengqin Port') })] }),
      'GET /api/customs/waits': ok({ at: new Date().toISOString(), items: [
        { portId: 'lo-wu', name: port().name, openNow: true, items: [w('northbound', 35), w('southbound', null)] },
        { portId: 'hengqin', name: port().name, openNow: true, items: [w('northbound', 5), w('southbound', 16)] },
      ] }),
    });
    render(<CustomsHome />);
    const chip = await screen.findByText(/35 分钟/);
    expect(chip.closest('[data-band]')?.getAttribute('data-band')).toBe('very-busy');
    expect(document.getElementById('port-hengqin-wait-southbound')?.getAttribute('data-band')).toBe('busy');
    expect(document.getElementById('port-lo-wu-wait-southbound')?.textContent).toContain('暂无数据');
    const order = () => [...document.querySelectorAll('#port-list > [id^="port-"]')].map((e) => e.id);
    expect(order()).toEqual(['port-lo-wu', 'port-hengqin']);
    fireEvent.click(document.getElementById('sort-wait')!);
    expect(order()).toEqual(['port-hengqin', 'port-lo-wu']);
    fireEvent.click(document.getElementById('sort-default')!);
    fireEvent.click(document.getElementById('star-hengqin')!);
    await waitFor(() => expect(order()).toEqual(['port-hengqin', 'port-lo-wu']));
    expect(Taro.getStorageSync('bay.customs.stars')).toEqual(['hengqin']);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });
});

describe('port detail (packages/customs/port)', () => {
  it('shows hours, facilities, the source and an estimate label when there is no data', async () => {
    startApp({ lang: 'en', elder: true });
    taroMock.routerParams = { id: 'lo-wu' };
    serveApi({
      'GET /api/customs/ports/lo-wu': ok(port()),
      'GET /api/customs/ports/lo-wu/wait': ok({ portId: 'lo-wu', items: [estimate('northbound', 'pedestrian')] }),
    });
    const { container } = render(<PortDetail />);
    expect(await screen.findByText('Lo Wu / Luohu')).toBeTruthy();
    expect(container.querySelector('.page--elder')).not.toBeNull();
    expect(screen.getByText('MTR East Rail Line, Lo Wu station', { exact: false })).toBeTruthy();
    expect(screen.getByText(/Immigration Department, HKSAR/)).toBeTruthy();
    await waitFor(() => expect(document.getElementById('wait-northbound-pedestrian')).not.toBeNull());
    const wait = document.getElementById('wait-northbound-pedestrian')!.textContent!;
    expect(wait).toContain('Estimate');
    expect(wait).toContain('No data yet');
  });

  it('shows a fresh wait with its age and source, and reports my wait (429 message shown)', async () => {
    startApp({ lang: 'zh-Hans' });
    taroMock.routerParams = { id: 'lo-wu' };
    const fresh: WaitDto = { direction: 'southbound', mode: 'pedestrian', minutes: 25, ageMinutes: 4, observedAt: new Date().toISOString(), source: 'feed', estimate: false, samples: 1 };
    let reports = 0;
    serveApi({
      'GET /api/customs/ports/lo-wu': ok(port()),
      'GET /api/customs/ports/lo-wu/wait': ok({ portId: 'lo-wu', items: [fresh] }),
      'POST /api/customs/ports/lo-wu/wait/reports': () => (++reports === 1
        ? ok({ counted: true, wait: fresh }, 201)
        : fail(429, 'customsReportTooSoon', '你在 10 分钟内已报告过这个口岸的等候时间，请稍后再试')),
    });
    render(<PortDetail />);
    await waitFor(() => expect(document.getElementById('wait-southbound-pedestrian')).not.toBeNull());
    const text = document.getElementById('wait-southbound-pedestrian')!.textContent!;
    expect(text).toContain('约 25 分钟');
    expect(text).toContain('4 分钟前更新');
    expect(text).toContain('官方数据');
    expect(text).not.toContain('估计');

    // Out of range: refused on the page, nothing sent.
    fireEvent.input(document.getElementById('report-minutes')!, { target: { value: '999' } });
    await act(async () => { fireEvent.click(document.getElementById('report-submit')!); });
    expect(document.getElementById('report-field-error')!.textContent).toBe('等候时间应为 0–300 分钟');
    expect(reports).toBe(0);

    fireEvent.click(document.getElementById('report-direction-southbound')!);
    fireEvent.input(document.getElementById('report-minutes')!, { target: { value: '20' } });
    await act(async () => { fireEvent.click(document.getElementById('report-submit')!); });
    await waitFor(() => expect(document.getElementById('report-result')!.textContent).toBe('谢谢！已记录'));
    const sent = taroMock.requests.find((r) => r.method === 'POST');
    expect(sent!.data).toEqual({ direction: 'southbound', mode: 'pedestrian', minutes: 20 });

    fireEvent.input(document.getElementById('report-minutes')!, { target: { value: '30' } });
    await act(async () => { fireEvent.click(document.getElementById('report-submit')!); });
    await waitFor(() => expect(document.getElementById('report-result')!.textContent).toContain('10 分钟内已报告过'));
  });

  it('asks a signed-out visitor to sign in before reporting', async () => {
    startApp({ lang: 'en', user: null });
    taroMock.routerParams = { id: 'lo-wu' };
    serveApi({ 'GET /api/customs/ports/lo-wu': ok(port()), 'GET /api/customs/ports/lo-wu/wait': ok({ portId: 'lo-wu', items: [] }) });
    render(<PortDetail />);
    expect(await screen.findByText('Sign in to report your wait')).toBeTruthy();
    expect(document.getElementById('report-submit')).toBeNull();
  });
});

describe('customs guide (packages/customs/guide)', () => {
  it('looks up "can I bring X?" and shows the verdict per direction with its source', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({
      'GET /api/customs/guide': ok({ items: [tobacco] }),
      'GET /api/customs/lookup': (req) => ok(req.url.includes(encodeURIComponent('香煙')) ? { q: '香煙', items: [tobacco] } : { q: 'spaceship', items: [] }),
    });
    render(<CustomsGuide />);
    await waitFor(() => expect(document.getElementById('guide-tobacco')).not.toBeNull());
    fireEvent.input(document.getElementById('lookup-q')!, { target: { value: '香煙' } });
    await act(async () => { fireEvent.click(document.getElementById('lookup-submit')!); });
    await waitFor(() => expect(document.getElementById('lookup-tobacco-into-hk')).not.toBeNull());
    const verdict = document.getElementById('lookup-tobacco-into-hk')!.textContent!;
    expect(verdict).toContain('入境香港');
    expect(verdict).toContain('限量免稅');
    expect(document.getElementById('lookup-tobacco')!.textContent).toContain('香港海關');
    fireEvent.input(document.getElementById('lookup-q')!, { target: { value: 'spaceship' } });
    await act(async () => { fireEvent.click(document.getElementById('lookup-submit')!); });
    await waitFor(() => expect(document.getElementById('lookup-empty')!.textContent).toContain('找不到「spaceship」'));
  });

  it('searches at once when opened with ?q= (from the home search)', async () => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { q: encodeURIComponent('香煙') };
    serveApi({ 'GET /api/customs/guide': ok({ items: [] }), 'GET /api/customs/lookup': ok({ q: '香煙', items: [tobacco] }) });
    render(<CustomsGuide />);
    await waitFor(() => expect(document.getElementById('lookup-tobacco-into-hk')).not.toBeNull());
    expect(document.getElementById('lookup-tobacco-into-hk')!.textContent).toContain('Duty-free limit');
  });
});
