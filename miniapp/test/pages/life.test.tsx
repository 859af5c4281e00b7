import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { LifeEntryDto, LifeScenarioDto } from '@bay/shared';
import HealthIndex from '../../src/packages/health/index';
import StayIndex from '../../src/packages/stay/index';
import { fail, ok, serveApi, startApp, taroMock } from '../helpers';

const t3 = (hans: string, hant: string, en: string) => ({ 'zh-Hans': hans, 'zh-Hant': hant, en });
function entry(overrides: Partial<LifeEntryDto> = {}): LifeEntryDto {
  return {
    id: 'health-hk-999', scenario: 'health', section: 'emergency', order: 10, places: ['hk'],
    title: t3('香港紧急求助', '香港緊急求助', 'Emergencies in Hong Kong'), summary: t3('拨 999', '撥 999', 'Dial 999'),
    details: [t3('说出地址', '說出地址', 'Say the address first')], facts: [{ label: t3('电话', '電話', 'Phone'), value: t3('999', '999', '999') }],
    aliases: { 'zh-Hans': [], 'zh-Hant': [], en: [] },
    source: { name: t3('香港警务处', '香港警務處', 'Hong Kong Police Force'), url: 'https://www.police.gov.hk/' }, moreSources: [],
    asOf: '2026-12-07', confidence: 'verified', ...overrides,
  };
}
const voucher = entry({ id: 'health-voucher-hku-sz', section: 'voucher', title: t3('港大深圳医院', '港大深圳醫院', 'HKU-Shenzhen Hospital'), summary: t3('可用医疗券', '可用醫療券', 'Vouchers accepted'), places: ['mainland'], city: t3('深圳', '深圳', 'Shenzhen'), confidence: 'unverified', details: [], facts: [] });
const page = (items: LifeEntryDto[]): LifeScenarioDto => ({ scenario: 'health', sections: [{ section: 'voucher' as const, items: items.filter((i) => i.section === 'voucher') }, { section: 'emergency' as const, items: items.filter((i) => i.section === 'emergency') }].filter((s) => s.items.length) });

describe('life scenario pages (components/life-page)', () => {
  it('shows the sections in the chosen language, with source, date and the unverified warning; details open on demand', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ 'GET /api/life/health': ok(page([voucher, entry()])) });
    render(<HealthIndex />);
    expect(await screen.findByText('港大深圳醫院')).toBeTruthy();
    expect(document.querySelector('#life-health-voucher-hku-sz .tag--plain')!.textContent).toBe('深圳');
    expect(screen.getByText('長者醫療券（大灣區）')).toBeTruthy();
    expect(screen.getByText('緊急求助')).toBeTruthy();
    expect(screen.getByText('資料未完全核實，請以官方最新公佈為準')).toBeTruthy();
    expect(document.getElementById('life-health-hk-999')!.textContent).toContain('香港警務處 · https://www.police.gov.hk/ · 核實於 2026-12-07');
    expect(screen.queryByText('說出地址')).toBeNull();
    fireEvent.click(document.getElementById('life-health-hk-999-toggle')!);
    expect(screen.getByText('說出地址')).toBeTruthy();
    expect(screen.getByText('999', { selector: '.life__fact-value' })).toBeTruthy();
    // No details: no toggle.
    expect(document.getElementById('life-health-voucher-hku-sz-toggle')).toBeNull();
  });

  it('filters by place through the API and says so when a place has nothing', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/life/health': (req) => ok(page(String(req.url).includes('place=macao') ? [] : [voucher, entry()])) });
    render(<HealthIndex />);
    expect(await screen.findByText('HKU-Shenzhen Hospital')).toBeTruthy();
    fireEvent.click(document.getElementById('life-place-macao')!);
    expect(await screen.findByText('Nothing here for this place yet')).toBeTruthy();
    const last = taroMock.requests.at(-1)!;
    expect(last.url).toContain('place=macao');
  });

  it('opens the entry a search result or an answer linked to, first and expanded', async () => {
    startApp({ lang: 'zh-Hans' });
    taroMock.routerParams = { id: 'health-hk-999' };
    serveApi({ 'GET /api/life/health': ok(page([voucher, entry()])) });
    render(<HealthIndex />);
    await screen.findByText('说出地址');
    const cards = [...document.querySelectorAll('.life__entry')].map((el) => el.id);
    expect(cards).toEqual(['life-health-hk-999', 'life-health-voucher-hku-sz']);
    // The emergency section held only the focused entry: no empty heading for it.
    expect(document.getElementById('life-section-emergency')).toBeNull();
    expect(document.getElementById('life-section-voucher')).toBeTruthy();
  });

  it('shows the server error when loading fails, in elder mode too', async () => {
    startApp({ lang: 'en', elder: true });
    serveApi({ 'GET /api/life/stay': fail(400, 'validation', 'Invalid value', { place: 'Invalid value' }) });
    render(<StayIndex />);
    await waitFor(() => expect(document.getElementById('life-error')).toBeTruthy());
    expect(document.querySelector('.page--elder')).toBeTruthy();
  });
});
