import { normalise } from '../../../text/normalise.js';

/**
 * Commands and personal intents, recognised before any knowledge-base search. Pure: text in,
 * intent out. Rules work on the normal form (Simplified Mandarin, lower case, half-width), so
 * 我嘅申請去到邊 and 我的申请到哪一步了 are the same question. Commands (subscribe, unsubscribe,
 * greeting) must be the whole message, so "怎么订阅港车北上通知" still goes to the knowledge base.
 */
export type CommandIntent = 'application_status' | 'subscribe' | 'unsubscribe' | 'handoff' | 'greeting';

/** Strips what people wrap around a short command: punctuation, emoji, please/thanks. */
function bare(normalised: string): string {
  return normalised
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .replace(/^(请|麻烦|帮我|我要|我想|please|pls|plz)\s*/u, '')
    .replace(/\s*(谢谢|唔该|please|pls|plz|thanks|thank you)$/u, '')
    .trim();
}

const UNSUBSCRIBE = new Set([
  '退订', '取消订阅', '退订通知', '取消通知', '关闭通知', '停止通知', '不要再发', '不要再发了', '不要发了', '别再发了', '停止推送', '取消推送',
  'td', 't d', 'stop', 'unsubscribe', 'unsub', 'opt out', 'stop notifications', 'no more messages', 'cancel subscription',
]);
const SUBSCRIBE = new Set([
  '订阅', '订阅通知', '开启通知', '打开通知', '恢复通知', '重新订阅', '恢复推送', '接收通知',
  'subscribe', 'start', 'resubscribe', 'unstop', 'opt in', 'notifications on', 'turn on notifications',
]);
const GREETING = new Set([
  '你好', '您好', '你好呀', '哈喽', '哈啰', '嗨', '早晨', '早上好', '下午好', '晚上好', '在吗', '在不在', '有人吗', '帮助', '菜单', '功能',
  'hi', 'hello', 'hey', 'hi there', 'hello there', 'good morning', 'good afternoon', 'good evening', 'help', 'menu', 'start over',
]);

const HANDOFF_ZH = /转人工|人工客服|人工服务|真人客服|找人工|找真人|转接人工|转接客服|真人回复|人工回复|要人工|找客服|联系客服|接人工/u;
const HANDOFF_WHOLE = new Set(['人工', '客服', '真人', 'human', 'agent', 'operator', 'staff', 'a human', 'real person', 'customer service']);
const HANDOFF_EN = /\b(talk|speak|chat)\s+(to|with)\s+(a|an|some|the)?\s*(human|person|agent|staff|someone|real person|operator|officer)\b|\b(human agent|real person|live agent|live person|human being)\b|\btransfer (me )?to (a )?(human|agent|staff)\b/u;

const MY_APPLICATION_ZH = /(我的?|本人的?)(工作|职位|求职|岗位)?申请/u;
const STATUS_WORDS_ZH = /进度|状态|到哪|哪一步|怎么样|结果|有没有消息|有没有回复|有没有回音|审核|审批|批了|通过了|处理|进展|几时|什么时候/u;
const BARE_STATUS_ZH = /^(查询?|查看|看看?)?(我的)?(工作|职位|求职)?申请(的)?(进度|状态|记录)$/u;
const MY_APPLICATION_EN = /\b(my|mine)\b.*\b(job )?applications?\b|\bapplications? i (made|sent|submitted)\b/u;
const STATUS_WORDS_EN = /\b(status|progress|where|update|updates|how|going|result|results|news|heard|track|check|stage|step)\b/u;
const BARE_STATUS_EN = /^((check|show|see|view) )?(my )?(job )?applications?( status| progress)?$/u;

export function detectCommand(text: string): CommandIntent | null {
  const n = normalise(text);
  const b = bare(n);
  if (UNSUBSCRIBE.has(b)) return 'unsubscribe';
  if (SUBSCRIBE.has(b)) return 'subscribe';
  if (HANDOFF_ZH.test(n) || HANDOFF_WHOLE.has(b) || HANDOFF_EN.test(n)) return 'handoff';
  if (BARE_STATUS_ZH.test(b.replace(/\s/g, '')) || BARE_STATUS_EN.test(b)) return 'application_status';
  if ((MY_APPLICATION_ZH.test(n) && STATUS_WORDS_ZH.test(n)) || (MY_APPLICATION_EN.test(n) && STATUS_WORDS_EN.test(n))) return 'application_status';
  if (GREETING.has(b)) return 'greeting';
  return null;
}

/** Intents that need to know who is asking. */
export const PERSONAL_INTENTS: ReadonlySet<CommandIntent> = new Set(['application_status', 'subscribe', 'unsubscribe', 'handoff']);
