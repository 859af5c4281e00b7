import { randomUUID } from 'node:crypto';
import { jobPagePath, textIn, translator, type ApplicationStatus, type Lang, type OutboxContent } from '@bay/shared';
import type { Logger } from '../../core/logger.js';
import { fitThing, type SubscribeMessage, type WechatApi } from '../../core/wechat.js';
import type { UserModel } from '../users/user.model.js';
import type { NotificationDoc } from './notification.model.js';
import { applicationLink } from './notification.content.js';
import type { OutboxService, RecipientUser } from './outbox.service.js';
import { hasRealOpenid, type NotificationRouter } from './router.js';

const WECHAT_LANG: Record<Lang, SubscribeMessage['lang']> = { 'zh-Hans': 'zh_CN', 'zh-Hant': 'zh_HK', en: 'en_US' };

/** "2026-11-25 18:41" in Hong Kong time (UTC+8, no daylight saving). */
export function hongKongTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * WeChat's `phrase` keyword takes at most 5 characters (Chinese only in practice): the status
 * label in the resident's Chinese script (English residents get Simplified), cut to fit.
 */
export function statusPhrase(status: ApplicationStatus, lang: Lang): string {
  return fitThing(translator(lang === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans')(`status.${status}`), 5);
}

/** Template data: thing1 = the application's title (a broadcast's title, a job alert's job), phrase2 = status label, time3 = time. */
export function templateData(doc: OutboxContent & { createdAt: Date }, lang: Lang): { data: Record<string, string>; page?: string } {
  const at = hongKongTime(new Date(doc.createdAt));
  switch (doc.kind) {
    case 'application.status': {
      const p = doc.payload;
      return {
        data: { thing1: fitThing(textIn(p.title, lang)), phrase2: statusPhrase(p.status, lang), time3: hongKongTime(new Date(p.at)) },
        page: applicationLink(p.applicationId),
      };
    }
    case 'broadcast':
      return { data: { thing1: fitThing(doc.payload.title), time3: at }, ...(doc.payload.link ? { page: doc.payload.link } : {}) };
    // Job alerts use the broadcast template: the job's title, and its page.
    case 'job.alert':
      return { data: { thing1: fitThing(textIn(doc.payload.jobTitle, lang)), time3: at }, page: jobPagePath(doc.payload.jobId) };
    case 'handoff.reply':
      return { data: { thing1: fitThing(doc.payload.text), time3: at } };
  }
}

interface Deps {
  outbox: OutboxService;
  router: NotificationRouter;
  users: UserModel;
  client: Pick<WechatApi, 'sendSubscribeMessage'>;
  logger: Logger;
}

/**
 * Sends 'subscribe' channel messages through WeChat's subscribe-message API. Each message takes
 * one grant (under the grant's lock) before sending: none left, no template or no real openid →
 * the inbox only; 43101 refused → the inbox only (noted in lastError); 47003 bad data → dead;
 * anything else → the grant is given back and the message backs off like a bot failure.
 */
export function createSubscribeWorker(deps: Deps) {
  const { outbox, router, users, client, logger } = deps;
  const workerId = `subscribe-${randomUUID().slice(0, 8)}`;

  async function deliver(doc: NotificationDoc): Promise<void> {
    const user = await users.findById(doc.userId, { lang: 1, openid: 1, bot: 1, notify: 1 }).lean<RecipientUser>();
    const templateId = router.templateFor(doc.topic);
    if (!user || !templateId || !hasRealOpenid(user)) {
      await outbox.settleSent(doc._id, workerId, { inboxOnly: !user ? 'user gone' : !templateId ? 'no subscribe template' : 'no WeChat openid' });
      return;
    }
    if (!(await router.consumeGrant(user._id, templateId))) {
      await outbox.settleSent(doc._id, workerId, { inboxOnly: 'no subscribe grant left' });
      return;
    }
    const lang = user.lang ?? doc.lang;
    const { data, page } = templateData(doc, lang);
    const outcome = await client.sendSubscribeMessage({ openid: user.openid, templateId, data, lang: WECHAT_LANG[lang], ...(page ? { page } : {}) });
    switch (outcome.kind) {
      case 'sent':
        await outbox.settleSent(doc._id, workerId);
        return;
      case 'refused':
        await outbox.settleSent(doc._id, workerId, { inboxOnly: `subscribe refused (errcode ${outcome.errcode})` });
        return;
      case 'bad_data':
        await outbox.settleDead(doc._id, workerId, `subscribe bad data (errcode ${outcome.errcode})`);
        return;
      case 'retryable':
        await router.refundGrant(user._id, templateId);
        await outbox.fail(String(doc._id), workerId, `subscribe: ${outcome.reason}`);
    }
  }

  /** One pass: claims up to `limit` due subscribe messages and sends them one by one. Returns how many were claimed. */
  async function runOnce(limit = 20, leaseMs = 60_000): Promise<number> {
    const claimed = await outbox.claimChannel('subscribe', workerId, limit, leaseMs);
    for (const doc of claimed) {
      await deliver(doc).catch((err: unknown) => logger.warn({ notificationId: String(doc._id), err: err instanceof Error ? err.message : String(err) }, 'subscribe delivery failed'));
    }
    return claimed.length;
  }

  return { workerId, runOnce };
}
export type SubscribeWorker = ReturnType<typeof createSubscribeWorker>;
