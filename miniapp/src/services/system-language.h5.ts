/** The browser's preferred language: zh-CN, zh-HK, en-GB ... */
export function systemLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}
