import Taro from '@tarojs/taro';

/** weapp: official sites are not registered business domains, so the link is copied for the browser. */
export async function openSource(url: string): Promise<'opened' | 'copied'> {
  await Taro.setClipboardData({ data: url });
  return 'copied';
}
