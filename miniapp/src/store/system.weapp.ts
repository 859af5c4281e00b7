import Taro from '@tarojs/taro';

/**
 * WeChat base library 2.23.4+ reports the resident's font setting in getAppBaseInfo; Taro 4.2.1's
 * typings lack these two fields (see PLATFORM.md), hence the local extension.
 */
interface AppBaseInfoWithFont extends Taro.getAppBaseInfo.Result {
  /** The font size chosen in WeChat's settings, in px (17 is WeChat's standard size). */
  fontSizeSetting?: number;
  /** That choice as a factor of the standard size (1 = standard). */
  fontSizeScaleFactor?: number;
}

/** Above these, type is large enough that the resident most likely wants the elder layout. */
export const LARGE_FONT_SCALE = 1.15;
export const LARGE_FONT_PX = 20;

function baseInfo(): AppBaseInfoWithFont | undefined {
  try {
    return Taro.getAppBaseInfo() as AppBaseInfoWithFont;
  } catch {
    return undefined;
  }
}

export function systemLanguage(): string | undefined {
  const fromBase = baseInfo()?.language;
  if (fromBase) return fromBase;
  try {
    return Taro.getSystemInfoSync().language;
  } catch {
    return undefined;
  }
}

export function systemElder(): boolean | undefined {
  const info = baseInfo();
  if (!info) return undefined;
  if (typeof info.fontSizeScaleFactor === 'number') return info.fontSizeScaleFactor >= LARGE_FONT_SCALE;
  if (typeof info.fontSizeSetting === 'number') return info.fontSizeSetting >= LARGE_FONT_PX;
  return undefined;
}
