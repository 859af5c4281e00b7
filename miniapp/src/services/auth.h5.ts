import { API, type SessionDto } from '@bay/shared';
import { request } from './request';
import type { DevSignInInput } from './auth.types';
import { getPrefs } from '../store/prefs';
import { saveSession } from '../store/session';

/** Browser preview and tests: the server's development-only sign-in. */
export async function signIn(input: DevSignInInput = { handle: 'demo-resident', role: 'resident' }): Promise<SessionDto> {
  const session = await request<SessionDto>(API.devLogin, {
    method: 'POST',
    body: { handle: input.handle.trim(), role: input.role, lang: getPrefs().lang },
    skipAuthRedirect: true,
  });
  saveSession(session);
  return session;
}

export async function signInSilently(): Promise<SessionDto | null> {
  return null;
}
