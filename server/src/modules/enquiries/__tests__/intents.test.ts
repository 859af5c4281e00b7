import { describe, expect, it } from '@jest/globals';
import { detectCommand } from '../nlp/intents.js';

describe('detectCommand (personal intents and commands)', () => {
  it.each([
    ['我的申请到哪一步了', 'application_status'],
    ['我嘅申請去到邊', 'application_status'],
    ['my application status', 'application_status'],
    ['Where is my application?', 'application_status'],
    ['退订', 'unsubscribe'],
    ['取消订阅', 'unsubscribe'],
    ['TD', 'unsubscribe'],
    ['STOP', 'unsubscribe'],
    ['unsubscribe', 'unsubscribe'],
    ['订阅', 'subscribe'],
    ['转人工', 'handoff'],
    ['轉人工', 'handoff'],
    ['人工客服', 'handoff'],
    ['human', 'handoff'],
    ['I want to talk to a human', 'handoff'],
    ['你好', 'greeting'],
  ])('%s → %s', (text, intent) => {
    expect(detectCommand(text)).toBe(intent);
  });

  it.each(['居住证申请进度怎么查', '怎么订阅港车北上通知', '我的居住证申请到哪一步了', 'how do I apply for a job', '罗湖口岸几点开门', 'stop smoking rules at the border'])(
    'leaves the question %s to the knowledge base', (text) => {
      expect(detectCommand(text)).toBeNull();
    },
  );
});
