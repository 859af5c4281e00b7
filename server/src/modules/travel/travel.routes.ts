import { Router } from '@koa/router';
import { z } from 'zod';
import {
  NORTHBOUND_SCHEMES, NorthboundApplicationBody, NorthboundEligibilityBody, NorthboundQuery, NorthboundRulesSchema, TRAVEL_API,
  TravelKeyParams, TravelOptionSchema, TravelRoutesQuery,
} from '@bay/shared';
import { currentUser, requireRole } from '../../core/auth.js';
import { AppError, requestLang } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { ApplicationService } from '../applications/application.service.js';
import type { TravelService } from './travel.service.js';

const RulesKeyParams = z.strictObject({ key: z.enum(NORTHBOUND_SCHEMES, { error: 'v.northboundScheme' }) });

/**
 * Travel: the public route finder and Northbound Travel rules, the Northbound Travel application
 * (stored and tracked by the applications module), and the admin API for the content (role admin,
 * every write audited).
 */
export function travelRoutes(travel: TravelService, applications: ApplicationService, audit: AuditService): Router {
  const router = new Router();
  const admin = requireRole('admin');

  /** 200 TravelRoutesDto (ranked, in the request's language) · 400 validation. Public. */
  router.get(TRAVEL_API.routes, validate({ query: TravelRoutesQuery }, async (ctx, input) => {
    const { from, to, sort } = input.query;
    ctx.body = await travel.routes(from, to, sort, requestLang(ctx));
  }));

  /** 200 TravelLegDto · 400 · 404. Public. */
  router.get(TRAVEL_API.option(':key'), validate({ params: TravelKeyParams }, async (ctx, input) => {
    ctx.body = await travel.option(input.params.key, requestLang(ctx));
  }));

  /** 200 NorthboundRulesDto (booking rules in effect today) · 400 · 404. Public. */
  router.get(TRAVEL_API.northbound, validate({ query: NorthboundQuery }, async (ctx, input) => {
    ctx.body = await travel.northbound(input.query.scheme, requestLang(ctx));
  }));

  /** 200 NorthboundEligibilityDto · 400 · 404. Public; stores nothing. */
  router.post(TRAVEL_API.northboundEligibility, validate({ body: NorthboundEligibilityBody }, async (ctx, input) => {
    const { scheme, answers } = input.body;
    ctx.body = await travel.eligibility(scheme, answers, requestLang(ctx));
  }));

  /**
   * 201 ApplicationDto (type northbound) · 400 validation · 400 notEligible (fields: the missing
   * requirements) · 401 · 403 (not a resident) · 409 duplicateNorthbound
   */
  router.post(TRAVEL_API.northboundApplications, requireRole('resident'), validate({ body: NorthboundApplicationBody }, async (ctx, parsed) => {
    const { answers, ...input } = parsed.body;
    const check = await travel.eligibility(input.scheme, answers, requestLang(ctx));
    if (!check.eligible) {
      throw new AppError(400, 'notEligible', 'e.notEligible', Object.fromEntries(check.missing.map((m) => [`answers.${m.key}`, 'v.required'])));
    }
    const created = await applications.createNorthbound(String(currentUser(ctx)._id), {
      ...input,
      title: await travel.applicationTitle(input.scheme, input.plate),
    });
    ctx.status = 201;
    ctx.body = applications.toDto(created);
  }));

  /** 200 { items: TravelOption[] } (raw, three languages, with origin) · 401 · 403 */
  router.get(TRAVEL_API.adminOptions, admin, validate({}, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: await travel.listOptions() };
  }));

  /** 200 updated / 201 created TravelOption · 400 validation (or key ≠ path) · 401 · 403. Audited: travel.option.upsert. */
  router.put(TRAVEL_API.adminOption(':key'), admin, validate({ params: TravelKeyParams, body: TravelOptionSchema }, async (ctx, input) => {
    const { key } = input.params;
    const option = input.body;
    if (option.key !== key) throw travel.keyMismatch();
    const result = await audit.run(
      auditContextOf(ctx),
      { action: 'travel.option.upsert', target: { type: 'travel_option', id: key }, details: { from: option.from, to: option.to, mode: option.mode, asOf: option.asOf } },
      () => travel.upsertOption(option),
      (r) => ({ created: r.created }),
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = result.option;
  }));

  /** 204 · 400 · 401 · 403 · 404. Audited: travel.option.delete. */
  router.delete(TRAVEL_API.adminOption(':key'), admin, validate({ params: TravelKeyParams }, async (ctx, input) => {
    const { key } = input.params;
    await audit.run(auditContextOf(ctx), { action: 'travel.option.delete', target: { type: 'travel_option', id: key } }, () => travel.removeOption(key));
    ctx.status = 204;
  }));

  /** 200 { items: NorthboundRules[] } · 401 · 403 */
  router.get(TRAVEL_API.adminRules, admin, validate({}, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: await travel.listRules() };
  }));

  /** 200 / 201 NorthboundRules · 400 validation (or key ≠ path) · 401 · 403. Audited: travel.rules.upsert. */
  router.put(TRAVEL_API.adminRule(':key'), admin, validate({ params: RulesKeyParams, body: NorthboundRulesSchema }, async (ctx, input) => {
    const { key } = input.params;
    const rules = input.body;
    if (rules.key !== key) throw travel.keyMismatch();
    const result = await audit.run(
      auditContextOf(ctx),
      { action: 'travel.rules.upsert', target: { type: 'travel_rules', id: key }, details: { asOf: rules.asOf, bookingRules: rules.bookingRules.length } },
      () => travel.upsertRules(rules),
      (r) => ({ created: r.created }),
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = result.rules;
  }));

  return router;
}
