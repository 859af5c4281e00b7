import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { CITIES } from '@bay/shared';
import JobDetail from '../../src/packages/jobs/detail';
import JobList from '../../src/packages/jobs/list';
import MyApplications from '../../src/packages/me/applications';
import { APP_ID, application, job, ok, serveApi, startApp, taroMock } from '../helpers';

const id = (n: number) => n.toString(16).padStart(24, '0');

describe('jobs list (packages/jobs/list)', () => {
  it('filters by any of the eleven cities, named in the chosen language', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ 'GET /api/jobs': ok({ items: [job()], nextCursor: null }) });
    render(<JobList />);
    await screen.findByText('前端工程師');
    for (const city of CITIES) expect(document.getElementById(`city-${city}`)).not.toBeNull();
    expect(document.getElementById('city-hongkong')!.textContent).toBe('香港');
    expect(document.getElementById('city-zhaoqing')!.textContent).toBe('肇慶');
    await act(async () => {
      fireEvent.click(document.getElementById('city-macao')!);
    });
    expect(taroMock.requests.at(-1)!.url).toBe('/api/jobs?city=macao&limit=20');
  });

  it('loads more with the cursor and opens a job', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/jobs': (req) =>
        req.url.includes('cursor=')
          ? ok({ items: [job({ id: id(2), title: { 'zh-Hans': '司机', 'zh-Hant': '司機', en: 'Driver' } })], nextCursor: null })
          : ok({ items: [job({ id: id(1) })], nextCursor: id(1) }),
    });
    render(<JobList />);
    await screen.findByText('Front-end engineer');
    await act(async () => {
      fireEvent.click(document.getElementById('jobs-more')!);
    });
    expect(taroMock.requests.at(-1)!.url).toBe(`/api/jobs?cursor=${id(1)}&limit=20`);
    expect(await screen.findByText('Driver')).toBeTruthy();
    expect(document.getElementById('jobs-more')).toBeNull();
    expect(screen.getByText('No more jobs')).toBeTruthy();
    fireEvent.click(document.getElementById(`job-${id(2)}`)!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/jobs/detail/index?id=${id(2)}` });
  });
});

describe('my applications (packages/me/applications)', () => {
  it('lists applications with a localised status badge', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({ 'GET /api/applications': ok({ items: [application(['submitted', 'under_review', 'interview'])], nextCursor: null }) });
    render(<MyApplications />);
    await waitFor(() => expect(document.getElementById(`application-${APP_ID}`)).not.toBeNull());
    expect(document.getElementById(`application-${APP_ID}`)!.textContent).toContain('面试');
    fireEvent.click(document.getElementById(`application-${APP_ID}`)!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` });
  });
});

describe('job detail (packages/jobs/detail)', () => {
  it('shows the job in the chosen language and opens the apply form', async () => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { id: job().id };
    serveApi({ [`GET /api/jobs/${job().id}`]: ok(job()) });
    render(<JobDetail />);
    expect(await screen.findByText('Build mini-programs')).toBeTruthy();
    expect(screen.getByText('Open to HK & Macao residents')).toBeTruthy();
    fireEvent.click(document.getElementById('job-apply')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/jobs/apply/index?jobId=${job().id}` });
  });
});
