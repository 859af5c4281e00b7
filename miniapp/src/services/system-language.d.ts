// Implemented per platform: system-language.weapp.ts, system-language.h5.ts.
export declare function systemLanguage(): string | undefined;
