import type { Lang } from '@bay/shared';
import { findBindCode } from './bind-code.js';
import { guessLang } from './lang.js';

/** What a private chat message asks for. Full enquiry answering comes later. */
export type ChatIntent =
  | { kind: 'bind'; code: string; lang: Lang }
  | { kind: 'bindMalformed'; lang: Lang }
  | { kind: 'greeting'; lang: Lang }
  | { kind: 'help'; lang: Lang }
  | { kind: 'other'; lang: Lang };

const GREETING = /^(?:你好|您好|妳好|哈[囉啰喽]|嗨|[喂哈]+|早晨?|早上好|午安|晚安|晚上好|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|在吗|在嗎|在不在)[\s!！,，.。~～?？]*$/i;
const HELP = /(?:帮助|幫助|帮忙|幫忙|怎么|怎麼|点样|點樣|如何|教我|help|how\s+(?:do|to|can)|\?|？|menu|菜单|菜單)/i;

export function detectIntent(text: string): ChatIntent {
  const bind = findBindCode(text);
  if (bind.found === 'code') return { kind: 'bind', code: bind.code, lang: guessLang(text, { ignore: bind.code }) };
  const lang = guessLang(text);
  if (bind.found === 'malformed') return { kind: 'bindMalformed', lang };
  const trimmed = text.trim();
  if (GREETING.test(trimmed)) return { kind: 'greeting', lang };
  if (HELP.test(trimmed)) return { kind: 'help', lang };
  return { kind: 'other', lang };
}
