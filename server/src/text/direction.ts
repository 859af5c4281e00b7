import { ALIAS_PREFIX } from './aliases.js';

/**
 * Direction of travel. Most cross-border questions come in pairs that share every word and differ
 * only in which way things go: bringing a dog INTO Hong Kong or INTO the mainland, converting a
 * Hong Kong licence TO a mainland one or the other way round, how much tobacco one may take INTO
 * Macao. Bag-of-words ranking cannot tell these apart, so a destination phrase in a (normalised)
 * text adds a token `§to_<place>` — at index time and at question time, like an alias token.
 *
 * A destination phrase is a movement word right before a place: 入境香港, 带回香港, 回内地, 去澳门,
 * 换内地驾照, 上深圳; "into hong kong", "back to hk", "entering china", "to the mainland". Words of
 * location only (在香港, "in china") say nothing about direction and add nothing.
 */
const PLACES: [token: string, han: string, latin: string][] = [
  ['hongkong', '香港', 'hong kong|hongkong|hk'],
  ['mainland', '内地|大陆|国内|中国|广东|深圳|广州|珠海|东莞|佛山|中山|惠州|江门|肇庆|横琴|前海|南沙', 'mainland|china|guangdong|shenzhen|guangzhou|zhuhai|dongguan|foshan|zhongshan|huizhou|hengqin|qianhai'],
  ['macao', '澳门', 'macau|macao'],
];
const HAN_MOVE = '入境|进入|带入|带进|带回|带去|带到|带返|寄回|寄到|寄去|返回|回到|去到|来到|过去|过来|入|进|回|去|来|到|上|换|转';
const LATIN_MOVE = 'into|to|entering|enter|enters|entered|arriving in|arrive in|visiting|visit';

const RULES = PLACES.map(([token, han, latin]) => ({
  token: `${ALIAS_PREFIX}to_${token}`,
  pattern: new RegExp(`(?:${HAN_MOVE})(?:${han})|\\b(?:${LATIN_MOVE})\\s+(?:the\\s+)?(?:${latin})\\b`, 'u'),
}));

export function directionTokens(normalised: string): string[] {
  return RULES.filter((r) => r.pattern.test(normalised)).map((r) => r.token);
}
