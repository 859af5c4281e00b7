/** H5: the source opens in a new tab, so the conversation stays where it is. */
export async function openSource(url: string): Promise<'opened' | 'copied'> {
  window.open(url, '_blank', 'noopener');
  return 'opened';
}
