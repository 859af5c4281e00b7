/** H5: leave the app for the provider; its redirect brings the browser back to the consent page. */
export async function openExternal(url: string): Promise<'navigated' | 'copied'> {
  window.location.assign(url);
  return 'navigated';
}
