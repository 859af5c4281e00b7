/**
 * Reads a reply to numbered options ("1", "１", "2.", "第2個", "第二个", "option 3", "#2") as the
 * chosen number, or undefined when the text is not just a choice. Full-width digits and Chinese
 * numerals one to nine count; anything more than a choice marker around the number does not, so
 * "2 个人可以一起过关吗" stays a question.
 */
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const CHOICE = new RegExp(
  '^(?:(?:option|choice|number|no\\.?|num|#|选|選|选择|選擇|揀|拣|要)\\s*)?' +
    '(?:第\\s*)?' +
    '([0-9０-９]|[一二两兩三四五六七八九])' +
    '\\s*(?:个|個|项|項|条|條|号|號|款)?' +
    '(?:\\s*(?:吧|啦|呀|啊|喇|la|please|pls))?' +
    '[\\s.。、,，:：)）!！~～]*$',
  'i',
);

export function parseChoice(text: string, count = 3): number | undefined {
  const trimmed = text.normalize('NFKC').trim().replace(/^[(（\[【]\s*/, '');
  const match = CHOICE.exec(trimmed);
  if (!match) return undefined;
  const token = match[1]!;
  const n = CHINESE_DIGITS[token] ?? Number(token);
  return Number.isInteger(n) && n >= 1 && n <= count ? n : undefined;
}
