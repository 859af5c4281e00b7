import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { catalogs } from '@bay/shared';
import Apply from '../../src/packages/jobs/apply';
import { APP_ID, JOB_ID, application, fail, ok, serveApi, startApp, taroMock } from '../helpers';

function fill(values: { name?: string; phone?: string; docType?: string; docNumber?: string; resume?: string }) {
  const set = (id: string, value?: string) => value !== undefined && fireEvent.change(document.getElementById(id)!, { target: { value } });
  set('apply-name', values.name);
  set('apply-phone', values.phone);
  if (values.docType) fireEvent.click(document.getElementById(`apply-docType-${values.docType}`)!);
  set('apply-docNumber', values.docNumber);
  set('apply-resume', values.resume);
}

async function submit() {
  await act(async () => {
    fireEvent.click(document.getElementById('apply-submit')!);
  });
}

const valid = { name: '陈大文', phone: '9123 4567', docType: 'hkid', docNumber: 'A123456(3)', resume: '五年前端经验' };

describe('apply form (packages/jobs/apply)', () => {
  beforeEach(() => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { jobId: JOB_ID };
  });

  it('rejects an HKID with a bad check digit in the chosen language without calling the API', async () => {
    render(<Apply />);
    fill({ ...valid, docNumber: 'A123456(4)' });
    await submit();
    expect(document.getElementById('error-docNumber')!.textContent).toBe(catalogs.en.v.docNumber.hkid);
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('names every missing field at once, in Traditional Chinese', async () => {
    startApp({ lang: 'zh-Hant' });
    taroMock.routerParams = { jobId: JOB_ID };
    render(<Apply />);
    fill({ name: '陈大文', phone: '12345' });
    await submit();
    expect(document.getElementById('error-phone')!.textContent).toBe(catalogs['zh-Hant'].v.phone);
    expect(document.getElementById('error-docType')!.textContent).toBe(catalogs['zh-Hant'].v.docType);
    expect(document.getElementById('error-docNumber')!.textContent).toBe(catalogs['zh-Hant'].v.required);
    expect(document.getElementById('error-resume')!.textContent).toBe(catalogs['zh-Hant'].v.required);
    expect(document.getElementById('error-name')).toBeNull();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('checks the document number as soon as the type is known, even while other fields are missing', async () => {
    render(<Apply />);
    fill({ docType: 'mainland_id', docNumber: '110101199003071234' });
    await submit();
    expect(document.getElementById('error-docNumber')!.textContent).toBe(catalogs.en.v.docNumber.mainland_id);
  });

  it('shows the server field errors next to their fields', async () => {
    serveApi({
      'POST /api/applications': fail(422, 'validation', 'Some fields need your attention', { phone: 'This number is already used' }),
    });
    render(<Apply />);
    fill(valid);
    await submit();
    expect(document.getElementById('error-phone')!.textContent).toBe('This number is already used');
    expect(screen.getByText('Some fields need your attention')).toBeTruthy();
  });

  it('sends the normalised body with the language header and opens the new application', async () => {
    serveApi({ 'POST /api/applications': ok(application(['submitted']), 201) });
    render(<Apply />);
    fill(valid);
    await submit();
    const [req] = taroMock.requests;
    expect(req!.data).toEqual({ jobId: JOB_ID, name: '陈大文', phone: '91234567', docType: 'hkid', docNumber: 'A1234563', resume: '五年前端经验' });
    expect(req!.header['Accept-Language']).toBe('en');
    expect(req!.header.Authorization).toBe('Bearer test-token');
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` });
  });

  it('clears a field error as soon as the field changes', async () => {
    render(<Apply />);
    fill({ ...valid, docNumber: 'A123456(4)' });
    await submit();
    expect(document.getElementById('error-docNumber')).not.toBeNull();
    fill({ docNumber: 'A123456(3)' });
    expect(document.getElementById('error-docNumber')).toBeNull();
  });
});
