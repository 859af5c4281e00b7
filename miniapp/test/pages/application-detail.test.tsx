import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { catalogs } from '@bay/shared';
import ApplicationDetail from '../../src/pages/applications/detail';
import { APP_ID, application, ok, serveApi, startApp, taroMock } from '../helpers';

async function open() {
  taroMock.routerParams = { id: APP_ID };
  render(<ApplicationDetail />);
  await waitFor(() => expect(document.getElementById('timeline-submitted')).not.toBeNull());
}

describe('application detail (pages/applications/detail)', () => {
  it('shows the timeline newest first with statuses in Traditional Chinese', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ [`GET /api/applications/${APP_ID}`]: ok(application(['submitted', 'under_review', 'interview'])) });
    await open();
    const entries = [...document.getElementById('timeline')!.children];
    expect(entries.map((e) => e.id)).toEqual(['timeline-interview', 'timeline-under_review', 'timeline-submitted']);
    expect(entries[0]!.className).toContain('timeline__entry--current');
    expect(entries[0]!.textContent).toContain(catalogs['zh-Hant'].status.interview);
    expect(entries[0]!.textContent).toContain('3月5日上午10点');
    expect(entries[1]!.textContent).toContain('審核中');
    expect(entries[2]!.textContent).toContain(catalogs['zh-Hant'].status.submitted);
  });

  it('shows the same timeline in English', async () => {
    startApp({ lang: 'en' });
    serveApi({ [`GET /api/applications/${APP_ID}`]: ok(application(['submitted', 'rejected'])) });
    await open();
    expect(document.getElementById('timeline-rejected')!.textContent).toContain('Not successful');
    expect(document.getElementById('timeline-submitted')!.textContent).toContain('Submitted');
  });

  it('lets the resident withdraw while the status machine allows it', async () => {
    startApp({ lang: 'en' });
    serveApi({
      [`GET /api/applications/${APP_ID}`]: ok(application(['submitted', 'under_review'])),
      [`POST /api/applications/${APP_ID}/withdraw`]: ok(application(['submitted', 'under_review', 'withdrawn'])),
    });
    await open();
    await act(async () => {
      fireEvent.click(document.getElementById('application-withdraw')!);
    });
    expect(Taro.showModal).toHaveBeenCalled();
    expect(document.getElementById('timeline')!.firstElementChild!.id).toBe('timeline-withdrawn');
    expect(document.getElementById('application-withdraw')).toBeNull();
  });

  it('offers no withdraw button once the application is closed', async () => {
    startApp({ lang: 'en' });
    serveApi({ [`GET /api/applications/${APP_ID}`]: ok(application(['submitted', 'under_review', 'interview', 'offered'])) });
    await open();
    expect(document.getElementById('application-withdraw')).toBeNull();
  });
});
