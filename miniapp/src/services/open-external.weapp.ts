import Taro from '@tarojs/taro';

/*
 * WeChat mini-programs cannot open arbitrary web pages; a <web-view> needs the provider's domain
 * registered as a business domain and a bridge page back into the mini-program. Until an
 * operator sets that up, the link is copied for the system browser.
 */
export async function openExternal(url: string): Promise<'navigated' | 'copied'> {
  await Taro.setClipboardData({ data: url });
  return 'copied';
}
