import { BIND_CODE_PATTERN } from '@bay/shared';

/**
 * Finds a bind code in a chat message.
 *
 * - A message that is only a code counts when, ignoring spaces, it matches the shared pattern
 *   and contains a digit or was typed in capitals. An all-lower-case word such as "thanks" is
 *   made of code letters too, so it is not taken for a code without a bind keyword.
 * - After a bind keyword (绑定 / 綁定 / 绑定码 / 綁定碼 / bind / bind code ...) any case counts,
 *   spaces and punctuation around the code are tolerated.
 *
 * `found: 'code'` carries the normalised (upper-case) code; `found: 'malformed'` means the user
 * clearly tried to bind (a keyword in a short message) but what follows is not a valid code. A
 * longer question that only uses the word ("怎么绑定银行卡") is `none`: an enquiry for the server.
 */
export type BindCodeMatch = { found: 'code'; code: string } | { found: 'malformed' } | { found: 'none' };

const MAX_HAN_AROUND_KEYWORD = 4;
const MAX_WORDS_AROUND_KEYWORD = 2;
const KEYWORD = /(?:绑定码|綁定碼|绑定|綁定|绑码|綁碼|验证码|驗證碼|bind(?:ing)?(?:\s*code)?)/i;
const SEPARATORS = /[\s:：,，.。;；!！?？"'“”‘’「」『』()（）\[\]【】<>《》\-—_=]+/g;

function normalise(candidate: string): string | undefined {
  const upper = candidate.toUpperCase();
  return BIND_CODE_PATTERN.test(upper) ? upper : undefined;
}

export function findBindCode(text: string): BindCodeMatch {
  const trimmed = text.trim();
  if (!trimmed) return { found: 'none' };

  const bare = trimmed.replace(SEPARATORS, '');
  const bareCode = normalise(bare);
  if (bareCode && (/\d/.test(bare) || bare === bare.toUpperCase())) return { found: 'code', code: bareCode };

  const keyword = KEYWORD.exec(trimmed);
  if (!keyword) return { found: 'none' };

  const after = trimmed.slice(keyword.index + keyword[0].length);
  // "绑定码是 AB 12 CD" → the Latin letters and digits of the remainder are the code.
  const joined = normalise(after.replace(/[^A-Za-z0-9]/g, ''));
  if (joined) return { found: 'code', code: joined };
  // "bind AB12CD please" / "绑定码是AB12CD谢谢" → the first 6-character run that is a code.
  for (const token of after.split(SEPARATORS)) {
    for (const run of token.match(/[A-Za-z0-9]{6,}/g) ?? []) {
      const code = run.length === 6 ? normalise(run) : undefined;
      if (code) return { found: 'code', code };
    }
  }
  // "AB12CD 绑定" → a code before the keyword.
  for (const run of trimmed.slice(0, keyword.index).match(/[A-Za-z0-9]+/g) ?? []) {
    const code = run.length === 6 ? normalise(run) : undefined;
    if (code) return { found: 'code', code };
  }
  // A short message around the keyword is a failed bind attempt ("绑定", "bind me", "綁定碼係 ABCDEFG");
  // a longer one is a question that merely uses the word ("微信支付怎么绑定香港银行卡").
  const rest = `${trimmed.slice(0, keyword.index)} ${after}`;
  const hanCount = (rest.match(/\p{Script=Han}/gu) ?? []).length;
  const wordCount = (rest.match(/[A-Za-z]+/g) ?? []).length;
  return hanCount <= MAX_HAN_AROUND_KEYWORD && wordCount <= MAX_WORDS_AROUND_KEYWORD ? { found: 'malformed' } : { found: 'none' };
}
