import type { Lang } from '@bay/shared';
import { findBindCode } from './bind-code.js';
import { guessLang } from './lang.js';

/** What a chat message asks for, as far as the bot itself decides; `other` goes to the server. */
export type ChatIntent =
  | { kind: 'bind'; code: string; lang: Lang }
  | { kind: 'bindMalformed'; lang: Lang }
  | { kind: 'greeting'; lang: Lang }
  | { kind: 'help'; lang: Lang }
  | { kind: 'feedback'; helpful: boolean; lang: Lang }
  | { kind: 'other'; lang: Lang };

const GREETING = /^(?:你好|您好|妳好|哈[囉啰喽]|嗨|[喂哈]+|早晨?|早上好|午安|晚安|晚上好|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|在吗|在嗎|在不在)[\s!！,，.。~～?？]*$/i;
/*
 * Help means help with the bot itself: a bare "help" / "帮助" / "menu" / "?", or asking how to use it
 * or get its notifications. Any other question ("罗湖口岸怎么去？") is an enquiry for the server.
 */
const HELP_WORD = /^(?:帮助|幫助|帮忙|幫忙|求助|help|menu|菜单|菜單|功能|指令|commands?|教我|[?？]+)[\s!！?？.。~～]*$/i;
const HELP_USAGE = /(?:(?:怎么|怎麼|点样|點樣|如何|点|點)(?:使)?用(?:你|妳|这个|這個|呢個|助手|湾事通|灣事通)?[\s?？吗嗎呀啊呢]*$|(?:怎么|怎麼|点样|點樣|如何).{0,6}(?:收|接收|获取|獲取).{0,3}通知|how\s+(?:do\s+i\s+|to\s+|can\s+i\s+)(?:use\s+(?:this|you|it)|get\s+(?:updates|notifications)))/i;

/** "有用" / "没用" (and Cantonese, English, thumbs) as a whole message: a vote on the last answer. */
const HELPFUL = /^(?:有用|有帮助|有幫助|幫到|帮到|好有用|很有用|useful|helpful|it helped|that helped|yes,? (?:it )?helped|👍)[\s!！.。~～]*$/i;
const UNHELPFUL = /^(?:没用|沒用|冇用|无用|無用|没帮助|沒幫助|冇幫助|幫唔到|帮唔到|唔啱|不对|不對|not useful|unhelpful|not helpful|(?:it )?didn'?t help|useless|wrong|👎)[\s!！.。~～]*$/i;

export function detectIntent(text: string): ChatIntent {
  const bind = findBindCode(text);
  if (bind.found === 'code') return { kind: 'bind', code: bind.code, lang: guessLang(text, { ignore: bind.code }) };
  const lang = guessLang(text);
  if (bind.found === 'malformed') return { kind: 'bindMalformed', lang };
  const trimmed = text.trim();
  if (GREETING.test(trimmed)) return { kind: 'greeting', lang };
  if (HELP_WORD.test(trimmed) || HELP_USAGE.test(trimmed)) return { kind: 'help', lang };
  if (HELPFUL.test(trimmed)) return { kind: 'feedback', helpful: true, lang };
  if (UNHELPFUL.test(trimmed)) return { kind: 'feedback', helpful: false, lang };
  return { kind: 'other', lang };
}

/** The one plugin that answers a text: Binder, Greeter or EnquiryResponder (the rest stay silent). */
export type ConversationOwner = 'binder' | 'greeter' | 'enquiry';

/**
 * Routes a text to exactly one plugin, so the plugins (each a separate `message` listener) never
 * both answer: bind attempts belong to the Binder, greetings and help to the Greeter, everything
 * else (a "有用" / "没用" vote included) to the EnquiryResponder.
 */
export function ownerOf(intent: ChatIntent): ConversationOwner {
  switch (intent.kind) {
    case 'bind':
    case 'bindMalformed':
      return 'binder';
    case 'greeting':
    case 'help':
      return 'greeter';
    default:
      return 'enquiry';
  }
}
