import { applicationPagePath, translator, type OutboxMessageDto } from '@bay/shared';

export interface MiniProgramCard {
  appid: string;
  username: string;
  title: string;
  pagePath: string;
  thumbUrl?: string;
}

export interface RenderOptions {
  /** Base URL of the H5 build; the link opens the application page through its hash router. */
  h5Url: string;
  miniAppId?: string;
  miniAppUsername?: string;
  thumbUrl?: string;
}

export interface RenderedStatusUpdate {
  text: string;
  card?: MiniProgramCard;
}

export function applicationLink(h5Url: string, applicationId: string): string {
  return `${h5Url.replace(/\/+$/, '')}/#/${applicationPagePath(applicationId)}`;
}

/** Renders an outbox message in its own language: always a text with a link, plus a card when configured. */
export function renderStatusUpdate(message: OutboxMessageDto, options: RenderOptions): RenderedStatusUpdate {
  const t = translator(message.lang);
  const { payload } = message;
  const job = payload.jobTitle[message.lang] || payload.jobTitle['zh-Hans'] || payload.jobTitle.en;
  const status = t(`status.${payload.status}`);
  const note = payload.note?.trim() ? t('bot.statusNote', { note: payload.note.trim() }) : '';
  const text = `${t('bot.statusUpdate', { job, status, note })}\n${t('bot.openLink', { link: applicationLink(options.h5Url, payload.applicationId) })}`;
  if (!options.miniAppId || !options.miniAppUsername) return { text };
  return {
    text,
    card: {
      appid: options.miniAppId,
      username: options.miniAppUsername,
      title: `${job} · ${status}`,
      pagePath: applicationPagePath(payload.applicationId),
      ...(options.thumbUrl ? { thumbUrl: options.thumbUrl } : {}),
    },
  };
}
