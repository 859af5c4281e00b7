import { translator, type Lang, type Role } from '@bay/shared';
import { types, type Message, type Wechaty, type WechatyPlugin } from 'wechaty';
import type { BayApi } from '../api/client.js';
import { parseAdminCommand } from '../intents/admin-command.js';
import type { Logger } from '../logger.js';
import { listen } from './listen.js';

export interface AdminCommandsOptions {
  api: BayApi;
  logger: Logger;
  /** The topic of the designated admin group (BOT_ADMIN_ROOM_TOPIC); unset: the plugin does nothing. */
  roomTopic?: string;
  /** The language of the replies (admins share one group). */
  lang?: Lang;
}

/**
 * AdminCommands: in the group whose topic is BOT_ADMIN_ROOM_TOPIC, admins preview and send
 * broadcasts and read delivery statistics. Only contacts bound to an admin account may (the
 * server checks again on every call); anyone else gets one refusal, then silence. Commands
 * anywhere else are ignored.
 */
export function AdminCommands(options: AdminCommandsOptions): WechatyPlugin {
  const log = options.logger.child({ plugin: 'AdminCommands' });
  const t = translator(options.lang ?? 'zh-Hans');
  const refused = new Set<string>();

  async function onMessage(msg: Message): Promise<void> {
    if (msg.type() !== types.Message.Text) return;
    const room = msg.room();
    if (!room) return;
    const command = parseAdminCommand(msg.text());
    if (!command) return;
    if ((await room.topic().catch(() => '')) !== options.roomTopic) return;
    const talker = msg.talker();
    const role: Role | null = await options.api.adminRole(talker.id).catch((err: unknown) => {
      log.warn({ err }, 'admin check failed');
      return null;
    });
    if (role !== 'admin') {
      if (refused.has(talker.id)) return;
      refused.add(talker.id);
      await room.say(t('bot.adminNotAllowed'));
      return;
    }
    await room.say(await reply(talker.id, command));
  }

  async function reply(contactId: string, command: NonNullable<ReturnType<typeof parseAdminCommand>>): Promise<string> {
    try {
      switch (command.type) {
        case 'help': return t('bot.adminHelp');
        case 'bad': return t('bot.adminBadCommand');
        case 'preview': return t('bot.adminPreview', { count: await options.api.adminPreview(contactId, command.audience) });
        case 'send': {
          const created = await options.api.adminBroadcast(contactId, command.title, command.body);
          return t('bot.adminSent', { id: created.id, count: created.recipients });
        }
        case 'stats': {
          const stats = await options.api.adminStats(contactId);
          const lines = [t('bot.adminStats', stats.last24h)];
          const last = stats.lastBroadcast;
          if (last) lines.push(t('bot.adminLastBroadcast', { title: last.title[options.lang ?? 'zh-Hans'], state: last.state, sent: last.counts.sent, recipients: last.counts.recipients, pending: last.counts.pending }));
          const ops = stats.operations;
          if (ops) {
            const m = ops.oldestWaitingMinutes;
            const oldest = m === null ? '' : t('bot.adminOpsOldest', {
              time: m < 120 ? t('bot.adminOpsMinutes', { n: m }) : t('bot.adminOpsHours', { n: Math.round(m / 60) }),
            });
            lines.push(t('bot.adminOpsWaiting', { n: ops.waiting, oldest }), t('bot.adminOpsEnquiries', ops.enquiriesToday));
            if (ops.topUnanswered) lines.push(t('bot.adminOpsUnanswered', ops.topUnanswered));
          }
          return lines.join('\n');
        }
      }
    } catch (err) {
      log.warn({ err, command: command.type }, 'admin command failed');
      return t('bot.adminBadCommand');
    }
  }

  return (bot: Wechaty) => {
    if (!options.roomTopic) return;
    return listen(bot, { message: onMessage });
  };
}
