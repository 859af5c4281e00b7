import Taro from '@tarojs/taro';
import { notifyApi } from './api';

/** WeChat accepts at most 3 templates per requestSubscribeMessage call. */
const MAX_TEMPLATES_PER_REQUEST = 3;

let templateIds: string[] | null = null;

export async function prepareSubscribe(): Promise<void> {
  if (templateIds) return;
  try {
    templateIds = (await notifyApi.templates()).slice(0, MAX_TEMPLATES_PER_REQUEST);
  } catch {
    templateIds = null;
  }
}

export async function askForGrants(): Promise<void> {
  try {
    // Fetching inside the tap is a fallback: WeChat may treat a call after a round trip as no longer a tap.
    if (!templateIds) await prepareSubscribe();
    const tmplIds = templateIds ?? [];
    if (!tmplIds.length) return;
    const res = (await Taro.requestSubscribeMessage({ tmplIds } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<
      string,
      string
    >;
    const accepted = tmplIds.filter((id) => res[id] === 'accept');
    const rejected = tmplIds.filter((id) => res[id] === 'reject' || res[id] === 'ban');
    if (accepted.length || rejected.length) await notifyApi.grants({ accepted, rejected });
  } catch {
    // Declined, unsupported base library, or the server is unreachable: the submission goes on.
  }
}

export function resetSubscribeForTests(): void {
  templateIds = null;
}
