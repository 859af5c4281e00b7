import { textIn, applicationPagePath, jobPagePath, translator, type BroadcastOutboxMessageDto, type JobAlertOutboxMessageDto, type HandoffReplyOutboxMessageDto, type OutboxMessageDto, type StatusOutboxMessageDto } from '@bay/shared';

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

export interface RenderedMessage {
  text: string;
  card?: MiniProgramCard;
}

/** @deprecated the name from before other kinds existed */
export type RenderedStatusUpdate = RenderedMessage;

export function applicationLink(h5Url: string, applicationId: string): string {
  return `${h5Url.replace(/\/+$/, '')}/#/${applicationPagePath(applicationId)}`;
}

/** Renders any outbox message in its own language, by kind. */
export function renderOutboxMessage(message: OutboxMessageDto, options: RenderOptions): RenderedMessage {
  switch (message.kind) {
    case 'application.status':
      return renderStatusUpdate(message, options);
    case 'handoff.reply':
      return renderHandoffReply(message);
    case 'broadcast':
      return renderBroadcast(message, options);
    case 'job.alert':
      return renderJobAlert(message, options);
  }
}

/** An admin's notice (already in the recipient's language): title, body, and the mini-program link as an H5 link. */
export function renderBroadcast(message: BroadcastOutboxMessageDto, options: RenderOptions): RenderedMessage {
  const t = translator(message.lang);
  const { title, body, link } = message.payload;
  const text = t('bot.broadcast', { title: title.trim(), body: body.trim() });
  if (!link) return { text };
  return { text: `${text}\n${t('bot.openLink', { link: `${options.h5Url.replace(/\/+$/, '')}/#/${link.replace(/^\/+/, '')}` })}` };
}

/** A staff member's reply to the resident's handoff ticket, as written, after a localised intro. */
export function renderHandoffReply(message: HandoffReplyOutboxMessageDto): RenderedMessage {
  return { text: translator(message.lang)('bot.handoffReply', { text: message.payload.text.trim() }) };
}

/** Renders a status change in its own language: always a text with a link, plus a card when configured. */
export function renderStatusUpdate(message: StatusOutboxMessageDto, options: RenderOptions): RenderedMessage {
  const t = translator(message.lang);
  const { payload } = message;
  const job = textIn(payload.title, message.lang);
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

/** A new job matching the resident's saved search: title, city, keywords, and the job page as an H5 link (plus a card when configured). */
export function renderJobAlert(message: JobAlertOutboxMessageDto, options: RenderOptions): RenderedMessage {
  const t = translator(message.lang);
  const { payload } = message;
  const job = textIn(payload.jobTitle, message.lang);
  const keywords = payload.q ? (message.lang === 'en' ? ` "${payload.q}"` : `「${payload.q}」`) : '';
  const page = jobPagePath(payload.jobId);
  const text = `${t('bot.jobAlert', { job, city: t(`city.${payload.city}`), keywords })}\n${t('bot.openLink', { link: `${options.h5Url.replace(/\/+$/, '')}/#/${page}` })}`;
  if (!options.miniAppId || !options.miniAppUsername) return { text };
  return {
    text,
    card: { appid: options.miniAppId, username: options.miniAppUsername, title: job, pagePath: page, ...(options.thumbUrl ? { thumbUrl: options.thumbUrl } : {}) },
  };
}
