// Implemented per platform: open-source.h5.ts (a new browser tab), open-source.weapp.ts (the link
// is copied: a mini-program cannot open arbitrary web pages).
/** Opens an official source page; resolves to what happened so the page can say so. */
export declare function openSource(url: string): Promise<'opened' | 'copied'>;
