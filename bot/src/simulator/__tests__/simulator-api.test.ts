/**
 * The chat simulator's HTTP API against the real bot (wechaty-puppet-mock) and the real server on
 * the jest run's FerretDB: contacts, messages, replies on the API and the event stream, cards,
 * the admin group, and every kind of bad input answered with a 4xx JSON error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { API, translator, type ApiErrorBody, type BindCodeDto, type SessionDto } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { pino } from 'pino';
import { call, MINIAPP, residentWithApplication, setStatus, startBotWorld, tempStateDir, waitFor, type BotWorld } from '../../__tests__/helpers/world.js';
import { createChatSimulator, DEMO_ADMIN_ROOM_ID, DEMO_RESIDENT, startSimulatorServer, type ChatSimulator, type SimulatorConversation, type SimulatorMessage, type SimulatorServer } from '../index.js';
import { openSse, type SseStream } from './sse.js';

const ADMIN_TOPIC = '模拟器测试管理群';

let server: TestServer;
let world: BotWorld;
let simulator: ChatSimulator;
let http: SimulatorServer;
let events: SseStream;
let reviewer: SessionDto;
let state: Awaited<ReturnType<typeof tempStateDir>>;

beforeAll(async () => {
  server = await startTestServer({ seed: true, relayIntervalMs: 200 });
  state = await tempStateDir();
  world = await startBotWorld(server, state.dir, {
    env: { BOT_ADMIN_ROOM_TOPIC: ADMIN_TOPIC },
    beforeLogin: (mocker, self) => {
      simulator = createChatSimulator({ mocker, puppet: mocker.puppet, self, h5Url: MINIAPP.h5, adminRoomTopic: ADMIN_TOPIC });
    },
  });
  http = await startSimulatorServer({ simulator, host: '127.0.0.1', port: 0, h5Url: MINIAPP.h5, logger: pino({ level: 'silent' }) });
  events = await openSse(`${http.url}/api/events`);
  reviewer = await server.devLogin('sim-reviewer', 'reviewer');
});

afterAll(async () => {
  events?.close();
  await http?.close();
  simulator?.close();
  await world?.stop();
  await server?.close();
  await state?.remove();
});

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(http.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const say = (conversationId: string, text: string, as?: string) =>
  api<{ message: SimulatorMessage }>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/messages`, { text, ...(as ? { as } : {}) });

const streamed = () => events.events.filter((e) => e.event === 'message').map((e) => e.data as SimulatorMessage);
const botMessagesIn = (conversationId: string) => streamed().filter((m) => m.conversationId === conversationId && m.from === 'bot');

describe('GET /', () => {
  it('serves the page', async () => {
    const res = await fetch(http.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('聊天模拟器');
    expect(html).toContain("new EventSource('/api/events");
  });
});

describe('GET /api/conversations', () => {
  it('lists the demo resident first and the admin group with the configured topic', async () => {
    const { status, body } = await api<{ self: { id: string; name: string }; adminRoomTopic: string; h5Url: string; conversations: SimulatorConversation[] }>('GET', '/api/conversations');
    expect(status).toBe(200);
    expect(body.self).toEqual({ id: world.self.id, name: '湾事通助手' });
    expect(body.adminRoomTopic).toBe(ADMIN_TOPIC);
    expect(body.h5Url).toBe(MINIAPP.h5);
    expect(body.conversations[0]).toMatchObject({ id: DEMO_RESIDENT.id, kind: 'contact', name: DEMO_RESIDENT.name });
    const room = body.conversations.find((c) => c.kind === 'room');
    expect(room).toMatchObject({ id: DEMO_ADMIN_ROOM_ID, name: ADMIN_TOPIC });
    expect(room?.members?.map((m) => m.id)).toEqual(expect.arrayContaining([world.self.id, DEMO_RESIDENT.id]));
  });
});

describe('POST /api/contacts', () => {
  it('creates a contact that chats with the bot: the reply comes back on the API and on the event stream', async () => {
    const created = await api<{ conversation: SimulatorConversation }>('POST', '/api/contacts', { name: '  李先生 ' });
    expect(created.status).toBe(201);
    const contact = created.body.conversation;
    expect(contact).toMatchObject({ kind: 'contact', name: '李先生' });
    await waitFor(() => events.events.some((e) => e.event === 'conversation' && (e.data as SimulatorConversation).id === contact.id), 'the conversation event');

    const sent = await say(contact.id, 'Hello!');
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ conversationId: contact.id, from: 'user', text: 'Hello!', speaker: { id: contact.id, name: '李先生' } });

    const reply = await waitFor(() => botMessagesIn(contact.id)[0], 'the welcome on the stream');
    expect(reply.text).toBe(translator('en')('bot.welcome'));
    const history = await api<{ messages: SimulatorMessage[] }>('GET', `/api/conversations/${contact.id}/messages`);
    expect(history.body.messages.map((m) => [m.from, m.text])).toEqual([['user', 'Hello!'], ['bot', translator('en')('bot.welcome')]]);
    const [first, second] = history.body.messages;
    expect(second!.seq).toBeGreaterThan(first!.seq);
  });

  it('refuses a name already taken with 409', async () => {
    const { status, body } = await api<ApiErrorBody>('POST', '/api/contacts', { name: DEMO_RESIDENT.name });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'name_taken', fields: { name: 'already taken' } });
  });
});

describe('binding and pushes', () => {
  it('binds a contact with its code, then the status push arrives as text and as a mini-program card', async () => {
    const { application, bindCode } = await residentWithApplication(server, 'sim-bind', 'zh-Hans');
    await say(DEMO_RESIDENT.id, bindCode.code);
    await waitFor(() => botMessagesIn(DEMO_RESIDENT.id).find((m) => m.text?.includes('绑定成功')), 'the bind confirmation');

    await setStatus(server, reviewer, application.id, 'under_review');
    const pushed = await waitFor(() => botMessagesIn(DEMO_RESIDENT.id).find((m) => m.text?.includes('审核中')), 'the under_review push', 8000);
    expect(pushed.text).toContain(`${MINIAPP.h5}/#/pages/applications/detail?id=${application.id}`);
    const card = await waitFor(() => botMessagesIn(DEMO_RESIDENT.id).find((m) => m.card?.title.includes('审核中'))?.card, 'the card');
    expect(card).toEqual({
      appid: MINIAPP.appid,
      username: MINIAPP.username,
      title: `${application.title['zh-Hans']} · 审核中`,
      pagePath: `pages/applications/detail?id=${application.id}`,
      link: `${MINIAPP.h5}/#/pages/applications/detail?id=${application.id}`,
    });
  });
});

describe('numbered replies', () => {
  it('sends the bot numbered options as options', async () => {
    world.self.say('你想问哪一个？\n1. 回乡证\n2. 港车北上\n回复数字即可').to(world.mocker.ContactMock.load(DEMO_RESIDENT.id));
    const offered = await waitFor(() => botMessagesIn(DEMO_RESIDENT.id).find((m) => m.options), 'the options');
    expect(offered.options).toEqual([{ n: 1, label: '回乡证' }, { n: 2, label: '港车北上' }]);
  });
});

describe('the admin group', () => {
  it('carries a member message to the bot, which answers in the group', async () => {
    const sent = await say(DEMO_ADMIN_ROOM_ID, '/stats', DEMO_RESIDENT.id);
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ conversationId: DEMO_ADMIN_ROOM_ID, from: 'user', speaker: { id: DEMO_RESIDENT.id } });
    const refusal = await waitFor(() => botMessagesIn(DEMO_ADMIN_ROOM_ID)[0], 'the refusal in the group');
    expect(refusal.text).toBe(translator('zh-Hans')('bot.adminNotAllowed'));
  });

  it('answers /stats for a member bound to an admin account', async () => {
    const admin = await server.devLogin('sim-admin', 'admin');
    const bindCode = await call<BindCodeDto>(server, admin, 'POST', API.bindCodes);
    const contact = (await api<{ conversation: SimulatorConversation }>('POST', '/api/contacts', { name: '管理员' })).body.conversation;
    await say(contact.id, bindCode.code);
    await waitFor(() => botMessagesIn(contact.id).find((m) => m.text?.includes('绑定成功')), 'the admin bind confirmation');
    const before = botMessagesIn(DEMO_ADMIN_ROOM_ID).length;
    await say(DEMO_ADMIN_ROOM_ID, '/stats', contact.id);
    const stats = await waitFor(() => botMessagesIn(DEMO_ADMIN_ROOM_ID)[before], 'the statistics');
    expect(stats.text).toMatch(/^最近 24 小时：待发 \d+，已发 \d+/);
  });

  it('answers a question that @-mentions the bot', async () => {
    await say(DEMO_ADMIN_ROOM_ID, '@湾事通助手 help');
    await waitFor(() => botMessagesIn(DEMO_ADMIN_ROOM_ID).find((m) => m.text === translator('en')('bot.welcome')), 'the welcome in the group');
  });
});

describe('GET /api/events', () => {
  it('replays the messages after Last-Event-ID', async () => {
    const all = (await api<{ messages: SimulatorMessage[] }>('GET', `/api/conversations/${DEMO_RESIDENT.id}/messages`)).body.messages;
    const from = all.at(-2)!;
    const replay = await openSse(`${http.url}/api/events`, { 'last-event-id': String(from.seq - 1) });
    try {
      const seqs = await waitFor(() => {
        const got = replay.events.filter((e) => e.event === 'message').map((e) => Number(e.id));
        return got.length >= 2 && got;
      }, 'the replay');
      expect(seqs[0]).toBe(from.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    } finally {
      replay.close();
    }
  });
});

describe('bad input', () => {
  it.each([
    ['an empty name', { name: '   ' }, { name: 'must be 1 to 32 characters' }],
    ['a name over 32 characters', { name: '长'.repeat(33) }, { name: 'must be 1 to 32 characters' }],
    ['no name', {}, { name: 'required' }],
    ['a name that is not text', { name: 42 }, { name: 'required' }],
  ])('POST /api/contacts with %s → 400 with fields', async (_what, body, fields) => {
    const res = await api<ApiErrorBody>('POST', '/api/contacts', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', fields });
  });

  it.each([
    ['no text', {}, { text: 'required' }],
    ['blank text', { text: ' \n ' }, { text: 'must be 1 to 2000 characters' }],
    ['text over 2000 characters', { text: 'x'.repeat(2001) }, { text: 'must be 1 to 2000 characters' }],
    ['a speaker that is no contact', { text: 'hi', as: 'nobody' }, { as: 'not a contact of the simulator' }],
  ])('POST …/messages with %s → 400 with fields', async (_what, body, fields) => {
    const conversation = 'as' in body ? DEMO_ADMIN_ROOM_ID : DEMO_RESIDENT.id;
    const res = await api<ApiErrorBody>('POST', `/api/conversations/${encodeURIComponent(conversation)}/messages`, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', fields });
  });

  it('answers an unknown conversation with 404', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await api<ApiErrorBody>(method, '/api/conversations/nobody/messages', method === 'POST' ? { text: 'hi' } : undefined);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await api<ApiErrorBody>('GET', '/api/conversations/%E0%A4%A/messages')).status).toBe(404);
  });

  it('refuses broken JSON, other content types, big bodies, unknown routes and wrong methods with 4xx JSON', async () => {
    const cases: [string, string, RequestInit, number, string][] = [
      ['POST', '/api/contacts', { body: '{"name":', headers: { 'content-type': 'application/json' } }, 400, 'bad_json'],
      ['POST', '/api/contacts', { body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
      ['POST', '/api/contacts', { body: JSON.stringify({ name: 'x'.repeat(20_000) }), headers: { 'content-type': 'application/json' } }, 413, 'payload_too_large'],
      ['GET', '/api/nothing', {}, 404, 'not_found'],
      ['GET', '/api/contacts', {}, 405, 'method_not_allowed'],
      ['DELETE', '/api/conversations', {}, 405, 'method_not_allowed'],
    ];
    for (const [method, path, init, status, code] of cases) {
      const res = await fetch(http.url + path, { method, ...init });
      expect([method, path, res.status]).toEqual([method, path, status]);
      expect(((await res.json()) as ApiErrorBody).error.code).toBe(code);
    }
    expect((await api('GET', '/api/conversations')).status).toBe(200); // still serving
  });

  it('refuses a Host that is not loopback (DNS rebinding) with 403', async () => {
    const { port } = new URL(http.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/conversations', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
