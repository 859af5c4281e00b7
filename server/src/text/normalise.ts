import { hkToCn } from './chinese.js';

/**
 * Cantonese colloquial forms → Mandarin words, so 點樣申請居住證 and 怎么申请居住证 meet. Keys are
 * written in Traditional (as Hong Kong residents type them); their Simplified spellings are added
 * automatically (Guangzhou residents type 点样, 几多钱), except where the Simplified form is an
 * ordinary Mandarin word (係 → 系 would turn 关系 into 关是). Longer keys win (幾多錢 before 幾多).
 * Single characters are mapped only when they have no other common meaning (點 alone does not:
 * 地點, 幾點).
 */
const CANTONESE: [string, string][] = [
  ['點樣', '怎么'], ['點算', '怎么办'], ['點解', '为什么'], ['點先', '怎样才'], ['點去', '怎么去'], ['點搞', '怎么弄'],
  ['點辦', '怎么办'], ['點買', '怎么买'], ['點申請', '怎么申请'], ['點用', '怎么用'], ['點查', '怎么查'], ['點換', '怎么换'],
  ['點過關', '怎么过关'], ['點搭', '怎么坐'], ['點交', '怎么交'], ['點開', '怎么开'], ['點辦理', '怎么办理'],
  ['幾時', '什么时候'], ['幾耐', '多久'], ['幾多錢', '多少钱'], ['幾錢', '多少钱'], ['幾多', '多少'], ['幾個鐘', '几个小时'],
  ['喺邊度', '在哪里'], ['喺邊', '在哪里'], ['去邊度', '去哪里'], ['去到邊', '到哪里'], ['去邊', '去哪里'], ['到邊', '到哪里'],
  ['邊度', '哪里'], ['邊處', '哪里'], ['邊到', '哪里'], ['邊個', '谁'], ['邊間', '哪家'], ['邊一個', '哪一个'], ['邊啲', '哪些'],
  ['邊條', '哪条'], ['邊種', '哪种'], ['邊區', '哪个区'], ['邊一步', '哪一步'],
  ['係咪', '是不是'], ['係唔係', '是不是'], ['係', '是'],
  ['唔該晒', '谢谢'], ['唔該', '请'], ['多謝', '谢谢'], ['唔使', '不用'], ['使唔使', '需不需要'], ['要唔要', '要不要'],
  ['可唔可以', '可不可以'], ['得唔得', '可不可以'], ['有冇', '有没有'], ['識唔識', '会不会'], ['啱唔啱', '对不对'],
  ['唔見咗', '丢了'], ['唔見', '丢了'], ['唔記得', '忘记'], ['唔得', '不行'], ['唔', '不'],
  ['冇', '没有'], ['咗', '了'], ['嘅', '的'], ['啲', '些'], ['乜嘢', '什么'], ['咩嘢', '什么'], ['咩', '什么'], ['乜', '什么'],
  ['搵工', '找工作'], ['搵', '找'], ['睇醫生', '看医生'], ['睇病', '看病'], ['睇', '看'], ['畀錢', '付钱'], ['畀', '给'], ['俾錢', '付钱'], ['俾', '给'],
  ['攞', '拿'], ['喺', '在'], ['佢哋', '他们'], ['我哋', '我们'], ['你哋', '你们'], ['佢', '他'], ['哋', '们'], ['嚟', '来'],
  ['咁', '这么'], ['噉', '这样'], ['嘢', '东西'], ['而家', '现在'], ['今日', '今天'], ['聽日', '明天'], ['尋日', '昨天'], ['琴日', '昨天'],
  ['屋企', '家'], ['返工', '上班'], ['放工', '下班'], ['返屋企', '回家'], ['返大陸', '回内地'], ['返內地', '回内地'], ['返鄉下', '回老家'],
  ['搭車', '坐车'], ['搭船', '坐船'], ['搭巴士', '坐巴士'], ['搭地鐵', '坐地铁'], ['搭港鐵', '坐港铁'], ['搭飛機', '坐飞机'], ['搭高鐵', '坐高铁'], ['搭的士', '坐的士'],
  ['埋單', '买单'], ['得閒', '有空'], ['嗰個', '那个'], ['嗰度', '那里'], ['嗰', '那'], ['呢個', '这个'], ['呢度', '这里'], ['呢啲', '这些'], ['呢間', '这家'],
  ['細路', '小孩'], ['老豆', '父亲'], ['老母', '母亲'], ['老細', '老板'], ['拖糧', '拖欠工资'], ['出糧', '发工资'], ['份工', '工作'],
  ['煙仔', '香烟'], ['請人', '招聘'], ['買嘢', '买东西'], ['食嘢', '吃东西'], ['飲嘢', '喝东西'], ['揸車', '开车'], ['泊車', '停车'],
  ['返香港', '回香港'], ['返澳門', '回澳门'], ['入大陸', '去内地'], ['上大陸', '去内地'], ['落香港', '去香港'],
  // Everyday Hong Kong words and their Mandarin counterparts.
  ['返', '回'], ['搭', '坐'], ['揸', '开'], ['閂', '关'], ['收工', '下班'], ['做嘢', '工作'], ['炒散', '兼职'],
  ['著數', '好处'], ['着数', '好处'], ['留意', '注意'], ['最尾', '最后'], ['尾班車', '末班车'],
  ['朝早', '早上'], ['夜晚', '晚上'], ['晏晝', '中午'], ['聽朝', '明天早上'],
  ['個仔', '儿子'], ['個女', '女儿'], ['仔女', '子女'], ['生仔', '生孩子'], ['生女', '生孩子'], ['生bb', '生孩子'],
  ['俾人呃', '被人骗'], ['被人呃', '被人骗'], ['呃錢', '骗钱'], ['呃人', '骗人'], ['俾人炒', '被解雇'], ['俾公司炒', '被公司解雇'],
  ['被炒', '被解雇'], ['炒魷魚', '解雇'],
  ['最抵', '最划算'], ['抵唔抵', '划不划算'], ['好抵', '很划算'], ['最平', '最便宜'], ['平啲', '便宜些'], ['平唔平', '便不便宜'],
  ['鋪頭', '商店'], ['舖頭', '商店'], ['士多', '小店'], ['手提電話', '手机'], ['手提電腦', '笔记本电脑'], ['傾偈', '聊天'],
  ['白車', '救护车'], ['差佬', '警察'], ['差館', '警察局'], ['電單車', '摩托车'], ['單車', '自行车'], ['影相', '拍照'],
  ['駛唔駛', '需不需要'], ['使唔駛', '需不需要'], ['駛唔使', '需不需要'],
];

/** Simplified spellings that are ordinary Mandarin and must not be rewritten. */
const KEEP_SIMPLIFIED = new Set(['系']);

let table: { pattern: RegExp; map: Map<string, string> } | undefined;

function cantoneseTable(): { pattern: RegExp; map: Map<string, string> } {
  if (table) return table;
  const map = new Map<string, string>();
  for (const [from, to] of CANTONESE) {
    map.set(from, to);
    const simplified = hkToCn(from);
    if (simplified !== from && !KEEP_SIMPLIFIED.has(simplified) && !map.has(simplified)) map.set(simplified, to);
  }
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  table = { pattern: new RegExp(keys.map(escape).join('|'), 'g'), map };
  return table;
}

/** 點 after these is a point or an o'clock (幾點, 一點, 地點, 重點), not Cantonese "how". */
const NOT_HOW_BEFORE_DIAN = new Set([...'幾几一兩两三四五六七八九十地終终重起景焦缺優优特觀观要早晚半差']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Cantonese colloquial → Mandarin (works on Traditional or Simplified input). */
export function cantoneseToMandarin(text: string): string {
  const { pattern, map } = cantoneseTable();
  // 人工 is "pay" in Cantonese (份人工, 幾多人工) but "a person" in 转人工 / 人工客服: rewrite only the former.
  return text
    .replace(/(份|幾多|几多)人工/g, (_m, before: string) => `${before === '份' ? '' : before}工资`)
    // 仲 is "still" (仲有, 仲使唔使), except in 仲裁 (arbitration) and 仲介 (agent).
    .replace(/仲(?![裁介])/g, '还')
    .replace(pattern, (m, offset: number, whole: string) => {
    // 幾點開門 / 几点开门 is "what time does it open", not 點開 "how to open".
    if ((m[0] === '點' || m[0] === '点') && offset > 0 && NOT_HOW_BEFORE_DIAN.has(whole[offset - 1]!)) return m;
    return map.get(m) ?? m;
  });
}

/**
 * English chat abbreviations → words (whole words only, after lower-casing). Domain abbreviations
 * (HRP, HKID, XRL, MPF…) are alias terms instead (aliases.json), so they keep their own token.
 */
const ABBREVIATIONS: Record<string, string> = {
  hr: 'hour', hrs: 'hours', mins: 'minutes', sec: 'second', wk: 'week', wks: 'weeks', mth: 'month', mths: 'months',
  yr: 'year', yrs: 'years', tmr: 'tomorrow', tmrw: 'tomorrow', tmw: 'tomorrow', b4: 'before',
  govt: 'government', gov: 'government', dept: 'department', acct: 'account', appt: 'appointment', ppl: 'people',
  u: 'you', ur: 'your', r: 'are', thx: 'thanks', ty: 'thanks', bc: 'because', cuz: 'because', coz: 'because', abt: 'about',
  uni: 'university', intl: 'international', docs: 'documents', reqs: 'requirements', req: 'requirement',
  info: 'information', amt: 'amount', max: 'maximum', approx: 'about', num: 'number', tel: 'telephone', msg: 'message',
  wanna: 'want to', gonna: 'going to', 'w/o': 'without', 'w/': 'with',
};
const ABBREVIATION = new RegExp(`(?<![\\p{L}\\p{N}])(${Object.keys(ABBREVIATIONS).sort((a, b) => b.length - a.length).map((k) => escape(k)).join('|')})(?![\\p{L}\\p{N}])`, 'gu');

/** English abbreviations and number-unit forms: "24hrs" → "24 hours", "open hrs" → "open hours", "24/7" → "24 hours". */
export function expandAbbreviations(text: string): string {
  if (!/[a-z]/.test(text)) return text;
  return text
    .replace(/\b24\s*\/\s*7\b/g, '24 hours')
    .replace(/(\d)(hrs?|hours?|mins?|yrs?|years?|days?)\b/g, '$1 $2')
    .replace(ABBREVIATION, (m) => ABBREVIATIONS[m] ?? m);
}

/**
 * The one normal form questions and knowledge-base text are compared in: NFKC (full-width letters,
 * digits and punctuation → half-width), lower case, Cantonese → Mandarin words, Traditional →
 * Simplified (opencc hk→cn), apostrophes dropped (what's → whats), English chat abbreviations
 * expanded (hrs → hours, govt → government) and whitespace collapsed.
 */
export function normalise(text: string): string {
  const folded = expandAbbreviations(text.normalize('NFKC').toLowerCase().replace(/[’'`]/g, ''));
  return hkToCn(cantoneseToMandarin(folded)).replace(/\s+/g, ' ').trim();
}
