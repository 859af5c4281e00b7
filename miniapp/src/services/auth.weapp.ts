import Taro from '@tarojs/taro';
import { API, type SessionDto } from '@bay/shared';
import { request } from './request';
import { getPrefs } from '../store/prefs';
import { getToken, saveSession } from '../store/session';

/** wx.login gives a 5-minute code; only the server exchanges it (code2Session). */
export async function signIn(): Promise<SessionDto> {
  const { code } = await Taro.login();
  const session = await request<SessionDto>(API.wechatLogin, {
    method: 'POST',
    body: { code, lang: getPrefs().lang },
    skipAuthRedirect: true,
  });
  saveSession(session);
  return session;
}

export async function signInSilently(): Promise<SessionDto | null> {
  if (getToken()) return null;
  try {
    return await signIn();
  } catch {
    return null;
  }
}
