import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Apply from '../../src/packages/jobs/apply';
import { askForGrants, prepareSubscribe, resetSubscribeForTests } from '../../src/services/subscribe.weapp';
import { APP_ID, JOB_ID, application, ok, serveApi, startApp, taroMock } from '../helpers';

// The page imports services/subscribe; jest resolves H5 files first, so put the weapp variant there.
jest.mock('../../src/services/subscribe', () => jest.requireActual('../../src/services/subscribe.weapp'));

const TEMPLATES = { application: 'tmplApp', handoff: 'tmplHandoff', broadcast: 'tmplNotice' };
const requestSubscribe = Taro.requestSubscribeMessage as unknown as jest.Mock;
const calls = () => taroMock.requests.map((r) => `${r.method} ${r.url}`);

function fill() {
  const set = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });
  set('apply-name', '陈大文');
  set('apply-phone', '9123 4567');
  fireEvent.click(document.getElementById('apply-docType-hkid')!);
  set('apply-docNumber', 'A123456(3)');
  set('apply-resume', '五年前端经验');
}

function serve(grants: unknown[]) {
  serveApi({
    'GET /api/notifications/templates': ok(TEMPLATES),
    'POST /api/notifications/grants': (req) => {
      grants.push(req.data);
      return ok({});
    },
    'POST /api/applications': () => {
      // The grants were asked for on the same tap, before the application went out.
      expect(requestSubscribe).toHaveBeenCalled();
      return ok(application(['submitted']), 201);
    },
  });
}

async function openAndSubmit() {
  await act(async () => {
    render(<Apply />);
  });
  fill();
  await act(async () => {
    fireEvent.click(document.getElementById('apply-submit')!);
  });
}

describe('subscribe-message grants (services/subscribe.weapp)', () => {
  beforeEach(() => {
    startApp({ lang: 'en' });
    resetSubscribeForTests();
    taroMock.routerParams = { jobId: JOB_ID };
  });

  it('asks for at most 3 templates on the submit tap and reports the answers before submitting', async () => {
    const grants: unknown[] = [];
    serve(grants);
    await openAndSubmit();
    expect(requestSubscribe).toHaveBeenCalledTimes(1);
    expect(requestSubscribe.mock.calls[0][0].tmplIds).toEqual(['tmplApp', 'tmplHandoff', 'tmplNotice']);
    expect(grants).toEqual([{ accepted: ['tmplApp', 'tmplHandoff', 'tmplNotice'], rejected: [] }]);
    expect(calls()).toEqual(['GET /api/notifications/templates', 'POST /api/notifications/grants', 'POST /api/applications']);
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` });
  });

  it('still submits when the resident declines, and reports the refusal', async () => {
    taroMock.subscribeAnswer = 'reject';
    const grants: unknown[] = [];
    serve(grants);
    await openAndSubmit();
    expect(grants).toEqual([{ accepted: [], rejected: ['tmplApp', 'tmplHandoff', 'tmplNotice'] }]);
    expect(calls()).toContain('POST /api/applications');
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` });
  });

  it('still submits when WeChat refuses the call', async () => {
    requestSubscribe.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' });
    const grants: unknown[] = [];
    serve(grants);
    await openAndSubmit();
    expect(grants).toEqual([]);
    expect(calls()).toContain('POST /api/applications');
    expect(Taro.redirectTo).toHaveBeenCalled();
  });

  it('never asks for more than 3 templates and skips unconfigured ones', async () => {
    serveApi({
      'GET /api/notifications/templates': ok({ application: 'a1', handoff: null, broadcast: 'b1', extra1: 'c1', extra2: 'd1' }),
      'POST /api/notifications/grants': ok({}),
    });
    await prepareSubscribe();
    await askForGrants();
    expect(requestSubscribe.mock.calls[0][0].tmplIds).toEqual(['a1', 'b1', 'c1']);
  });

  it('asks nothing when no template is configured', async () => {
    serveApi({ 'GET /api/notifications/templates': ok({ application: null, handoff: null, broadcast: null }) });
    await askForGrants();
    expect(requestSubscribe).not.toHaveBeenCalled();
  });

  it('does nothing in the browser (H5)', async () => {
    // The mock above replaced the H5 file's module; read the real one.
    const h5 = jest.requireActual<typeof import('../../src/services/subscribe.h5')>('../../src/services/subscribe.h5');
    await h5.prepareSubscribe();
    await h5.askForGrants();
    expect(requestSubscribe).not.toHaveBeenCalled();
    expect(taroMock.requests).toHaveLength(0);
  });
});
