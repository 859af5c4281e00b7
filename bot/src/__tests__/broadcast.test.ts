/**
 * Broadcasts through the bot: once to each bound contact in their language, to the groups the bot
 * reported, and admin-group commands (admins only, one refusal for anyone else).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { NOTIFY_API, type BroadcastDto, type SessionDto } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { BOT_SELF_ID, call, sleep, startBotWorld, tempStateDir, waitFor, waitForAsync, type BotWorld, type MockUser } from './helpers/world.js';

let server: TestServer;
let admin: SessionDto;
let world: BotWorld;
let room: mock.RoomMock;
let adminRoom: mock.RoomMock;
let adminContact: mock.ContactMock;
const roomReceived: string[] = [];
const adminRoomReceived: string[] = [];
let removeState: () => Promise<void>;
const users: MockUser[] = [];
const ADMIN_TOPIC = '湾事通管理群';

async function bindUser(session: SessionDto, contactId: string) {
  await server.app.services.models.users.updateOne({ _id: session.user.id }, { $set: { bot: { contactId, boundAt: new Date() } } });
}

beforeAll(async () => {
  server = await startTestServer({ broadcastIntervalMs: 100 });
  admin = await server.devLogin('bc-bot-admin', 'admin');
  const state = await tempStateDir();
  removeState = state.remove;
  world = await startBotWorld(server, state.dir, {
    env: { BOT_ADMIN_ROOM_TOPIC: ADMIN_TOPIC },
    beforeLogin: (mocker, self) => {
      const a = mocker.createContact({ id: 'room-member-a', name: '甲' });
      const b = mocker.createContact({ id: 'room-member-b', name: '乙' });
      adminContact = mocker.createContact({ id: 'contact-admin', name: '管理员' });
      // Room ids carry an "@" as WeChat's do (the mock routes sends by it).
      room = mocker.createRoom({ id: 'residents@chatroom', topic: '深圳居民群', memberIdList: [self.id, a.id, b.id] });
      adminRoom = mocker.createRoom({ id: 'admins@chatroom', topic: ADMIN_TOPIC, memberIdList: [self.id, adminContact.id] });
      room.on('message', (msg) => { if (msg.payload.talkerId === BOT_SELF_ID) roomReceived.push(msg.text() ?? ''); });
      adminRoom.on('message', (msg) => { if (msg.payload.talkerId === BOT_SELF_ID) adminRoomReceived.push(msg.text() ?? ''); });
    },
  });
});
afterAll(async () => {
  await world?.stop();
  await server?.close();
  await removeState?.();
});

const same = (text: string) => ({ 'zh-Hans': `${text}·简`, 'zh-Hant': `${text}·繁`, en: `${text}·en` });

describe('broadcast delivery', () => {
  it('reports its rooms on login', async () => {
    const roomIds = async () => (await server.app.services.models.botRooms.find({}).lean()).map((r) => r.roomId).sort();
    await waitForAsync(async () => (await roomIds()).length === 2, 'the room report');
    expect(await roomIds()).toEqual(['admins@chatroom', 'residents@chatroom']);
  });

  it('delivers a broadcast once to each bound contact, in their language, and once to a group', async () => {
    const langs = ['zh-Hans', 'zh-Hant', 'en'] as const;
    for (let i = 0; i < 3; i++) {
      const session = await server.devLogin(`bc-bot-res-${i}`, 'resident', langs[i]);
      await bindUser(session, `contact-${i}`);
      users.push(world.contact(`contact-${i}`, `居民${i}`));
    }
    await call<BroadcastDto>(server, admin, 'POST', NOTIFY_API.adminBroadcasts, { title: same('停水'), body: same('明早停水'), link: 'pages/notices/index', audience: { type: 'all' }, ratePerMinute: 100_000 });
    await call<BroadcastDto>(server, admin, 'POST', NOTIFY_API.adminBroadcasts, { title: same('群公告'), body: same('群内容'), audience: { type: 'groups', roomIds: ['residents@chatroom'] }, ratePerMinute: 100_000 });
    await waitFor(() => users.every((u) => u.received.length >= 1) && roomReceived.length >= 1, 'the broadcasts', 10_000);
    await sleep(800);
    users.forEach((u, i) => {
      expect(u.received).toHaveLength(1);
      expect(u.received[0]).toContain(`停水·${['简', '繁', 'en'][i]}`);
      expect(u.received[0]).toContain('/#/pages/notices/index');
    });
    expect(roomReceived).toHaveLength(1);
    expect(roomReceived[0]).toContain('群公告·简');
  });
});

describe('admin commands', () => {
  it('answer bound admins in the admin group, refuse others once, and ignore other groups', async () => {
    await bindUser(admin, 'contact-admin');
    const resident = users[0]!.mock;
    const said = async (who: mock.ContactMock, text: string, where = adminRoom) => { who.say(text).to(where); };

    await said(adminContact, '/help');
    await waitFor(() => adminRoomReceived.some((t) => t.includes('/broadcast send')), 'the help');
    await said(adminContact, '/broadcast preview lang:en');
    await waitFor(() => adminRoomReceived.some((t) => /预计收件人：1$/.test(t)), 'the preview');
    await said(adminContact, '/stats');
    await waitFor(() => adminRoomReceived.some((t) => t.includes('最近 24 小时')), 'the stats');
    // With the dashboard's highlights of today: applications waiting and how enquiries were answered.
    const stats = adminRoomReceived.find((t) => t.includes('最近 24 小时'))!;
    expect(stats).toMatch(/待审核申请 \d+ 份/);
    expect(stats).toMatch(/今日咨询：直接回答 \d+，追问 \d+，答不上 \d+/);

    const before = adminRoomReceived.length;
    await said(resident, '/stats');
    await said(resident, '/broadcast send x | y');
    await waitFor(() => adminRoomReceived.length > before, 'the refusal');
    await sleep(500);
    expect(adminRoomReceived.slice(before)).toEqual(['只有已绑定的管理员可以在本群使用指令']);

    const inOther = roomReceived.length;
    await said(adminContact, '/stats', room);
    await sleep(500);
    expect(roomReceived).toHaveLength(inOther);

    await said(adminContact, '/broadcast send 演练 | 今晚八点消防演练');
    await waitFor(() => adminRoomReceived.some((t) => t.includes('三种语言')), 'the send confirmation');
    const contact1 = users[1]!;
    await waitFor(() => contact1.received.some((t) => t.includes('今晚八点消防演练')), 'the admin broadcast to a resident', 10_000);
  });
});
