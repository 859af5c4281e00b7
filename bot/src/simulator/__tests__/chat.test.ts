/** The simulator's model on a bare Mocker (no bot, no server): limits and clean-up. */
import { describe, expect, it } from '@jest/globals';
import { log as wechatyLog } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { createChatSimulator, DEMO_RESIDENT, SimulatorError } from '../index.js';

wechatyLog.level('silent');

function bare(options: { maxContacts?: number; maxMessagesPerConversation?: number } = {}) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const self = mocker.createContact({ id: 'sim-self', name: '湾事通助手' });
  return { mocker, puppet, self, simulator: createChatSimulator({ mocker, puppet, self, h5Url: 'http://h5.test/', ...options }) };
}

describe('createChatSimulator', () => {
  it('refuses a contact beyond maxContacts with 409', () => {
    const { simulator } = bare({ maxContacts: 2 });
    simulator.createContact('second');
    let error: unknown;
    try {
      simulator.createContact('third');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorError);
    expect(error).toMatchObject({ status: 409, code: 'too_many_contacts' });
    expect(simulator.conversations().filter((c) => c.kind === 'contact')).toHaveLength(2);
  });

  it('keeps only the latest messages of a conversation', () => {
    const { simulator } = bare({ maxMessagesPerConversation: 3 });
    for (const text of ['a', 'b', 'c', 'd', 'e']) simulator.say(DEMO_RESIDENT.id, text);
    expect(simulator.messages(DEMO_RESIDENT.id)?.map((m) => m.text)).toEqual(['c', 'd', 'e']);
    expect(simulator.messagesAfter(0).map((m) => m.text)).toEqual(['c', 'd', 'e']);
    expect(simulator.lastSeq()).toBe(5);
  });

  it('records a card sent to a contact with its H5 link, and close() gives the puppet its own method back', async () => {
    const { puppet, simulator } = bare();
    const own = Object.getPrototypeOf(puppet).messageSendMiniProgram;
    await puppet.messageSendMiniProgram(DEMO_RESIDENT.id, { appid: 'wx1', title: '职位', description: '说明', pagePath: '/pages/jobs/detail?id=1' });
    expect(simulator.messages(DEMO_RESIDENT.id)?.at(-1)).toMatchObject({
      from: 'bot',
      card: { appid: 'wx1', title: '职位', description: '说明', pagePath: 'pages/jobs/detail?id=1', link: 'http://h5.test/#/pages/jobs/detail?id=1' },
    });
    simulator.close();
    expect(puppet.messageSendMiniProgram).toBe(own);
  });
});
