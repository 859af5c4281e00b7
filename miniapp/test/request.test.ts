import Taro from '@tarojs/taro';
import { ApiError, buildQuery, request } from '../src/services/request';
import { getToken } from '../src/store/session';
import { fail, ok, serveApi, startApp, taroMock } from './helpers';

describe('services/request', () => {
  it('sends the token and the current language, same-origin on H5', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ 'GET /api/jobs': ok({ items: [], nextCursor: null }) });
    await request('/api/jobs', { query: { city: 'macao', cursor: undefined, limit: 20 } });
    expect(taroMock.requests[0]).toMatchObject({
      url: '/api/jobs?city=macao&limit=20',
      header: { Authorization: 'Bearer test-token', 'Accept-Language': 'zh-Hant' },
    });
  });

  it('turns an error body into an ApiError carrying its fields', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'POST /api/applications': fail(422, 'validation', 'Some fields need your attention', { phone: 'Bad phone' }) });
    const error = await request('/api/applications', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation', message: 'Some fields need your attention', fields: { phone: 'Bad phone' } });
  });

  it('signs out and opens sign-in on 401', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/me': fail(401, 'unauthenticated', 'Please sign in first') });
    await expect(request('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(getToken()).toBeNull();
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  it('reports a network failure in the current language', async () => {
    startApp({ lang: 'zh-Hans' });
    taroMock.onRequest(() => Promise.reject(new Error('request:fail timeout')));
    await expect(request('/api/me')).rejects.toMatchObject({ status: 0, code: 'network', message: '网络连接失败，请检查网络后重试' });
  });

  it('drops empty query values', () => {
    expect(buildQuery({ a: undefined, b: '', c: null, d: 'x y' })).toBe('?d=x%20y');
    expect(buildQuery({})).toBe('');
  });
});
