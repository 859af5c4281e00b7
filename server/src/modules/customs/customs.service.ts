import { Types } from 'mongoose';
import {
  WAIT_DIRECTIONS, WAIT_FRESH_MINUTES, isOpenAt, type PortGlanceDto, type PortsGlanceDto, type PortStarsDto, WAIT_MODES, WAIT_REPORT_INTERVAL_MINUTES,
  type GuideCategory, type GuideItemData, type GuideItemDto, type PortData, type PortDto, type PortWaitDto,
  type WaitDirection, type WaitDto, type WaitMode, type DashboardDto, pageLinks,
} from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import { normalise } from '../../text/normalise.js';
import { toGuideItemDto, toPortDto, type CustomsModels, type PortDoc, type PortStarsDoc, type WaitObservationDoc } from './customs.model.js';

const MINUTE = 60_000;
const HK_OFFSET_MS = 8 * 3600_000;
/** History used for estimates: the same weekday and hour over the last eight weeks. */
const HISTORY_DAYS = 56;
/** Outlier check: needs this many counted observations in the last hour. */
const OUTLIER_MIN_SAMPLES = 5;
const OUTLIER_WINDOW_MINUTES = 60;

export interface CustomsOptions {
  /** At most this many resident reports per port per report interval (flood protection). */
  floodLimitPerPort?: number;
  now?: () => Date;
  locks: Locks;
}

/** Hong Kong weekday (0 = Sunday) × 24 + hour. Hong Kong has no daylight saving. */
export function hkSlot(at: Date): number {
  const hk = new Date(at.getTime() + HK_OFFSET_MS);
  return hk.getUTCDay() * 24 + hk.getUTCHours();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** True when a reported value is far from the recent median: more than max(30 min, the median itself) away. */
export function isOutlier(value: number, recent: number[]): boolean {
  if (recent.length < OUTLIER_MIN_SAMPLES) return false;
  const m = median(recent);
  return Math.abs(value - m) > Math.max(30, m);
}

/** The wait modes a port has figures for (pedestrian when it lists none of them, e.g. a ferry pier). */
export function waitModesOf(port: Pick<PortDoc, 'modes'>): WaitMode[] {
  const modes = WAIT_MODES.filter((m) => (port.modes as readonly string[]).includes(m));
  return modes.length ? modes : ['pedestrian'];
}

const isLatin = (s: string) => /^[a-z0-9 .'’-]+$/.test(s);
const waitKey = (portId: string, direction: string, mode: string) => `${portId}|${direction}|${mode}`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How well a normalised alias matches a normalised query; 0 = no match. Longer matches score higher. */
export function aliasScore(alias: string, query: string): number {
  if (!alias || !query) return 0;
  if (isLatin(alias)) {
    return new RegExp(`(^|[^a-z0-9])${escapeRegExp(alias)}s?($|[^a-z0-9])`).test(query) ? alias.length : 0;
  }
  if (query.includes(alias)) return alias.length;
  if (query.length >= 2 && alias.includes(query)) return query.length - 0.5;
  return 0;
}

export function createCustomsService(models: CustomsModels, opts: CustomsOptions) {
  const now = opts.now ?? (() => new Date());
  const floodLimit = opts.floodLimitPerPort ?? 120;
  const { customsPorts: ports, customsGuide: guide, customsWaits: waits, customsStars: stars } = models;

  async function listPorts(): Promise<PortDto[]> {
    const docs = await ports.find().lean<PortDoc[]>();
    return docs.map(toPortDto).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  }

  async function getPortDoc(id: string): Promise<PortDoc> {
    const doc = await ports.findById(id).lean<PortDoc>();
    if (!doc) throw notFound();
    return doc;
  }

  async function upsertPort(data: PortData, byAdmin: boolean): Promise<PortDto> {
    const { id, ...content } = data;
    const doc = await ports.findOneAndReplace({ _id: id }, { _id: id, ...content, editedByAdmin: byAdmin }, { upsert: true, new: true }).lean<PortDoc>();
    return toPortDto(doc!);
  }

  async function deletePort(id: string): Promise<{ deleted: true }> {
    const res = await ports.deleteOne({ _id: id });
    if (!res.deletedCount) throw notFound();
    return { deleted: true };
  }

  async function listGuide(category?: GuideCategory): Promise<GuideItemDto[]> {
    const docs = await guide.find(category ? { category } : {}).lean();
    return docs.map(toGuideItemDto).sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  }

  async function upsertGuideItem(data: GuideItemData, byAdmin: boolean): Promise<GuideItemDto> {
    const { id, ...content } = data;
    const doc = await guide.findOneAndReplace({ _id: id }, { _id: id, ...content, editedByAdmin: byAdmin }, { upsert: true, new: true }).lean();
    return toGuideItemDto(doc!);
  }

  async function deleteGuideItem(id: string): Promise<{ deleted: true }> {
    const res = await guide.deleteOne({ _id: id });
    if (!res.deletedCount) throw notFound();
    return { deleted: true };
  }

  /** "Can I bring X?": items whose names or aliases (any script, normalised 繁→简) match the query, best first. */
  async function lookup(q: string): Promise<GuideItemDto[]> {
    const query = normalise(q);
    const items = await listGuide();
    const scored = items.map((item) => {
      const words = [...Object.values(item.name), ...Object.values(item.aliases).flat()].map((w) => normalise(w));
      return { item, score: Math.max(0, ...words.map((w) => aliasScore(w, query))) };
    }).filter((s) => s.score > 0);
    scored.sort((a, b) => b.score - a.score || a.item.id.localeCompare(b.item.id));
    return scored.slice(0, 5).map((s) => s.item);
  }

  /**
   * The figure for one direction and mode from observations already fetched: the freshest feed,
   * else the fresh reports' median, else the weekday × hour estimate, else "no data".
   * `fresh`: counted observations of the last WAIT_FRESH_MINUTES, newest first; `history`: of the
   * same slot, older than the fresh window and within HISTORY_DAYS.
   */
  function pickWait(direction: WaitDirection, mode: WaitMode, fresh: WaitObservationDoc[], history: WaitObservationDoc[], at: Date): WaitDto {
    const age = (d: Date) => Math.max(0, Math.floor((at.getTime() - d.getTime()) / MINUTE));
    const feed = fresh.find((o) => o.source === 'feed');
    if (feed) {
      return { direction, mode, minutes: feed.minutes, ageMinutes: age(feed.observedAt), observedAt: feed.observedAt.toISOString(), source: 'feed', estimate: false, samples: 1 };
    }
    const reports = fresh.filter((o) => o.source === 'report');
    if (reports.length) {
      const newest = reports[0]!.observedAt;
      return { direction, mode, minutes: median(reports.map((o) => o.minutes)), ageMinutes: age(newest), observedAt: newest.toISOString(), source: 'reports', estimate: false, samples: reports.length };
    }
    if (history.length) {
      return { direction, mode, minutes: median(history.map((o) => o.minutes)), ageMinutes: null, observedAt: null, source: 'history', estimate: true, samples: history.length };
    }
    return { direction, mode, minutes: null, ageMinutes: null, observedAt: null, source: 'none', estimate: true, samples: 0 };
  }

  const windows = (at: Date) => ({
    freshSince: new Date(at.getTime() - WAIT_FRESH_MINUTES * MINUTE),
    historySince: at.getTime() - HISTORY_DAYS * 24 * 60 * MINUTE,
  });
  const isFresh = (o: WaitObservationDoc, at: Date, freshSince: Date) =>
    o.observedAt.getTime() >= freshSince.getTime() && o.observedAt.getTime() <= at.getTime() + MINUTE;
  const isHistory = (o: WaitObservationDoc, freshSince: Date, historySince: number) =>
    o.observedAt.getTime() >= historySince && o.observedAt.getTime() < freshSince.getTime();

  /** The current wait for one direction and mode (see pickWait). */
  async function currentWait(portId: string, direction: WaitDirection, mode: WaitMode): Promise<WaitDto> {
    const at = now();
    const { freshSince, historySince } = windows(at);
    const recent = await waits.find({ portId, direction, mode, excluded: false, observedAt: { $gte: freshSince } })
      .sort({ observedAt: -1 }).limit(200).lean<WaitObservationDoc[]>();
    // Equality on every field (pushed down by FerretDB's PostgreSQL backend); the age filter is done here.
    const history = (await waits.find({ portId, direction, mode, slot: hkSlot(at), excluded: false }).sort({ observedAt: -1 }).limit(500).lean<WaitObservationDoc[]>())
      .filter((o) => isHistory(o, freshSince, historySince));
    return pickWait(direction, mode, recent.filter((o) => isFresh(o, at, freshSince)), history, at);
  }

  /** Every port (in order) with its observations of the fresh window and of this weekday × hour, grouped by direction and mode: two queries. */
  async function observationsNow(at: Date) {
    const { freshSince, historySince } = windows(at);
    const [docs, recent, slotted] = await Promise.all([
      ports.find().lean<PortDoc[]>(),
      waits.find({ excluded: false, observedAt: { $gte: freshSince } }).sort({ observedAt: -1 }).limit(20_000).lean<WaitObservationDoc[]>(),
      waits.find({ slot: hkSlot(at), excluded: false }).sort({ observedAt: -1 }).limit(20_000).lean<WaitObservationDoc[]>(),
    ]);
    const group = (list: WaitObservationDoc[]) => {
      const m = new Map<string, WaitObservationDoc[]>();
      for (const o of list) {
        const k = waitKey(o.portId, o.direction, o.mode);
        const arr = m.get(k);
        if (arr) arr.push(o); else m.set(k, [o]);
      }
      return m;
    };
    const freshBy = group(recent.filter((o) => isFresh(o, at, freshSince)));
    const historyBy = group(slotted.filter((o) => isHistory(o, freshSince, historySince)));
    const sorted = docs.sort((a, b) => a.order - b.order || a._id.localeCompare(b._id));
    const each = <T>(fn: (port: PortDoc, direction: WaitDirection, mode: WaitMode, fresh: WaitObservationDoc[], history: WaitObservationDoc[]) => T) =>
      (port: PortDoc) => WAIT_DIRECTIONS.flatMap((direction) => waitModesOf(port).map((mode) => {
        const k = waitKey(port._id, direction, mode);
        return fn(port, direction, mode, freshBy.get(k) ?? [], historyBy.get(k) ?? []);
      }));
    return { ports: sorted, each };
  }

  /**
   * Every port's waits and whether it is open now, in two queries (the fresh window and this
   * weekday × hour), for the port list and the home's "my ports".
   */
  async function glance(): Promise<PortsGlanceDto> {
    const at = now();
    const { ports: sorted, each } = await observationsNow(at);
    const items: PortGlanceDto[] = sorted.map((port) => ({
      portId: port._id,
      name: port.name,
      openNow: isOpenAt(port.hours, at),
      items: each((_p, direction, mode, fresh, history) => pickWait(direction, mode, fresh, history, at))(port),
    }));
    return { at: at.toISOString(), items };
  }

  /**
   * The operations dashboard's port figures: for every port, direction and mode, the wait now (the
   * fresh feed, else the fresh reports' median; null without either) beside the usual (the median
   * of this weekday × hour over the last eight weeks; null without history).
   */
  async function nowVsUsual(): Promise<DashboardDto['ports']> {
    const at = now();
    const { ports: sorted, each } = await observationsNow(at);
    return sorted.flatMap(each((port, direction, mode, fresh, history) => {
      const current = pickWait(direction, mode, fresh, [], at);
      const usual = pickWait(direction, mode, [], history, at);
      return {
        portId: port._id,
        name: port.name,
        direction,
        mode,
        nowMinutes: current.minutes,
        nowSource: current.source === 'feed' || current.source === 'reports' ? current.source : null,
        usualMinutes: usual.minutes,
        usualSamples: usual.samples,
      };
    }));
  }

  /** The ports a resident starred, in their order; ids of ports since removed are left out. */
  async function getStars(userId: Types.ObjectId): Promise<PortStarsDto> {
    const doc = await stars.findById(userId).lean<PortStarsDoc>();
    if (!doc?.portIds.length) return { portIds: [] };
    const known = new Set((await ports.find({ _id: { $in: doc.portIds } }, { _id: 1 }).lean<{ _id: string }[]>()).map((p) => p._id));
    return { portIds: doc.portIds.filter((id) => known.has(id)) };
  }

  /** Replaces the resident's stars; 400 naming the unknown ids (nothing stored). */
  async function setStars(userId: Types.ObjectId, portIds: string[]): Promise<PortStarsDto> {
    if (portIds.length) {
      const known = new Set((await ports.find({ _id: { $in: portIds } }, { _id: 1 }).lean<{ _id: string }[]>()).map((p) => p._id));
      const unknown = portIds.filter((id) => !known.has(id));
      if (unknown.length) {
        throw new AppError(400, 'validation', 'e.validation', { portIds: 'v.unknownPort' });
      }
    }
    await stars.updateOne({ _id: userId }, { $set: { portIds } }, { upsert: true });
    return { portIds };
  }

  async function portWait(portId: string, filter: { direction?: WaitDirection; mode?: WaitMode }): Promise<PortWaitDto> {
    const port = await getPortDoc(portId);
    const directions = filter.direction ? [filter.direction] : [...WAIT_DIRECTIONS];
    const modes = waitModesOf(port).filter((m) => !filter.mode || m === filter.mode);
    const items: WaitDto[] = [];
    for (const direction of directions) for (const mode of modes) items.push(await currentWait(portId, direction, mode));
    return { portId, items };
  }

  function checkMode(port: PortDoc, mode: WaitMode): void {
    if (!waitModesOf(port).includes(mode)) throw new AppError(400, 'validation', 'e.validation', { mode: 'v.invalid' });
  }

  /** A resident's report: 429 within the interval or when the port is flooded; outliers stored but not counted. */
  async function report(portId: string, userId: Types.ObjectId, body: { direction: WaitDirection; mode: WaitMode; minutes: number }) {
    const port = await getPortDoc(portId);
    checkMode(port, body.mode);
    // Exclusive on every engine: the too-soon check reads, then the report is written.
    return opts.locks.exclusive(lockKeys.customsReport(String(userId), portId), async () => {
      const at = now();
      const intervalStart = at.getTime() - WAIT_REPORT_INTERVAL_MINUTES * MINUTE;
      const last = await waits.findOne({ portId, userId, source: 'report' }).sort({ observedAt: -1 }).lean<WaitObservationDoc>();
      if (last && last.observedAt.getTime() > intervalStart) {
        const retryAfter = Math.max(1, Math.ceil((last.observedAt.getTime() - intervalStart) / 1000));
        throw new AppError(429, 'customsReportTooSoon', 'e.customsReportTooSoon', undefined, undefined, { 'Retry-After': String(retryAfter) });
      }
      const recentReports = await waits.countDocuments({ portId, source: 'report', observedAt: { $gte: new Date(intervalStart) } });
      if (recentReports >= floodLimit) {
        throw new AppError(429, 'customsFlood', 'e.customsFlood', undefined, undefined, { 'Retry-After': String(WAIT_REPORT_INTERVAL_MINUTES * 60) });
      }
      const window = await waits
        .find({ portId, direction: body.direction, mode: body.mode, excluded: false, observedAt: { $gte: new Date(at.getTime() - OUTLIER_WINDOW_MINUTES * MINUTE) } }).limit(500).lean<WaitObservationDoc[]>();
      const excluded = isOutlier(body.minutes, window.map((o) => o.minutes));
      await waits.create({ portId, direction: body.direction, mode: body.mode, minutes: body.minutes, source: 'report', userId, observedAt: at, slot: hkSlot(at), excluded });
      return { counted: !excluded, wait: await currentWait(portId, body.direction, body.mode) };
    });
  }

  /** An official or operator observation (admin feed). observedAt: not in the future, at most a day old. */
  async function feed(portId: string, body: { direction: WaitDirection; mode: WaitMode; minutes: number; observedAt?: string }) {
    const port = await getPortDoc(portId);
    checkMode(port, body.mode);
    const at = now();
    const observedAt = body.observedAt ? new Date(body.observedAt) : at;
    if (observedAt.getTime() > at.getTime() + MINUTE || observedAt.getTime() < at.getTime() - 24 * 60 * MINUTE) {
      throw new AppError(400, 'validation', 'e.validation', { observedAt: 'v.range' });
    }
    const doc = await waits.create({ portId, direction: body.direction, mode: body.mode, minutes: body.minutes, source: 'feed', observedAt, slot: hkSlot(observedAt), excluded: false });
    return { id: String(doc._id), wait: await currentWait(portId, body.direction, body.mode) };
  }

  /**
   * The home's cross-scenario search (modules/search): ports whose names match, then guide items
   * from the lookup, each linking to its page.
   */
  async function search({ q, limit }: { q: string; lang?: string; limit?: number }) {
    const query = normalise(q);
    const max = limit ?? 5;
    const portHits = (await listPorts()).filter((p) => Object.values(p.name).some((name) =>
      normalise(name).split(/[\s/（）()]+/).map((part) => part.replace(/口岸$/, '')).some((part) => part.length >= 2 && (query.includes(part) || (query.length >= 2 && part.includes(query))))));
    const items = [
      ...portHits.map((p) => ({ id: p.id, name: p.name, description: p.hours.note, link: pageLinks.customsPort(p.id) })),
      ...(await lookup(q)).map((g) => ({ id: g.id, name: g.name, description: g.rules[0]!.text, link: pageLinks.customsGuide(q) })),
    ];
    return items.slice(0, max);
  }

  return {
    search,
    listPorts,
    getPort: async (id: string) => toPortDto(await getPortDoc(id)),
    portExists: async (id: string) => (await ports.countDocuments({ _id: id })) > 0,
    upsertPort, deletePort, listGuide, upsertGuideItem, deleteGuideItem, lookup, portWait, currentWait, report, feed, glance, nowVsUsual, getStars, setStars,
  };
}
export type CustomsService = ReturnType<typeof createCustomsService>;
