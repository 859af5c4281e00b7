import { act, fireEvent, render, waitFor } from '@testing-library/react';
import type { AdviceDto, ConvertDto, PaymentMethodDto, RateDto } from '@bay/shared';
import PaymentConverter from '../../src/packages/payment/index';
import PaymentAdvisor from '../../src/packages/payment/advisor';
import { ageKey } from '../../src/packages/payment/api';
import { fail, ok, serveApi, startApp, taroMock } from '../helpers';

const leg = (over: Partial<RateDto> = {}): RateDto => ({
  base: 'HKD', quote: 'CNY', rate: 0.915, asOf: '2026-11-29T07:00:00.000Z', kind: 'market',
  source: { name: 'Bank board rate', url: 'https://example.org/' }, updatedAt: '2026-11-29T07:00:00.000Z', ...over,
});
const converted = (over: Partial<ConvertDto> = {}): ConvertDto => ({
  from: 'HKD', to: 'CNY', amount: 100, result: 91.5, rate: 0.915, method: 'direct', legs: [leg()],
  asOf: '2026-11-29T07:00:00.000Z', ageSeconds: 3 * 3600 + 120, stale: false, reference: false, ...over,
});
const method = (id: string, en: string): PaymentMethodDto => ({
  id, name: { 'zh-Hans': `${en}（简）`, 'zh-Hant': `${en}（繁）`, en }, home: 'mainland', kind: 'wallet',
  summary: { 'zh-Hans': 's', 'zh-Hant': 's', en: 's' }, requires: { 'zh-Hans': 'r', 'zh-Hant': 'r', en: 'r' },
  costs: { 'zh-Hans': 'c', 'zh-Hant': 'c', en: 'c' }, uses: [], caveats: [], source: { name: 'x', url: 'https://x.org/' },
  moreSources: [], asOf: '2024-04', confidence: 'unverified', updatedAt: '2026-11-29T00:00:00.000Z', editedByAdmin: false,
});
const advice: AdviceDto = {
  side: 'mainland', situation: 'transport',
  suggestions: [
    { id: 'alipay', name: 'Alipay (mainland)', fit: 'best', have: false, reasons: ['Turn on the city ride code'], caveats: ['3% over CNY 200'], costs: 'No fee up to CNY 200', source: { name: 'MOFCOM', url: 'https://example.org/' }, asOf: '2024-04', confidence: 'unverified' },
    { id: 'unionpay', name: 'UnionPay card', fit: 'good', have: true, reasons: ['Some metros take it', 'You already have it'], caveats: [], costs: 'Check your bank', source: { name: 'UnionPay', url: 'https://example.org/' }, asOf: '2024-08', confidence: 'unverified' },
  ],
  notHere: [{ id: 'mpay', name: 'MPay', reason: 'Works in Mainland, but not for Transport' }],
};
const text = (id: string) => document.getElementById(id)?.textContent ?? '';

describe('payment converter (packages/payment/index)', () => {
  it('converts 100 HKD to CNY and says how old the rate is', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'GET /api/payment/convert': ok(converted()) });
    render(<PaymentConverter />);
    fireEvent.click(document.getElementById('pay-convert')!);
    await waitFor(() => expect(document.getElementById('pay-result')).not.toBeNull());
    expect(taroMock.requests.at(-1)!.url).toBe('/api/payment/convert?from=HKD&to=CNY&amount=100');
    expect(text('pay-result-text')).toBe('100 HKD ≈ 91.5 CNY');
    expect(text('pay-rate')).toContain('1 HKD = 0.915 CNY');
    expect(text('pay-age')).toBe('Rate from 3 hours ago');
    expect(document.getElementById('pay-stale')).toBeNull();
    expect(document.getElementById('pay-reference')).toBeNull();
  });

  it('warns when the rate is more than a day old or only a reference rate, in 繁體', async () => {
    startApp({ lang: 'zh-Hant', user: null });
    serveApi({ 'GET /api/payment/convert': ok(converted({ ageSeconds: 5 * 86_400, stale: true, reference: true, method: 'via', via: 'HKD' })) });
    render(<PaymentConverter />);
    fireEvent.click(document.getElementById('pay-convert')!);
    await waitFor(() => expect(document.getElementById('pay-stale')).not.toBeNull());
    expect(text('pay-age')).toBe('匯率來自 5 天前');
    expect(text('pay-stale')).toContain('超過一天');
    expect(text('pay-reference')).toContain('參考匯率');
    expect(text('pay-rate')).toContain('經 HKD 換算');
  });

  it('swaps currencies and shows the server’s field message under the amount', async () => {
    startApp({ lang: 'zh-Hans', user: null });
    serveApi({ 'GET /api/payment/convert': fail(400, 'validation', '提交的内容有误', { amount: '金额最多保留两位小数' }) });
    render(<PaymentConverter />);
    fireEvent.click(document.getElementById('pay-swap')!);
    fireEvent.change(document.getElementById('pay-amount')!, { target: { value: '1.234' } });
    fireEvent.input(document.getElementById('pay-amount')!, { target: { value: '1.234' } });
    fireEvent.click(document.getElementById('pay-convert')!);
    await waitFor(() => expect(document.getElementById('pay-amount-error')).not.toBeNull());
    expect(text('pay-amount-error')).toBe('金额最多保留两位小数');
    expect(taroMock.requests.at(-1)!.url).toContain('from=CNY&to=HKD');
    expect(document.getElementById('pay-result')).toBeNull();
  });

  it('renders in elder mode', () => {
    startApp({ lang: 'zh-Hans', user: null, elder: true });
    render(<PaymentConverter />);
    expect(document.querySelector('.page--elder')).not.toBeNull();
  });

  it('words rate ages from seconds to days', () => {
    expect(ageKey(30)).toEqual({ key: 'payment.age.justNow', count: 0 });
    expect(ageKey(600)).toEqual({ key: 'payment.age.minutes', count: 10 });
    expect(ageKey(3 * 3600 + 5)).toEqual({ key: 'payment.age.hours', count: 3 });
    expect(ageKey(3 * 86_400)).toEqual({ key: 'payment.age.days', count: 3 });
  });
});

describe('payment advisor (packages/payment/advisor)', () => {
  it('asks for mainland transport with what the resident has, and shows ranked suggestions', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({
      'GET /api/payment/methods': ok({ items: [method('alipay', 'Alipay (mainland)'), method('unionpay', 'UnionPay card')] }),
      'GET /api/payment/advice': ok(advice),
    });
    render(<PaymentAdvisor />);
    await waitFor(() => expect(document.getElementById('pay-have-unionpay')).not.toBeNull());
    fireEvent.click(document.getElementById('pay-side-mainland')!);
    fireEvent.click(document.getElementById('pay-situation-transport')!);
    fireEvent.click(document.getElementById('pay-have-unionpay')!);
    fireEvent.click(document.getElementById('pay-ask')!);
    await waitFor(() => expect(document.getElementById('pay-suggestion-alipay')).not.toBeNull());
    expect(taroMock.requests.at(-1)!.url).toBe('/api/payment/advice?side=mainland&situation=transport&have=unionpay');
    const cards = document.querySelectorAll('#pay-suggestions > .card');
    expect(cards[0]!.id).toBe('pay-suggestion-alipay');
    expect(text('pay-suggestion-alipay')).toContain('Best');
    expect(text('pay-suggestion-alipay')).toContain('3% over CNY 200');
    expect(text('pay-suggestion-alipay')).toContain('Not verified');
    expect(text('pay-suggestion-unionpay')).toContain('You have it');
    expect(text('pay-not-here')).toContain('MPay');
  });

  it('asks straight away when opened with side and situation, in 简体', async () => {
    startApp({ lang: 'zh-Hans', user: null });
    taroMock.routerParams = { side: 'hk', situation: 'shop' };
    serveApi({ 'GET /api/payment/methods': ok({ items: [] }), 'GET /api/payment/advice': ok({ ...advice, side: 'hk', situation: 'shop', suggestions: [], notHere: [] }) });
    render(<PaymentAdvisor />);
    await waitFor(() => expect(document.getElementById('pay-advice-empty')).not.toBeNull());
    expect(text('pay-advice-empty')).toBe('暂时没有适合这个场景的建议');
    expect(taroMock.requests.some((r) => r.url === '/api/payment/advice?side=hk&situation=shop')).toBe(true);
    expect(document.getElementById('pay-side-hk')!.className).toContain('chip--active');
  });

  it('shows an error and keeps the choices when the server fails', async () => {
    startApp({ lang: 'en', user: null, elder: true });
    serveApi({ 'GET /api/payment/methods': ok({ items: [] }), 'GET /api/payment/advice': fail(503, 'unavailable', 'Service unavailable') });
    render(<PaymentAdvisor />);
    await act(async () => { fireEvent.click(document.getElementById('pay-ask')!); });
    await waitFor(() => expect(document.getElementById('pay-advice-error')).not.toBeNull());
    expect(text('pay-advice-error')).toBe('Service unavailable');
    expect(document.querySelector('.page--elder')).not.toBeNull();
  });
});
