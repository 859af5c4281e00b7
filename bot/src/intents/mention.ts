/*
 * WeChat writes a mention into the text as "@<room alias or name>" followed by a four-per-em space
 * (U+2005), a plain space or the end. Some puppets (wechat4u) do not fill the mention list, so
 * the text itself is the only signal there.
 */
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentionOf = (name: string, flags = '') => new RegExp(`@${escape(name)}(?:[\\u2005\\u0020]|$)`, flags);

/** True when the text mentions any of the names. */
export function mentionsAny(text: string, names: readonly string[]): boolean {
  return names.some((name) => name.trim() !== '' && mentionOf(name.trim()).test(text));
}

/** Removes every mention of the given names, wherever it stands, and trims what is left. */
export function stripMentions(text: string, names: readonly string[]): string {
  // Longest first: "@湾事通助手" must not be cut short by a member called "湾事通".
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  let rest = text;
  for (const name of unique) rest = rest.replace(mentionOf(name, 'g'), ' ');
  return rest.replace(/[\u2005\s]+/g, ' ').trim();
}
