// Implemented per platform: open-external.h5.ts (the browser goes to the provider and comes back
// to the consent page), open-external.weapp.ts (the link is copied for the system browser).
/** Sends the resident to an external sign-in page; resolves once handed over. */
export declare function openExternal(url: string): Promise<'navigated' | 'copied'>;
