import { PAYMENT_API, type AdviceDto, type ConvertDto, type Currency, type PaymentMethodDto, type PaymentSide, type PaymentSituation } from '@bay/shared';
import { request } from '../../services/request';

/* Typed calls for the payment scenario (public; no sign-in). */
export const paymentApi = {
  convert: (from: Currency, to: Currency, amount: string) => request<ConvertDto>(PAYMENT_API.convert, { query: { from, to, amount } }),
  methods: () => request<{ items: PaymentMethodDto[] }>(PAYMENT_API.methods).then((r) => r.items),
  advice: (side: PaymentSide, situation: PaymentSituation, have: string[]) =>
    request<AdviceDto>(PAYMENT_API.advice, { query: { side, situation, have: have.length ? have.join(',') : undefined } }),
};

export const paymentRoutes = {
  converter: '/packages/payment/index/index',
  advisor: (q: { side?: PaymentSide; situation?: PaymentSituation } = {}) =>
    `/packages/payment/advisor/index${q.side ? `?side=${q.side}${q.situation ? `&situation=${q.situation}` : ''}` : ''}`,
};

/** "rate from 3 hours ago": the i18n key and count for an age in seconds. */
export function ageKey(ageSeconds: number): { key: string; count: number } {
  if (ageSeconds < 60) return { key: 'payment.age.justNow', count: 0 };
  if (ageSeconds < 3600) return { key: 'payment.age.minutes', count: Math.floor(ageSeconds / 60) };
  if (ageSeconds < 2 * 86_400) return { key: 'payment.age.hours', count: Math.floor(ageSeconds / 3600) };
  return { key: 'payment.age.days', count: Math.floor(ageSeconds / 86_400) };
}
