import type { TranscriptTurn } from '@bay/shared';
import { normalise } from '../../../text/normalise.js';

/**
 * Follow-up questions in a conversation: "那澳门呢?", "what about for Macao residents?", "要几钱?"
 * after a question about a ferry. They make sense only with the question before them, which the
 * caller sends as the transcript (the bot keeps the last few turns of each conversation for ten
 * minutes; the server keeps nothing between requests, so any instance can answer).
 *
 * A follow-up is recognised by its opening ("那…", "咁…", "what about…", "and for…") or closing
 * ("…呢?") words, or by being a short question that does not stand alone (the service tries it
 * alone first and uses the context only when alone it would not be answered directly). Its
 * context question is the last user turn before it; a place or a kind of resident it names
 * replaces the one of the same kind in the context ("那澳门呢?" after a question about Hong Kong
 * asks the same about Macao), and everything else it says is added to it.
 */

/** Words of one kind: a follow-up naming one of them replaces any other of them in the context. */
const KINDS: string[][] = [
  // Where the resident is from (normalised: Simplified, lower case). 内地 / mainland is the other side, not one of these.
  ['香港', '澳门', '台湾', 'hong kong', 'hk', 'macao', 'macau', 'taiwan'],
  // Mainland cities and zones.
  ['深圳', '广州', '珠海', '东莞', '佛山', '中山', '惠州', '江门', '肇庆', '横琴', '前海', '南沙',
    'shenzhen', 'guangzhou', 'zhuhai', 'dongguan', 'foshan', 'zhongshan', 'huizhou', 'jiangmen', 'zhaoqing', 'hengqin', 'qianhai', 'nansha'],
  // Ports.
  ['罗湖', '皇岗', '落马洲', '福田口岸', '深圳湾', '文锦渡', '莲塘', '香园围', '沙头角', '拱北', '关闸', '青茂', '港珠澳大桥', '西九龙', '蛇口', '横琴口岸',
    'lo wu', 'huanggang', 'lok ma chau', 'futian', 'shenzhen bay', 'man kam to', 'liantang', 'heung yuen wai', 'sha tau kok', 'gongbei', 'border gate', 'qingmao', 'hzmb', 'west kowloon', 'shekou'],
  // Cards and wallets.
  ['八达通', '澳门通', '岭南通', '交通联合', '支付宝', '微信支付', '云闪付', 'octopus', 'macau pass', 'lingnan pass', 't-union', 'alipay', 'wechat pay', 'unionpay'],
  // Who is asking.
  ['香港居民', '澳门居民', '台湾居民', '内地居民', '外国人', '永久居民', '非永久居民', '学生', '长者', '老人', '小朋友', '小孩', '儿童',
    'hong kong residents', 'macao residents', 'macau residents', 'mainland residents', 'foreigners', 'students', 'elderly', 'children', 'kids'],
];

/**
 * What a question asks about its subject (when, how much, how long, where, how, what is needed,
 * whether). A follow-up that asks something of its own ("要几钱?" after "去澳门的船在哪里坐") drops
 * the context's, so the subject is searched with the new question only.
 */
const ASKING = new RegExp([
  '几点开', '几点关', '几点', '开放时间', '营业时间', '什么时候', '几时', '多少钱', '几钱', '费用', '收费', '价钱', '价格', '票价',
  '多久', '多长时间', '在哪里', '在哪', '哪里', '怎么去', '怎么走', '怎么办', '怎么', '如何', '怎样', '申请', '办理',
  '需要什么', '要带什么', '带什么', '要什么', '条件', '能不能', '可不可以', '可以', '是不是', '吗', '坐',
  '\\bwhat time\\b', '\\bwhen\\b', '\\bopen(?:ing)?(?: hours)?\\b', '\\bclos(?:e|es|ing)\\b', '\\bhours\\b', '\\bhow much\\b', '\\bcosts?\\b',
  '\\bfees?\\b', '\\bprice\\b', '\\bfares?\\b', '\\bhow long\\b', '\\bwhere\\b', '\\bhow (?:do|can|should) i\\b', '\\bhow to\\b', '\\bapply\\b',
  '\\bneed\\b', '\\bbring\\b', '\\bcan i\\b', '\\bis it\\b', '\\bdo i\\b',
].join('|'), 'g');

const ZH_OPENING = /^(?:那么|那如果|那要是|那|咁样|咁|噉|如果是|如果系|要是|还有|仲有|另外|至于|换成|换做)\s*/;
const ZH_CLOSING = /(?:呢|嘞|啊呢)\s*[?？]*\s*$/;
const EN_OPENING = /^(?:what about|how about|and what about|and for|and|what if|same for|same question for|also for|and if)\b\s*/i;

export interface FollowUp {
  /** The question to search: the context with the follow-up's words in it. */
  question: string;
  /** Opening or closing words said so; otherwise only a short question without its own subject. */
  explicit: boolean;
}

const CHOICE = /^\s*(?:第\s*)?[0-9０-９一二三]\s*(?:个|個|项|項)?\s*$/;
const lengthOf = (text: string) => (/[a-z]/i.test(text) && !/[\u3400-\u9fff]/.test(text) ? text.trim().split(/\s+/).length * 2 : [...text.replace(/\s|[?？!！。，,.]/g, '')].length);
/** Short enough that it may lean on the question before it (≤ 8 Chinese characters, ≤ 4 English words). */
const SHORT = 8;

const FILLER = /[\s?？!！。，,.~～]|[吗呢啊呀吧哦喔嘛的了要还仲请问想问下]/g;
const LATIN_FILLER = /\b(?:it|is|are|the|a|an|does|do|did|for|that|this|there|much|long|so|and|please|then|i|we|to|be|take|will|would|can|about)\b/g;

/**
 * Whether a short question names a subject of its own ("医保", "octopus"): then it is a new
 * question, not a follow-up. What is left once its asking words (要几钱, how much) and fillers go.
 */
function hasOwnSubject(question: string): boolean {
  const rest = normalise(question).replace(ASKING, ' ').replace(LATIN_FILLER, ' ').replace(FILLER, '');
  return [...rest.replace(/[^\u3400-\u9fff]/g, '')].length >= 2 || /[a-z]{3,}/.test(rest);
}

/** The question this one follows up, if any: the last user turn of the transcript that is not a bare choice number. */
function contextOf(transcript: readonly TranscriptTurn[] | undefined, question: string): string | undefined {
  if (!transcript?.length) return undefined;
  for (let i = transcript.length - 1; i >= 0; i--) {
    const turn = transcript[i]!;
    if (turn.role !== 'user' || CHOICE.test(turn.text)) continue;
    if (turn.text.trim() === question.trim()) continue;
    return turn.text;
  }
  return undefined;
}

function kindMembers(text: string): { kind: number; word: string }[] {
  const out: { kind: number; word: string }[] = [];
  KINDS.forEach((words, kind) => {
    for (const word of words) {
      const latin = /^[a-z ]+$/.test(word);
      const hit = latin ? new RegExp(`\\b${word}\\b`).test(text) : text.includes(word);
      if (hit) out.push({ kind, word });
    }
  });
  return out;
}

/**
 * The follow-up reading of `question` given the conversation so far, or undefined when it is not
 * one (no earlier question, or a question of its own).
 */
export function followUpOf(question: string, transcript: readonly TranscriptTurn[] | undefined): FollowUp | undefined {
  const context = contextOf(transcript, question);
  if (!context) return undefined;
  const raw = question.trim();
  const explicit = ZH_OPENING.test(raw) || ZH_CLOSING.test(raw) || EN_OPENING.test(raw);
  if (!explicit && (lengthOf(raw) > SHORT || hasOwnSubject(raw))) return undefined;
  if (explicit && lengthOf(raw) > 2 * SHORT) return undefined;

  const own = normalise(raw.replace(ZH_OPENING, '').replace(ZH_CLOSING, '').replace(EN_OPENING, ''))
    .replace(/^(?:for|the|in|at)\s+/, '').trim();
  let base = normalise(context);
  let rest = own;
  const named = kindMembers(own);
  for (const { kind, word: namedWord } of named) {
    // Longest first, so 香港居民 goes before 香港. The first one found takes the named word's place
    // (港珠澳大桥香港口岸 → 港珠澳大桥澳门口岸: word order matters to the ranking); others go.
    let placed = false;
    for (const word of [...KINDS[kind]!].sort((a, b) => b.length - a.length)) {
      if (named.some((n) => n.word === word || n.word.includes(word) || word.includes(n.word))) continue;
      const pattern = /^[a-z ]+$/.test(word) ? new RegExp(`\\b${word}\\b`, 'g') : new RegExp(word, 'g');
      if (!pattern.test(base)) continue;
      base = base.replace(pattern, () => (placed ? ' ' : ((placed = true), namedWord)));
    }
    if (placed) rest = rest.replace(namedWord, ' ');
  }
  if (own.search(ASKING) >= 0) base = base.replace(ASKING, ' ');
  const merged = `${base} ${rest}`.replace(/\s+/g, ' ').trim();
  return merged && merged !== normalise(raw) ? { question: merged, explicit } : undefined;
}
