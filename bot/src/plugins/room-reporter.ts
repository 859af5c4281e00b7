import type { Room, Wechaty, WechatyPlugin } from 'wechaty';
import type { BayApi } from '../api/client.js';
import type { Logger } from '../logger.js';
import { listen } from './listen.js';

export interface RoomReporterOptions {
  api: BayApi;
  logger: Logger;
}

/**
 * RoomReporter: tells the server which WeChat groups the bot is in (POST /internal/rooms), on
 * login and whenever it joins one, so admins can broadcast to groups. Failures are logged only:
 * the next login or join reports again.
 */
export function RoomReporter(options: RoomReporterOptions): WechatyPlugin {
  const log = options.logger.child({ plugin: 'RoomReporter' });
  return (bot: Wechaty) => {
    const report = async (rooms: Room[]) => {
      const list = await Promise.all(rooms.map(async (room) => ({ id: room.id, topic: ((await room.topic().catch(() => '')) ?? '').slice(0, 200) })));
      if (!list.length) return;
      await options.api.reportRooms(list);
      log.info({ rooms: list.length }, 'rooms reported');
    };
    return listen(bot, {
      login: () => bot.Room.findAll()
        .then(report)
        .catch((err: unknown) => log.warn({ err }, 'reporting rooms failed')),
      'room-join': (room, invitees) => {
        if (!invitees.some((c) => c.id === bot.currentUser?.id)) return;
        return report([room]).catch((err: unknown) => log.warn({ err, roomId: room.id }, 'reporting a joined room failed'));
      },
    });
  };
}
