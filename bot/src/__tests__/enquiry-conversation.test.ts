/**
 * The bot in conversation, on wechaty-puppet-mock, against the real server (binding, outbox). The
 * answers that need one exact intent from the engine (a "which one?", a personal answer) are
 * scripted by wrapping the client's `answer`; everything else goes to the real server.
 * enquiry-engine.test.ts asks the real engine.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { translator, type EnquiryAnswerDto, type InternalEnquiryAnswerRequest } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { types } from 'wechaty';
import type { BayApi } from '../api/client.js';
import { BOT_SELF_ID, residentWithApplication, sleep, startBotWorld, tempStateDir, waitFor, type BotWorld } from './helpers/world.js';

let server: TestServer;
let world: BotWorld;
let state: Awaited<ReturnType<typeof tempStateDir>>;

/** Scripted answers by question (or entry id); anything else reaches the real server. */
const script = new Map<string, (body: InternalEnquiryAnswerRequest) => EnquiryAnswerDto>();
const faq = (id: string, answer: string, over: Partial<EnquiryAnswerDto> = {}): EnquiryAnswerDto => ({
  answer,
  lang: 'zh-Hans',
  intent: 'faq',
  confidence: 0.9,
  sources: [{ id, title: '国家移民管理局', url: `https://www.nia.gov.cn/${id}` }],
  ...over,
});

beforeAll(async () => {
  server = await startTestServer({ seed: true, relayIntervalMs: 200 });
  state = await tempStateDir();
  world = await startBotWorld(server, state.dir, {
    api: (inner: BayApi): BayApi => ({
      ...inner,
      answer: async (body) => {
        const scripted = script.get(body.entryId ?? body.question);
        return scripted ? scripted(body) : inner.answer(body);
      },
    }),
  });
});

afterAll(async () => {
  await world?.stop();
  await server?.close();
  await state?.remove();
});

const answerCalls = (contactId: string) =>
  world.api.calls.filter((c) => c.method === 'answer' && (c.args[0] as InternalEnquiryAnswerRequest).contactId === contactId).map((c) => c.args[0] as InternalEnquiryAnswerRequest);

describe('numbered options', () => {
  it('answers "which one?" with numbered options and a reply of 2 with that entry, by id and in the options language', async () => {
    script.set('回乡证', () => ({
      ...faq('x', '你想问的是哪一个？'),
      intent: 'clarify',
      confidence: 0.3,
      sources: [],
      suggestions: [
        { id: 'hrp-renew', title: '回乡证怎么续期' },
        { id: 'hrp-lost', title: '回乡证丢了怎么办' },
        { id: 'hrp-child', title: '小朋友怎么办回乡证' },
      ],
    }));
    script.set('hrp-lost', () => faq('hrp-lost', '回乡证遗失请先报失，再申请补发。\n详情：http://127.0.0.1:10086/#/packages/ask/index?entry=hrp-lost'));
    const chan = world.contact('contact-clarify', '陈先生');
    chan.say('回乡证');
    const options = await waitFor(() => chan.received[0], 'the numbered options');
    expect(options.split('\n')).toEqual([
      translator('zh-Hans')('enquiry.clarify'),
      '1. 回乡证怎么续期',
      '2. 回乡证丢了怎么办',
      '3. 小朋友怎么办回乡证',
      translator('zh-Hans')('bot.choiceHint'),
    ]);

    chan.say('第2個');
    const answer = await waitFor(() => chan.received[1], 'the chosen answer');
    expect(answer).toBe(`回乡证遗失请先报失，再申请补发。\n来源：国家移民管理局 https://www.nia.gov.cn/hrp-lost\n详情：http://127.0.0.1:10086/#/packages/ask/index?entry=hrp-lost\n${translator('zh-Hans')('bot.feedbackHint')}`);
    const calls = answerCalls('contact-clarify');
    expect(calls[1]).toMatchObject({ entryId: 'hrp-lost', lang: 'zh-Hans', question: '回乡证丢了怎么办', contactId: 'contact-clarify' });
    expect(calls[1]!.transcript).toEqual([{ role: 'user', text: '回乡证' }, { role: 'bot', text: options }]);

    // Answered: a later "2" is a question again, not a choice.
    script.set('2', () => faq('two', '请把问题说得具体一些。', { intent: 'unknown', sources: [] }));
    chan.say('2');
    await waitFor(() => chan.received[2], 'the reply to a bare 2');
    expect(answerCalls('contact-clarify')[2]).not.toHaveProperty('entryId');
  });

  it('keeps options per contact: another resident\'s "1" is not a choice', async () => {
    script.set('港车北上', () => ({ ...faq('x', '?'), intent: 'clarify', sources: [], suggestions: [{ id: 'nb-insurance', title: '港车北上保险' }, { id: 'nb-apply', title: '港车北上申请' }, { id: 'nb-quota', title: '港车北上名额' }] }));
    script.set('1', () => faq('one', '请问你想了解什么？', { intent: 'unknown', sources: [] }));
    const asker = world.contact('contact-nb-asker', 'Asker');
    const other = world.contact('contact-nb-other', 'Other');
    asker.say('港车北上');
    await waitFor(() => asker.received[0], 'options');
    other.say('1');
    await waitFor(() => other.received[0], 'the other reply');
    expect(answerCalls('contact-nb-other')[0]).not.toHaveProperty('entryId');
    asker.say('１');
    await waitFor(() => asker.received[1], 'the chosen answer');
    expect(answerCalls('contact-nb-asker')[1]).toMatchObject({ entryId: 'nb-insurance' });
  });
});

describe('feedback and follow-ups', () => {
  const feedbackCalls = (contactId: string) =>
    world.api.calls.filter((c) => c.method === 'feedback' && (c.args[0] as { contactId: string }).contactId === contactId).map((c) => c.args[0]);

  it('takes "没用" after an answer as a vote on it (once), and sends it to the server without an answer call', async () => {
    script.set('深圳湾口岸几点开', () => faq('travel-shenzhen-bay-hours', '深圳湾口岸旅检 6:30 至 24:00。'));
    const voter = world.contact('contact-vote', '李小姐');
    voter.say('深圳湾口岸几点开');
    const answer = await waitFor(() => voter.received[0], 'the answer');
    expect(answer.split('\n').at(-1)).toBe(translator('zh-Hans')('bot.feedbackHint'));

    voter.say('没用');
    expect(await waitFor(() => voter.received[1], 'the reply to the vote')).toBe(translator('zh-Hans')('bot.feedbackSorry'));
    expect(feedbackCalls('contact-vote')).toEqual([{ contactId: 'contact-vote', question: '深圳湾口岸几点开', lang: 'zh-Hans', helpful: false, entryId: 'travel-shenzhen-bay-hours' }]);
    expect(answerCalls('contact-vote')).toHaveLength(1);

    // One vote per answer: a second "没用" is a question for the server again.
    script.set('没用', () => faq('x', '请把问题说得具体一些。', { intent: 'unknown', sources: [] }));
    voter.say('没用');
    await waitFor(() => voter.received[2], 'the reply to a second 没用');
    expect(feedbackCalls('contact-vote')).toHaveLength(1);
    expect(answerCalls('contact-vote')).toHaveLength(2);
  });

  it('sends a picked option as the question it stands for in the next transcript, and a numbered reply works after a follow-up', async () => {
    script.set('船票', () => ({ ...faq('x', '?'), intent: 'clarify', sources: [], suggestions: [{ id: 'ferry-hours', title: '去澳门的船几点开' }, { id: 'ferry-where', title: '去澳门的船在哪里坐' }] }));
    script.set('ferry-where', () => faq('ferry-where', '港澳码头、中国客运码头。'));
    script.set('要几钱?', () => ({ ...faq('x', '?'), intent: 'clarify', sources: [], suggestions: [{ id: 'ferry-fare-hk', title: '香港去澳门船票多少钱' }, { id: 'ferry-fare-sz', title: '深圳去澳门船票多少钱' }] }));
    script.set('ferry-fare-sz', () => faq('ferry-fare-sz', '请以船公司公布的票价为准。'));
    const rider = world.contact('contact-ferry', '张先生');
    rider.say('船票');
    await waitFor(() => rider.received[0], 'options');
    rider.say('2');
    await waitFor(() => rider.received[1], 'the chosen answer');
    rider.say('要几钱?');
    await waitFor(() => rider.received[2], 'the follow-up answer');
    const transcript = answerCalls('contact-ferry')[2]!.transcript!;
    expect(transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['船票', '去澳门的船在哪里坐']);
    // The follow-up asked back: a numbered reply still picks from its options.
    rider.say('2');
    expect(await waitFor(() => rider.received[3], 'the picked answer')).toContain('请以船公司公布的票价为准。');
    expect(answerCalls('contact-ferry')[3]).toMatchObject({ entryId: 'ferry-fare-sz', question: '深圳去澳门船票多少钱' });
  });
});

describe('groups', () => {
  it('ignores a question without a mention, answers one with a mention (mention stripped), and sends personal answers privately', async () => {
    script.set('罗湖口岸几点开门', () => faq('lowu', '罗湖口岸一般 6:30 至 24:00 开放。'));
    script.set('我的申请到哪一步了', () => faq('x', '你的申请进度：\n1. 前台：审核中', { intent: 'application_status', sources: [] }));
    const member = world.contact('contact-group-q', '群友甲');
    const room = world.mocker.createRoom({ id: 'room-ask@chatroom', topic: '深港通勤群', memberIdList: [member.mock.id, world.self.id] });
    const roomReplies: string[] = [];
    room.on('message', (msg) => {
      if (msg.payload.talkerId === BOT_SELF_ID) roomReplies.push(msg.text() ?? '');
    });

    member.mock.say('罗湖口岸几点开门').to(room);
    await sleep(600);
    expect(roomReplies).toEqual([]);
    expect(answerCalls('contact-group-q')).toEqual([]);

    member.mock.say('@湾事通助手\u2005罗湖口岸几点开门', [world.self]).to(room);
    expect(await waitFor(() => roomReplies[0], 'the answer in the room')).toBe(`罗湖口岸一般 6:30 至 24:00 开放。\n来源：国家移民管理局 https://www.nia.gov.cn/lowu\n${translator('zh-Hans')('bot.feedbackHint')}`);
    expect(answerCalls('contact-group-q')[0]!.question).toBe('罗湖口岸几点开门');

    member.mock.say('我的申请到哪一步了', [world.self]).to(room);
    expect(await waitFor(() => member.received[0], 'the private personal answer')).toBe('你的申请进度：\n1. 前台：审核中');
    expect(await waitFor(() => roomReplies[1], 'the pointer in the room')).toBe(`@群友甲 ${translator('zh-Hans')('bot.repliedPrivately')}`);
    expect(roomReplies.join('\n')).not.toContain('审核中');
  });
});

describe('limits', () => {
  it('answers at most BOT_ENQUIRY_PER_MINUTE questions a minute per contact, says so once, then stays silent', async () => {
    script.set('limit test', () => faq('lt', 'ok', { lang: 'en', intent: 'unknown', sources: [] }));
    const eager = world.contact('contact-eager', 'Eager');
    for (let i = 0; i < 13; i += 1) eager.say('limit test');
    await waitFor(() => eager.received.length >= 11, 'ten answers and the notice');
    await sleep(500);
    expect(eager.received.filter((m) => m === 'ok')).toHaveLength(10);
    expect(eager.received.filter((m) => m === translator('en')('bot.rateLimited'))).toHaveLength(1);
    expect(eager.received).toHaveLength(11);
    expect(answerCalls('contact-eager')).toHaveLength(10);
    // Another resident is not affected.
    const calm = world.contact('contact-calm', 'Calm');
    calm.say('limit test');
    expect(await waitFor(() => calm.received[0], 'an answer for someone else')).toBe('ok');
  });

  it('gives an abusive message one neutral reply and does not send it to the server', async () => {
    const rude = world.contact('contact-rude', '路人');
    rude.say('你个傻逼，罗湖口岸几点开门');
    expect(await waitFor(() => rude.received[0], 'the neutral reply')).toBe(translator('zh-Hans')('bot.blocked'));
    rude.say('你條仆街，唔識答就收皮');
    expect(await waitFor(() => rude.received[1], 'the Cantonese reply')).toBe(translator('zh-Hant')('bot.blocked'));
    await sleep(300);
    expect(rude.received).toHaveLength(2);
    expect(answerCalls('contact-rude')).toEqual([]);
  });

  it('leaves bind codes to the Binder: one reply, no enquiry', async () => {
    const { bindCode } = await residentWithApplication(server, 'enquiry-binder', 'zh-Hans');
    const resident = world.contact('contact-enquiry-bind', '新用户');
    resident.say(`绑定 ${bindCode.code}`);
    expect(await waitFor(() => resident.received[0], 'the bind confirmation')).toContain('绑定成功');
    await sleep(400);
    expect(resident.received.filter((m) => !m.includes('/#/pages/applications/detail'))).toHaveLength(1);
    expect(answerCalls('contact-enquiry-bind')).toEqual([]);
  });

  it('answers that the service is unavailable, in the question language, when the server cannot answer', async () => {
    const unlucky = world.contact('contact-unavailable', 'Unlucky');
    world.api.failNext.answer = [new Error('socket hang up')];
    unlucky.say('When does the Lok Ma Chau control point open?');
    expect(await waitFor(() => unlucky.received[0], 'the apology')).toBe(translator('en')('e.unavailable'));
  });
});

describe('friend requests', () => {
  it('accepts a friend request emitted through the mock puppet and greets in the language of its hello', async () => {
    const accept = jest.spyOn(world.puppet, 'friendshipAccept');
    const newcomer = world.contact('contact-new-friend', '新朋友');
    await world.puppet.friendshipPayload('friendship-1', {
      id: 'friendship-1',
      contactId: 'contact-new-friend',
      hello: '你好，想問下回鄉證嘅嘢',
      type: types.Friendship.Receive,
      timestamp: Math.floor(Date.now() / 1000),
      ticket: 'ticket-1',
    } as never);
    world.puppet.emit('friendship', { friendshipId: 'friendship-1' });
    expect(await waitFor(() => newcomer.received[0], 'the welcome')).toBe(translator('zh-Hant')('bot.welcome'));
    expect(accept).toHaveBeenCalledWith('friendship-1');
    accept.mockRestore();
  });
});
