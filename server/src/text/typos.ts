/**
 * Typo tolerance at question time (never applied to knowledge-base text).
 *
 * Chinese: pinyin input methods put a character of the same (or a near) sound in place of the
 * intended one: 回香证 for 回乡证, 港澳通信证 for 港澳通行证, 医疗卷 for 医疗券, 强基金 for 强积金. Words
 * the engine knows — alias terms and entry tags of 3+ characters — are expanded once with every
 * single-character substitution from CONFUSABLE; a question containing such a variant gets the
 * known word back before segmentation. Two-character words are left alone: one changed character
 * in two is as often another real word as a typo.
 *
 * English: a word of 5+ letters that is not in the index's vocabulary is replaced by the one
 * vocabulary word within one edit (insertion, deletion, substitution or swap of neighbours; two
 * edits from 9 letters): "shenzen" → "shenzhen", "octopuss" → "octopus". Without a unique
 * candidate the word is left alone (MiniSearch's own fuzzy matching still applies to it).
 */

/**
 * Sets of characters that pinyin input confuses (same syllable, or the n/ng, z/zh, c/ch, s/sh, l/n
 * pairs that many southern speakers do not distinguish). Simplified only: questions are compared
 * after opencc hk→cn.
 */
const CONFUSABLE: string[] = [
  '乡香相箱湘详祥', '证正政症整征睁争', '行型形性信星新心兴', '券卷劝', '积基机级及极急即集几挤', '湾弯', '账帐仗涨',
  '份分', '签千迁牵', '注住著助驻主', '居局据举巨聚剧', '保宝报包饱', '医一衣依以已', '疗了聊', '港岗刚钢',
  '澳奥傲', '罗萝逻螺锣', '湖胡壶糊', '圳镇震阵', '福付复副富服府', '田甜填', '莲连联廉怜', '塘堂唐糖',
  '珠朱猪株诸', '关官观管冠', '闸炸扎', '拱共贡', '北被备倍背', '横衡恒', '琴勤芹秦', '社设舍射',
  '险现显线县', '金今近进斤津紧', '强墙抢', '通同统痛', '达答打大', '微为维未围', '支知只指之',
  '税水睡', '免面棉', '续需许序', '办半般搬版', '补不部步', '领令另零', '养样洋阳', '老劳', '院愿远员',
  '药要耀', '诊真珍', '号好豪', '码马吗妈', '漫慢满', '游有由又', '流留刘', '宽款', '带代待袋戴',
  '租组足', '房方防访', '楼搂漏', '票漂飘', '铁贴', '站战占', '船传穿', '学雪', '校笑效', '考靠烤',
  '试是事式市室适', '资自子字姿', '格个各隔', '工公功攻供', '作做坐座', '伤商上', '失湿十时',
  '业也夜叶', '疫意亿易', '苗描秒', '护户互沪', '驾价架假家加嫁', '牌排派', '押压鸭', '转赚专',
  '汇会回惠慧', '换还环欢', '钱前潜', '额饿鹅', '度读肚渡独', '粤越月约', '康抗扛', '籍记继纪技际',
  '境竟静经', '口扣', '岸按案暗', '海还', '外歪', '照找招', '宿速诉', '登灯等', '婚混魂', '捕补',
  '陆路录鹿', '递第弟地', '邮油有', '寄记计', '险鲜', '验燕', '龄玲灵零', '津金', '综总纵', '援员缘',
];

const confusablesOf = new Map<string, string>();
for (const set of CONFUSABLE) {
  for (const ch of set) confusablesOf.set(ch, (confusablesOf.get(ch) ?? '') + set.replaceAll(ch, ''));
}

/** variant → known word, by the variant's first character. Ambiguous variants are dropped. */
const variants = new Map<string, Map<string, string | null>>();
const knownWords = new Set<string>();

/** Registers known Chinese words (normalised) as typo targets. Idempotent; words under 3 characters are ignored. */
export function addTypoTargets(words: Iterable<string>): void {
  const fresh: string[] = [];
  for (const w of words) {
    if ([...w].length < 3 || !/^\p{Script=Han}+$/u.test(w) || knownWords.has(w)) continue;
    knownWords.add(w);
    fresh.push(w);
  }
  for (const word of fresh) {
    // A known word is never a typo of another one.
    variants.get(word[0]!)?.delete(word);
    const chars = [...word];
    chars.forEach((ch, i) => {
      for (const alt of confusablesOf.get(ch) ?? '') {
        const variant = chars.slice(0, i).join('') + alt + chars.slice(i + 1).join('');
        if (knownWords.has(variant)) continue;
        const bucket = variants.get(variant[0]!) ?? new Map<string, string | null>();
        variants.set(variant[0]!, bucket);
        const existing = bucket.get(variant);
        bucket.set(variant, existing === undefined || existing === word ? word : null);
      }
    });
  }
}

/** Replaces known-word typos in a normalised (Simplified) question: 回香证过期 → 回乡证过期. */
export function correctChineseTypos(normalised: string): string {
  if (!variants.size || !/\p{Script=Han}/u.test(normalised)) return normalised;
  let out = '';
  let i = 0;
  while (i < normalised.length) {
    const bucket = variants.get(normalised[i]!);
    let best: [string, string] | undefined;
    if (bucket) {
      for (const [variant, word] of bucket) {
        if (word && (!best || variant.length > best[0].length) && normalised.startsWith(variant, i)) best = [variant, word];
      }
    }
    if (best) {
      out += best[1];
      i += best[0].length;
    } else {
      out += normalised[i]!;
      i++;
    }
  }
  return out;
}

/** True when a and b are within `max` edits (Damerau: a swap of neighbours is one edit). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]! <= max;
}

const latinKnown = new Set<string>();
const latinTargets = new Map<number, string[]>();

/**
 * Registers English typo targets (words of alias terms and tags) and words that are never typos
 * (every word of the knowledge base). Idempotent.
 */
export function addLatinWords(targets: Iterable<string>, known: Iterable<string> = []): void {
  for (const text of known) for (const w of text.match(/[a-z]+/g) ?? []) latinKnown.add(w);
  for (const text of targets) {
    for (const w of text.match(/[a-z]+/g) ?? []) {
      if (w.length < 4) continue;
      latinKnown.add(w);
      const bucket = latinTargets.get(w.length) ?? [];
      if (!bucket.includes(w)) bucket.push(w);
      latinTargets.set(w.length, bucket);
    }
  }
}

/**
 * Replaces misspelt English words (5+ letters, unknown to the knowledge base) by the single target
 * word within reach (one edit; two from 9 letters).
 */
export function correctLatinTypos(normalised: string): string {
  if (!latinTargets.size || !/[a-z]{5}/.test(normalised)) return normalised;
  return normalised.replace(/[a-z]{5,}/g, (word) => {
    if (latinKnown.has(word)) return word;
    const max = word.length >= 9 ? 2 : 1;
    let found: string | undefined;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const candidate of latinTargets.get(len) ?? []) {
        if (!withinEdits(word, candidate, max)) continue;
        if (found && found !== candidate) return word;
        found = candidate;
      }
    }
    return found ?? word;
  });
}

/** Both corrections, on a normalised question. */
export function correctTypos(normalised: string): string {
  return correctLatinTypos(correctChineseTypos(normalised));
}
