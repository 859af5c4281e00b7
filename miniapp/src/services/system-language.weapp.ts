import Taro from '@tarojs/taro';

/** WeChat's own language setting: zh_CN, zh_HK, zh_TW, en ... */
export function systemLanguage(): string | undefined {
  try {
    return Taro.getSystemInfoSync().language;
  } catch {
    return undefined;
  }
}
