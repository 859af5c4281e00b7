import { readFileSync } from 'node:fs';

/*
 * The abusive-content blocklist (blocklist.txt beside this file). A message that contains an entry
 * gets one neutral reply and is not sent to the server. Chinese entries match anywhere in the
 * message once spaces and punctuation are gone ("傻 逼" too); Latin entries match whole words only,
 * so "Scunthorpe" or "shitake" style accidents stay rare.
 */
export interface Blocklist {
  matches(text: string): boolean;
}

const NOISE = /[\s\p{P}\p{S}_]+/gu;
const LATIN = /^[a-z0-9' ]+$/;

export function parseBlocklist(source: string): string[] {
  return source
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith('#'));
}

export function createBlocklist(words: readonly string[]): Blocklist {
  const latin: RegExp[] = [];
  const other: string[] = [];
  for (const word of words) {
    if (LATIN.test(word)) {
      const parts = word.split(/\s+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      latin.push(new RegExp(`(?:^|[^a-z0-9])${parts.join('[\\s\\p{P}]+')}(?:$|[^a-z0-9])`, 'u'));
    } else {
      other.push(word.replace(NOISE, ''));
    }
  }
  return {
    matches(text) {
      const lower = text.normalize('NFKC').toLowerCase();
      if (latin.some((re) => re.test(lower))) return true;
      const squeezed = lower.replace(NOISE, '');
      return other.some((word) => word && squeezed.includes(word));
    },
  };
}

let defaultList: Blocklist | undefined;

/** The blocklist shipped with the bot (read once). */
export function defaultBlocklist(): Blocklist {
  defaultList ??= createBlocklist(parseBlocklist(readFileSync(new URL('./blocklist.txt', import.meta.url), 'utf8')));
  return defaultList;
}
