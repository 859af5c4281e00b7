/** The browser's preferred language: zh-CN, zh-HK, en-GB ... */
export function systemLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/**
 * Browsers report no font setting, so H5 takes `?elder=1` (or `0`) from the URL, before or after
 * the hash (Taro's hash router puts page queries after `#/...?`): links and tests use it.
 */
export function systemElder(): boolean | undefined {
  if (typeof location === 'undefined') return undefined;
  const queries = [location.search, location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : ''];
  for (const q of queries) {
    const value = new URLSearchParams(q).get('elder');
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
  }
  return undefined;
}
