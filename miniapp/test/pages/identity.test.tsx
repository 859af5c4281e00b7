import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { IdentityPendingDto, IdentityProfileDto } from '@bay/shared';
import Me from '../../src/packages/me/index';
import Consent from '../../src/packages/me/consent';
import Apply from '../../src/packages/jobs/apply';
import { openExternal } from '../../src/services/open-external';
import { APP_ID, JOB_ID, application, fail, ok, resident, serveApi, startApp, taroMock } from '../helpers';

jest.mock('../../src/services/open-external', () => ({ openExternal: jest.fn(async () => 'navigated') }));

const PENDING_ID = '65a1b2c3d4e5f60718293c01';
const ISSUER = 'https://id.example.org';

const pendingDto: IdentityPendingDto = {
  id: PENDING_ID,
  issuer: ISSUER,
  expiresAt: '2025-03-02T08:15:00.000Z',
  fields: [
    { name: 'nameZh', label: '中文姓名', value: '陳大文' },
    { name: 'nameEn', label: '英文姓名', value: 'CHAN, Tai Man' },
    { name: 'docType', label: '证件类型', value: '香港身份证' },
    { name: 'docNumber', label: '证件号码', value: '****4563' },
    { name: 'birthdate', label: '出生日期', value: '1985-04-12' },
    { name: 'address', label: '地址', value: '香港九龍旺角彌敦道 688 號' },
  ],
};

const linkedProfile: IdentityProfileDto = {
  enabled: true,
  linked: true,
  issuer: ISSUER,
  linkedAt: '2025-03-02T08:05:00.000Z',
  fields: [
    { name: 'nameZh', label: 'Name in Chinese', value: '陳大文' },
    { name: 'docNumber', label: 'Document number', value: '****4563' },
  ],
};

const click = async (id: string) => {
  await act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
};
const calls = (method: string, path: string) => taroMock.requests.filter((r) => r.method === method && r.url.endsWith(path));

describe('cross-border identity on the Me page (packages/me/index)', () => {
  it('offers verification through the operator\'s OpenID Connect provider and sends the browser there', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({
      'GET /api/me': ok(resident()),
      'GET /api/identity/profile': ok({ enabled: true, linked: false }),
      'POST /api/identity/start': ok({ authorizationUrl: `${ISSUER}/auth?state=s1`, state: 's1' }),
    });
    render(<Me />);
    expect((await screen.findByText('使用跨境身份认证')).closest('#identity-start')).not.toBeNull();
    expect(screen.getByText(/不是「智方便」官方接入.*OpenID Connect 身份提供方/)).toBeTruthy();
    await click('identity-start');
    expect(openExternal).toHaveBeenCalledWith(`${ISSUER}/auth?state=s1`);
    expect(calls('POST', '/api/identity/start')[0]!.header.Authorization).toBe('Bearer test-token');
  });

  it('hides the entry when no provider is configured', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'GET /api/me': ok(resident()), 'GET /api/identity/profile': ok({ enabled: false, linked: false }) });
    render(<Me />);
    expect(await screen.findByText('WeChat assistant not linked yet')).toBeTruthy();
    await act(async () => undefined);
    expect(document.getElementById('identity-card')).toBeNull();
  });

  it('shows the linked fields and unlinks only after a confirmation', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/me': ok(resident()),
      'GET /api/identity/profile': ok(linkedProfile),
      'DELETE /api/identity/profile': ok('', 204),
    });
    render(<Me />);
    expect(await screen.findByText('Verified identity linked')).toBeTruthy();
    expect(document.getElementById('identity-field-docNumber')!.textContent).toContain('****4563');
    expect(screen.getByText(`From: ${ISSUER}`)).toBeTruthy();
    expect(taroMock.storage.get('bay.identityLinked')).toEqual({ userId: 'u1', linked: true });

    taroMock.modalConfirm = false;
    await click('identity-unlink');
    expect(calls('DELETE', '/api/identity/profile')).toHaveLength(0);

    taroMock.modalConfirm = true;
    await click('identity-unlink');
    expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: expect.stringContaining('cannot be undone') }));
    expect(calls('DELETE', '/api/identity/profile')).toHaveLength(1);
    expect(document.getElementById('identity-start')).not.toBeNull();
    expect(taroMock.storage.get('bay.identityLinked')).toEqual({ userId: 'u1', linked: false });
  });
});

describe('consent screen (packages/me/consent)', () => {
  beforeEach(() => {
    startApp({ lang: 'zh-Hans' });
    taroMock.routerParams = { pending: PENDING_ID };
  });

  it('lists every verified field with a ticked box, and links only the ones left ticked', async () => {
    serveApi({
      [`GET /api/identity/pending/${PENDING_ID}`]: ok(pendingDto),
      [`POST /api/identity/pending/${PENDING_ID}/consent`]: ok({ ...linkedProfile }),
    });
    render(<Consent />);
    expect(await screen.findByText('陳大文')).toBeTruthy();
    for (const f of pendingDto.fields) {
      const box = document.getElementById(`consent-field-${f.name}`)!;
      expect(box.getAttribute('aria-checked')).toBe('true');
      expect(box.textContent).toContain(f.label);
      expect(box.textContent).toContain(f.value);
    }
    expect(screen.getByText(`来源：${ISSUER}`)).toBeTruthy();
    await click('consent-field-birthdate');
    await click('consent-field-address');
    expect(document.getElementById('consent-field-address')!.getAttribute('aria-checked')).toBe('false');
    await click('consent-accept');
    const [req] = calls('POST', `/api/identity/pending/${PENDING_ID}/consent`);
    expect(req!.data).toEqual({ accept: true, fields: ['nameZh', 'nameEn', 'docType', 'docNumber'] });
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/me/index/index' });
    expect(taroMock.storage.get('bay.identityLinked')).toEqual({ userId: 'u1', linked: true });
  });

  it('refuses to link nothing, without calling the server', async () => {
    serveApi({ [`GET /api/identity/pending/${PENDING_ID}`]: ok(pendingDto) });
    render(<Consent />);
    await screen.findByText('陳大文');
    for (const f of pendingDto.fields) await click(`consent-field-${f.name}`);
    await click('consent-accept');
    expect(document.getElementById('consent-error')!.textContent).toBe('请至少勾选一项');
    expect(calls('POST', `/api/identity/pending/${PENDING_ID}/consent`)).toHaveLength(0);
  });

  it('declines: tells the server to drop everything', async () => {
    serveApi({
      [`GET /api/identity/pending/${PENDING_ID}`]: ok(pendingDto),
      [`POST /api/identity/pending/${PENDING_ID}/consent`]: ok({ enabled: true, linked: false }),
    });
    render(<Consent />);
    await screen.findByText('陳大文');
    await click('consent-decline');
    expect(calls('POST', `/api/identity/pending/${PENDING_ID}/consent`)[0]!.data).toEqual({ accept: false });
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '已拒绝，未保存任何资料', icon: 'none' });
  });

  it('shows the server\'s message when the verification has expired or is linked elsewhere', async () => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { pending: PENDING_ID };
    serveApi({
      [`GET /api/identity/pending/${PENDING_ID}`]: ok(pendingDto),
      [`POST /api/identity/pending/${PENDING_ID}/consent`]: fail(409, 'identityAlreadyLinked', 'This verified identity is already linked to another Bay Connect account'),
    });
    render(<Consent />);
    await screen.findByText('陳大文');
    await click('consent-accept');
    expect(document.getElementById('consent-error')!.textContent).toBe('This verified identity is already linked to another Bay Connect account');
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });

  it('explains a missing or malformed pending id without asking the server', async () => {
    taroMock.routerParams = {};
    render(<Consent />);
    expect(document.getElementById('consent-error')!.textContent).toBe('找不到这次认证，请重新开始认证');
    expect(Taro.request).not.toHaveBeenCalled();
  });
});

describe('apply form prefill (packages/jobs/apply)', () => {
  beforeEach(() => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { jobId: JOB_ID };
  });

  it('offers no prefill until an identity is linked', () => {
    render(<Apply />);
    expect(document.getElementById('apply-prefill')).toBeNull();
  });

  it('fills name and document from the verified identity, tags them, and drops a tag once its field changes', async () => {
    taroMock.storage.set('bay.identityLinked', { userId: 'u1', linked: true });
    serveApi({
      'GET /api/identity/prefill': ok({ name: '陳大文', docType: 'hkid', docNumber: 'A1234563', verified: true }),
      'POST /api/applications': ok(application(['submitted'], { verified: true }), 201),
    });
    render(<Apply />);
    await click('apply-prefill');
    expect((document.getElementById('apply-name') as HTMLInputElement).value).toBe('陳大文');
    expect((document.getElementById('apply-docNumber') as HTMLInputElement).value).toBe('A1234563');
    expect(document.getElementById('apply-docType-hkid')!.getAttribute('aria-checked')).toBe('true');
    for (const f of ['name', 'docType', 'docNumber']) expect(document.getElementById(`verified-${f}`)!.textContent).toBe('✓ Verified');

    fireEvent.change(document.getElementById('apply-name')!, { target: { value: '陳小文' } });
    expect(document.getElementById('verified-name')).toBeNull();
    fireEvent.change(document.getElementById('apply-name')!, { target: { value: '陳大文' } });
    expect(document.getElementById('verified-name')).not.toBeNull();

    fireEvent.change(document.getElementById('apply-phone')!, { target: { value: '9123 4567' } });
    fireEvent.change(document.getElementById('apply-resume')!, { target: { value: '五年经验' } });
    await click('apply-submit');
    expect(calls('POST', '/api/applications')[0]!.data).toEqual({
      jobId: JOB_ID, name: '陳大文', phone: '91234567', docType: 'hkid', docNumber: 'A1234563', resume: '五年经验',
    });
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` });
  });

  it('says why when the server has nothing linked any more', async () => {
    taroMock.storage.set('bay.identityLinked', { userId: 'u1', linked: true });
    serveApi({ 'GET /api/identity/prefill': fail(404, 'identityNotLinked', 'You have not linked a verified identity') });
    render(<Apply />);
    await click('apply-prefill');
    expect(document.getElementById('apply-error')!.textContent).toBe('You have not linked a verified identity');
  });

  it('ignores a linked flag remembered for another account', () => {
    taroMock.storage.set('bay.identityLinked', { userId: 'someone-else', linked: true });
    render(<Apply />);
    expect(document.getElementById('apply-prefill')).toBeNull();
  });
});
