// Implemented per platform: api-base.weapp.ts, api-base.h5.ts.
export declare const API_BASE: string;
