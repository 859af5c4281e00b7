import { Router } from '@koa/router';
import { AdviceQuery, ConvertQuery, MethodIdParams, PAYMENT_API, PaymentMethodBody, RatePairParams, RateUpdateBody } from '@bay/shared';
import { requireRole } from '../../core/auth.js';
import { AppError, requestLang } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { PaymentService } from './payment.service.js';

/**
 * Payment scenario: public rates, converter, method list and advisor (no sign-in), and the admin
 * API for rates and methods (role admin, every change audited).
 */
export function paymentRoutes(service: PaymentService, audit: AuditService): Router {
  const router = new Router();
  const admin = requireRole('admin');

  /** 200 { items: RateDto[] } */
  router.get(PAYMENT_API.rates, validate({}, async (ctx, input) => {
    ctx.body = { items: await service.listRates() };
  }));

  /** 200 ConvertDto · 400 (unknown currency, amount not positive, too many decimals, too large) · 503 (no rate stored) */
  router.get(PAYMENT_API.convert, validate({ query: ConvertQuery }, async (ctx, input) => {
    const { from, to, amount } = input.query;
    ctx.body = await service.convert(from, to, amount);
  }));

  /** 200 { items: PaymentMethodDto[] } (all three languages; the mini-program picks one) */
  router.get(PAYMENT_API.methods, validate({}, async (ctx, input) => {
    ctx.body = { items: await service.listMethods() };
  }));

  /** 200 AdviceDto in the request's language · 400 (unknown side, situation or method id) */
  router.get(PAYMENT_API.advice, validate({ query: AdviceQuery }, async (ctx, input) => {
    const { side, situation, have } = input.query;
    ctx.body = await service.advise(requestLang(ctx), side, situation, have ?? []);
  }));

  /** 200 RateDto · 400 · 401 · 403. Audited: payment.rate.update (old and new rate). */
  router.put(PAYMENT_API.adminRate(':base', ':quote'), admin, validate({ params: RatePairParams, body: RateUpdateBody }, async (ctx, input) => {
    const { base, quote } = input.params;
    const body = input.body;
    const before = (await service.listRates()).find((r) => (r.base === base && r.quote === quote) || (r.base === quote && r.quote === base));
    ctx.body = await audit.run(
      auditContextOf(ctx),
      {
        action: 'payment.rate.update', target: { type: 'payment_rate', id: `${base}-${quote}` },
        details: { rate: body.rate, asOf: body.asOf ?? null, kind: body.kind, source: body.source, previous: before ? { base: before.base, quote: before.quote, rate: before.rate, asOf: before.asOf } : null },
      },
      () => service.updateRate(base, quote, body),
    );
  }));

  /** 200 PaymentMethodDto (201 when new) · 400 (invalid, or body id ≠ path id) · 401 · 403. Audited: payment.method.upsert. */
  router.put(PAYMENT_API.adminMethod(':id'), admin, validate({ params: MethodIdParams, body: PaymentMethodBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    if (body.id !== id) throw new AppError(400, 'validation', 'e.validation', { id: 'v.paymentMethod' });
    const { method, created } = await audit.run(
      auditContextOf(ctx),
      { action: 'payment.method.upsert', target: { type: 'payment_method', id }, details: { asOf: body.asOf, confidence: body.confidence, uses: body.uses.length } },
      () => service.upsertMethod(body),
      (r) => ({ created: r.created }),
    );
    ctx.status = created ? 201 : 200;
    ctx.body = method;
  }));

  /** 204 · 400 · 401 · 403 · 404. Audited: payment.method.delete. */
  router.delete(PAYMENT_API.adminMethod(':id'), admin, validate({ params: MethodIdParams }, async (ctx, input) => {
    const { id } = input.params;
    await audit.run(auditContextOf(ctx), { action: 'payment.method.delete', target: { type: 'payment_method', id } }, () => service.deleteMethod(id));
    ctx.status = 204;
  }));

  return router;
}
