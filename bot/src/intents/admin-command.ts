import { CITIES, INTERESTS, LANGS, type BroadcastAudienceDto } from '@bay/shared';

/** A command typed in the admin group. Pure: text in, command out (undefined: not a command). */
export type AdminCommand =
  | { type: 'help' }
  | { type: 'stats' }
  | { type: 'preview'; audience: BroadcastAudienceDto }
  | { type: 'send'; title: string; body: string }
  | { type: 'bad' };

/**
 * `/broadcast preview all|city:shenzhen,guangzhou|interest:travel|lang:en|groups`,
 * `/broadcast send <title> | <body>`, `/stats`, `/help`. Any other text starting with `/broadcast`
 * is `bad`; text not starting with one of the commands is not a command.
 */
export function parseAdminCommand(input: string): AdminCommand | undefined {
  const text = input.trim();
  if (/^\/help\s*$/i.test(text)) return { type: 'help' };
  if (/^\/stats\s*$/i.test(text)) return { type: 'stats' };
  const m = /^\/broadcast(?:\s+([\s\S]*))?$/i.exec(text);
  if (!m) return undefined;
  const rest = (m[1] ?? '').trim();
  const preview = /^preview\s+(\S+)\s*$/i.exec(rest);
  if (preview) {
    const audience = parseAudience(preview[1]!);
    return audience ? { type: 'preview', audience } : { type: 'bad' };
  }
  const send = /^send\s+([\s\S]+)$/i.exec(rest);
  if (send) {
    const [title, ...bodyParts] = send[1]!.split('|');
    const body = bodyParts.join('|').trim();
    if (!title?.trim() || !body || title.trim().length > 40 || body.length > 500) return { type: 'bad' };
    return { type: 'send', title: title.trim(), body };
  }
  return { type: 'bad' };
}

function parseAudience(spec: string): BroadcastAudienceDto | undefined {
  const [kind, list = ''] = spec.toLowerCase().split(':');
  const values = list.split(',').map((v) => v.trim()).filter(Boolean);
  const all = <T extends string>(allowed: readonly T[]) => (values.length && values.every((v) => (allowed as readonly string[]).includes(v)) ? (values as T[]) : undefined);
  switch (kind) {
    case 'all': return { type: 'all' };
    case 'groups': return { type: 'groups', roomIds: [] };
    case 'city': { const cities = all(CITIES); return cities ? { type: 'city', cities } : undefined; }
    case 'interest': { const interests = all(INTERESTS); return interests ? { type: 'interest', interests } : undefined; }
    case 'lang': {
      const langs = values.map((v) => LANGS.find((l) => l.toLowerCase() === v)).filter((l): l is (typeof LANGS)[number] => !!l);
      return langs.length && langs.length === values.length ? { type: 'lang', langs } : undefined;
    }
    default: return undefined;
  }
}
