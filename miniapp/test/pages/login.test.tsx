import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Login from '../../src/pages/login';
import { getToken, getUser } from '../../src/store/session';
import { ok, resident, serveApi, startApp, taroMock } from '../helpers';

describe('sign-in (pages/login, H5 development form)', () => {
  it('signs in as a reviewer with the development login and goes home', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'POST /api/auth/dev-login': ok({ token: 'tok-1', user: resident({ role: 'reviewer' }) }) });
    render(<Login />);
    const handle = document.getElementById('login-handle') as HTMLInputElement;
    expect(handle.value).toBe('demo-resident');
    fireEvent.change(handle, { target: { value: 'demo-reviewer' } });
    fireEvent.click(document.getElementById('login-role-reviewer')!);
    await act(async () => {
      fireEvent.click(document.getElementById('login-submit')!);
    });
    expect(taroMock.requests[0]).toMatchObject({ url: '/api/auth/dev-login', data: { handle: 'demo-reviewer', role: 'reviewer', lang: 'en' } });
    expect(getToken()).toBe('tok-1');
    expect(getUser()!.role).toBe('reviewer');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('shows why a sign-in was refused', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({
      'POST /api/auth/dev-login': {
        statusCode: 422,
        data: { error: { code: 'validation', message: 'Some fields need your attention', fields: { handle: 'Lower-case letters, digits and hyphens only (3–40 characters)' } } },
      },
    });
    render(<Login />);
    fireEvent.change(document.getElementById('login-handle')!, { target: { value: 'X' } });
    await act(async () => {
      fireEvent.click(document.getElementById('login-submit')!);
    });
    expect(document.getElementById('login-error')!.textContent).toContain('Lower-case letters');
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });
});
