// Implemented per platform: auth.weapp.ts (wx.login -> code2Session), auth.h5.ts (development sign-in).
import type { SessionDto } from '@bay/shared';
import type { DevSignInInput } from './auth.types';

/** weapp ignores the input (the WeChat identity decides); H5 requires it. */
export declare function signIn(input?: DevSignInInput): Promise<SessionDto>;
/** weapp signs in silently at launch when there is no session; H5 waits for the form. */
export declare function signInSilently(): Promise<SessionDto | null>;
