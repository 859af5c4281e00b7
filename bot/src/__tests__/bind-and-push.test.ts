/**
 * The bot against the real server (and the jest run's FerretDB), with wechaty-puppet-mock in
 * place of WeChat: a mock resident sends the bind code, a reviewer changes the application's
 * status over HTTP, and the test reads what that mock resident received.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { translator, type SessionDto } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { MINIAPP, POLL_MS, residentWithApplication, setStatus, sleep, startBotWorld, statusUpdates as statusMessages, tempStateDir, waitFor, type BotWorld } from './helpers/world.js';

let server: TestServer;
let world: BotWorld;
let reviewer: SessionDto;
let state: Awaited<ReturnType<typeof tempStateDir>>;

beforeAll(async () => {
  server = await startTestServer({ seed: true, relayIntervalMs: 200 });
  state = await tempStateDir();
  world = await startBotWorld(server, state.dir);
  reviewer = await server.devLogin('bot-test-reviewer', 'reviewer');
});

afterAll(async () => {
  await world?.stop();
  await server?.close();
  await state?.remove();
});


describe('binding a WeChat contact', () => {
  it('binds the contact that sends its code and confirms in the account language', async () => {
    const { bindCode } = await residentWithApplication(server, 'bind-hant', 'zh-Hant');
    const wong = world.contact('contact-bind-hant', '黃小姐');
    const spaced = `${bindCode.code.slice(0, 3).toLowerCase()} ${bindCode.code.slice(3).toLowerCase()}`;
    wong.say(`綁定 ${spaced}`);

    const reply = await waitFor(() => wong.received[0], 'the bind confirmation');
    expect(reply).toContain('綁定成功');
    expect(world.api.calls.filter((c) => c.method === 'bind').at(-1)?.args[0]).toEqual({ code: bindCode.code, contactId: 'contact-bind-hant', contactName: '黃小姐' });
  });

  it('answers a used code with bindFailed and does not rebind', async () => {
    const { session, bindCode } = await residentWithApplication(server, 'bind-used', 'en');
    const first = world.contact('contact-used-1', 'First');
    first.say(bindCode.code);
    // The account's nickname when it has one, else the WeChat name.
    const name = session.user.nickname ?? 'First';
    expect(await waitFor(() => first.received[0], 'first bind reply')).toBe(translator('en')('bot.bound', { name }));

    const second = world.contact('contact-used-2', '第二人');
    second.say(`绑定 ${bindCode.code}`);
    expect(await waitFor(() => second.received[0], 'second bind reply')).toBe(translator('zh-Hans')('bot.bindFailed'));
  });

  it('answers an expired code with bindFailed', async () => {
    const { bindCode } = await residentWithApplication(server, 'bind-expired', 'zh-Hans');
    await server.app.services.models.bindCodes.updateOne({ code: bindCode.code }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const late = world.contact('contact-expired', 'Late');
    late.say(`bind code ${bindCode.code}`);
    expect(await waitFor(() => late.received[0], 'expired bind reply')).toBe(translator('en')('bot.bindFailed'));
  });

  it('answers a code that was never issued, and a bind attempt without a code, with bindFailed', async () => {
    const stranger = world.contact('contact-garbage', '陌生人');
    stranger.say('綁定 ZZ99ZZ');
    expect(await waitFor(() => stranger.received[0], 'garbage bind reply')).toBe(translator('zh-Hant')('bot.bindFailed'));
    const bindCalls = world.api.calls.filter((c) => c.method === 'bind').length;
    stranger.say('绑定 123');
    expect(await waitFor(() => stranger.received[1], 'malformed bind reply')).toBe(translator('zh-Hans')('bot.bindFailed'));
    expect(world.api.calls.filter((c) => c.method === 'bind').length).toBe(bindCalls); // refused without asking the server
  });

  it('stops forwarding a contact\'s guesses after five attempts and tells it to wait', async () => {
    const guesser = world.contact('contact-guesser', 'Guesser');
    const before = world.api.calls.filter((c) => c.method === 'bind').length;
    const codes = ['AAAA22', 'AAAA23', 'AAAA24', 'AAAA25', 'AAAA26', 'AAAA27', 'AAAA28'];
    for (const [i, code] of codes.entries()) {
      guesser.say(`bind ${code}`);
      await waitFor(() => guesser.received[i], `reply to guess ${i + 1}`);
    }
    const en = translator('en');
    expect(guesser.received.slice(0, 5)).toEqual(Array(5).fill(en('bot.bindFailed')));
    expect(guesser.received.slice(5)).toEqual([en('bot.bindTooMany'), en('bot.bindTooMany')]);
    // Only the five allowed attempts reached the server.
    expect(world.api.calls.filter((c) => c.method === 'bind').length - before).toBe(5);
  });

  it('answers a greeting or a help request with the welcome in the language it is written in', async () => {
    const visitor = world.contact('contact-help', 'Visitor');
    visitor.say('Hello!');
    expect(await waitFor(() => visitor.received[0], 'help reply')).toBe(translator('en')('bot.welcome'));
    visitor.say('請問點樣收通知？');
    expect(await waitFor(() => visitor.received[1], 'second help reply')).toBe(translator('zh-Hant')('bot.welcome'));
    await sleep(300);
    expect(visitor.received).toHaveLength(2); // the EnquiryResponder left both to the Greeter
    expect(world.api.calls.filter((c) => c.method === 'answer')).toEqual([]);
  });

  it('ignores room messages that do not mention the bot, and its own messages', async () => {
    const { bindCode } = await residentWithApplication(server, 'bind-room', 'zh-Hans');
    const member = world.contact('contact-room', '群友');
    const room = world.mocker.createRoom({ id: 'room-1@chatroom', topic: '大湾区求职群', memberIdList: [member.mock.id, world.self.id] });
    const roomReplies: string[] = [];
    room.on('message', (msg) => {
      if (msg.payload.talkerId === world.self.id) roomReplies.push(msg.text() ?? '');
    });
    const bindsBefore = world.api.calls.filter((c) => c.method === 'bind').length;

    member.mock.say(bindCode.code).to(room);
    member.mock.say('你好').to(room);
    world.self.say(bindCode.code).to(member.mock);
    await sleep(800);
    expect(world.api.calls.filter((c) => c.method === 'bind').length).toBe(bindsBefore);
    expect(roomReplies).toEqual([]);
    expect(member.received).toEqual([bindCode.code]); // only the bot's own message, unanswered

    member.mock.say('help', [world.self]).to(room);
    expect(await waitFor(() => roomReplies[0], 'reply to a mention')).toBe(translator('en')('bot.welcome'));
  });
});

describe('pushing status changes', () => {
  it('delivers a status change to the bound contact exactly once, in zh-Hant, with a link and a card', async () => {
    const sendCard = jest.spyOn(world.puppet, 'messageSendMiniProgram');
    const { application, bindCode } = await residentWithApplication(server, 'push-hant', 'zh-Hant');
    const chan = world.contact('contact-push-hant', '陳大文');
    chan.say(bindCode.code);
    await waitFor(() => chan.received[0], 'the bind confirmation');
    // The server also queues "submitted" when the application is created; it waits for the binding.
    await waitFor(() => statusMessages(chan.received).find((m) => m.includes('已提交')), 'the submitted update', 5000);

    await setStatus(server, reviewer, application.id, 'under_review');
    const update = await waitFor(() => statusMessages(chan.received).find((m) => m.includes('審核中')), 'the under_review update', 5000);
    expect(update).toBe(
      `【灣事通】你申請的「${application.title['zh-Hant']}」狀態更新：審核中\n` +
        `查看詳情：${MINIAPP.h5}/#/pages/applications/detail?id=${application.id}`,
    );

    await sleep(POLL_MS * 6);
    expect(statusMessages(chan.received).filter((m) => m.includes('審核中'))).toHaveLength(1);
    expect(statusMessages(chan.received)).toHaveLength(2); // submitted + under review, each once
    const cards = sendCard.mock.calls.filter(([contactId]) => contactId === 'contact-push-hant');
    expect(cards).toHaveLength(2);
    expect(cards[1]![1]).toMatchObject({ appid: MINIAPP.appid, username: MINIAPP.username, pagePath: `pages/applications/detail?id=${application.id}` });
    const notifications = await server.app.services.models.notifications.find({ dedupeKey: new RegExp(application.id) }).lean();
    expect(notifications.map((n) => n.state)).toEqual(['sent', 'sent']);
    sendCard.mockRestore();
  });

  it('includes the reviewer note and follows the next change', async () => {
    const { application, bindCode } = await residentWithApplication(server, 'push-note', 'en');
    const lee = world.contact('contact-push-note', 'Lee');
    lee.say(bindCode.code);
    await waitFor(() => lee.received[0], 'the bind confirmation');

    await setStatus(server, reviewer, application.id, 'under_review');
    await waitFor(() => statusMessages(lee.received).length === 2, 'submitted and under review', 5000);
    await setStatus(server, reviewer, application.id, 'interview', 'Tuesday 10:00, Central');
    const third = await waitFor(() => statusMessages(lee.received)[2], 'the interview update', 5000);
    expect(third).toContain('is now: Interview (note: Tuesday 10:00, Central)');
    await sleep(POLL_MS * 4);
    const job = application.title.en;
    expect(statusMessages(lee.received).map((m) => m.split('\n')[0])).toEqual([
      `[Bay Connect] Your application for "${job}" is now: Submitted`,
      `[Bay Connect] Your application for "${job}" is now: Under review`,
      `[Bay Connect] Your application for "${job}" is now: Interview (note: Tuesday 10:00, Central)`,
    ]);
  });

  it('reports a contact the puppet cannot find as a failed delivery', async () => {
    const { application, bindCode } = await residentWithApplication(server, 'push-ghost', 'zh-Hans');
    await world.api.bind({ code: bindCode.code, contactId: 'contact-nobody-knows', contactName: 'Ghost' });
    await setStatus(server, reviewer, application.id, 'under_review');
    const failure = await waitFor(() => world.api.calls.find((c) => c.method === 'fail'), 'a fail report', 5000);
    expect(String(failure.args[2])).toContain('contact-nobody-knows');
  });
});
