import { pageLinks, textIn, translator, type Lang, type LocalisedText, type NotificationTopic, type OutboxContent, type OutboxMessageKind } from '@bay/shared';

/** The topic of a message kind (opt-outs and quiet hours are per topic). */
export function topicOfKind(kind: OutboxMessageKind): NotificationTopic {
  if (kind === 'application.status') return 'application';
  if (kind === 'handoff.reply') return 'handoff';
  if (kind === 'job.alert') return 'jobAlert';
  return 'broadcast';
}

/** A text in all three languages, each rendered with that language's catalog (inbox items of every sender). */
export const localise = (render: (t: ReturnType<typeof translator>, lang: Lang) => string): LocalisedText =>
  ({ 'zh-Hans': render(translator('zh-Hans'), 'zh-Hans'), 'zh-Hant': render(translator('zh-Hant'), 'zh-Hant'), en: render(translator('en'), 'en') });

/** A mini-program page showing one application. */
export const applicationLink = pageLinks.application;

/**
 * The inbox item of a personal message, in all three languages (the inbox shows the resident's
 * language at read time). Job alerts bring their own (enqueue's `inbox`); broadcasts have none
 * (their inbox entry is the broadcast, derived at read time).
 */
export function inboxContentOf(entry: OutboxContent): { title: LocalisedText; body: LocalisedText; link?: string } | null {
  if (entry.kind === 'application.status') {
    const p = entry.payload;
    return {
      title: localise((t) => t('inbox.statusTitle')),
      body: localise((t, lang) => t('inbox.statusBody', {
        job: textIn(p.title, lang),
        status: t(`status.${p.status}`),
        note: p.note ? t('bot.statusNote', { note: p.note }) : '',
      })),
      link: applicationLink(p.applicationId),
    };
  }
  if (entry.kind === 'handoff.reply') {
    const p = entry.payload;
    return { title: localise((t) => t('inbox.handoffTitle')), body: localise(() => p.text) };
  }
  return null;
}
