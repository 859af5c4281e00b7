import { addWords, segmenter } from './chinese.js';
import { ALIAS_PREFIX, aliasLatinWords, aliasTokens, aliasWords, impliedTokens, stem } from './aliases.js';
import { directionTokens } from './direction.js';
import { normalise } from './normalise.js';
import { addLatinWords, addTypoTargets, correctTypos } from './typos.js';

/**
 * Words that carry no meaning for finding an entry, after normalisation (Simplified, Mandarin).
 * Question words that tell entries apart (哪里, 多少, 多久, 几点, 为什么, where, when) are kept.
 */
const STOP = new Set([
  // Chinese particles, pronouns and fillers
  '的', '了', '吗', '呢', '吧', '啊', '呀', '哦', '嘛', '喔', '啦', '咯', '嗯', '喂', '哈', '么', '噢',
  // Cantonese sentence particles (after opencc: 囉 → 啰)
  '喎', '啰', '啩', '㗎', '噃', '吖', '喇', '嘞', '咋', '咧', '嘅', '囖', '呗',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '自己', '人', '大家',
  '是', '在', '有', '和', '与', '及', '或', '也', '都', '就', '还', '又', '很', '太', '最', '更', '才',
  '要', '想', '请', '请问', '问', '问下', '问一下', '一下', '下', '这', '那', '这个', '那个', '这些', '那些', '些', '一些', '个',
  '什么', '怎么', '怎样', '怎么样', '如何', '咋', '可以', '能', '能否', '能不能', '可不可以', '会', '会不会', '需要', '需不需要', '应该', '得', '着', '过', '被', '把', '让',
  '对', '从', '向', '上', '里', '中', '时候', '现在', '如果', '但是', '因为', '所以', '一个', '没有', '有没有', '不', '是不是', '知道', '谢谢', '好', '好的',
  // English
  'a', 'an', 'the', 'is', 'are', 'am', 'was', 'were', 'be', 'been', 'being', 'do', 'doe', 'does', 'did', 'done',
  'i', 'me', 'my', 'mine', 'we', 'our', 'us', 'you', 'your', 'he', 'she', 'it', 'its', 'they', 'them', 'their',
  'to', 'of', 'in', 'on', 'at', 'for', 'from', 'by', 'with', 'and', 'or', 'but', 'if', 'so', 'as', 'about', 'into', 'than', 'then',
  'can', 'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'how', 'what', 'whats', 'which', 'who', 'whom',
  'there', 'here', 'this', 'that', 'these', 'those', 'any', 'some', 'too', 'very', 'just', 'also', 'please', 'pleas', 'plz', 'pls',
  'hi', 'hello', 'hey', 'get', 'got', 'want', 'need', 'know', 'tell', 'let', 's', 't', 'don', 'dont', 'doesnt', 'isnt', 'im', 'ive',
  'thank', 'thanks', 'one', 'have', 'has', 'had', 'use', 'using', 'go', 'going', 'way', 'like', 'much', 'many', 'thing',
  'while', 'still', 'now', 'yet', 'already', 'really', 'maybe', 'possible', 'possibly', 'ok', 'okay', 'sorry', 'anyone', 'someone',
  'didnt', 'cant', 'wont', 'arent', 'wasnt', 'hasnt', 'havent', 'shouldnt', 'couldnt', 'wouldnt', 'youre', 'theyre',
]);

const HAN = /\p{Script=Han}/u;
const WORD = /^[\p{Script=Han}a-z0-9][\p{Script=Han}a-z0-9&+.-]*$/u;

let primed = false;
/**
 * Teaches the segmenter the alias words (once per process) and any extra words (entry tags); both
 * also become typo targets (typos.ts).
 */
export function primeSegmenter(extraWords: Iterable<string> = []): void {
  if (!primed) {
    const words = aliasWords();
    addWords(words);
    addTypoTargets(words);
    addLatinWords(aliasLatinWords());
    primed = true;
  }
  const extra = [...extraWords].map(normalise);
  addWords(extra);
  addTypoTargets(extra);
  addLatinWords(extra);
}

/** Words that exist in the knowledge base (never corrected as typos). */
export function addKnownText(texts: Iterable<string>): void {
  addLatinWords([], [...texts].map((t) => t.toLowerCase()));
}

/**
 * Search terms of a text: normalise, segment with jieba's search mode (whole words plus their
 * dictionary sub-words: 罗湖口岸 → 罗湖, 口岸, 罗湖口岸), stem Latin words, drop stop words and
 * punctuation, then add the alias tokens of every alias group the text mentions.
 */
export function searchTerms(text: string): string[] {
  primeSegmenter();
  const normalised = normalise(text);
  return termsOfNormalised(normalised);
}

/**
 * Search terms of a question: as searchTerms, with typo correction between normalisation and
 * segmentation (回香证 → 回乡证, shenzen → shenzhen; see typos.ts). Knowledge-base text never
 * goes through the correction.
 */
export function queryTerms(text: string): string[] {
  return analyseQuestion(text).terms;
}

/** A question's search terms plus the broader alias tokens they imply (深圳 → §gba, §mainland). */
export function analyseQuestion(text: string): { terms: string[]; implied: string[] } {
  primeSegmenter();
  const terms = [...new Set(termsOfNormalised(correctTypos(normalise(text))))];
  return { terms, implied: impliedTokens(terms.filter(isAliasToken)) };
}

export function termsOfNormalised(normalised: string): string[] {
  const out: string[] = [];
  for (const raw of segmenter().cutForSearch(normalised, true)) {
    const token = raw.trim().replace(/^[.-]+|[.-]+$/g, '');
    if (!token || !WORD.test(token)) continue;
    const term = HAN.test(token) ? token : stem(token);
    if (STOP.has(term) || STOP.has(token)) continue;
    out.push(term);
  }
  out.push(...aliasTokens(normalised), ...directionTokens(normalised));
  return out;
}

export const isAliasToken = (term: string) => term.startsWith(ALIAS_PREFIX);
export const isHan = (term: string) => HAN.test(term);
