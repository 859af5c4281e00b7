import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import JobDetail from '../../src/packages/jobs/detail';
import JobList from '../../src/packages/jobs/list';
import { job, ok, serveApi, startApp, taroMock } from '../helpers';

const id = (n: number) => n.toString(16).padStart(24, '0');
const lastUrl = () => decodeURIComponent(taroMock.requests.filter((r) => r.url.startsWith('/api/jobs')).at(-1)!.url);
const type = (elementId: string, value: string) => {
  fireEvent.input(document.getElementById(elementId)!.querySelector('input') ?? document.getElementById(elementId)!, { target: { value }, detail: { value } });
};

describe('job search (packages/jobs/list)', () => {
  it('searches a 繁體 keyword, sorts and filters, and shows the count in the chosen language', async () => {
    startApp({ lang: 'zh-Hant' });
    serveApi({ 'GET /api/jobs': ok({ items: [job()], nextCursor: null, total: 1 }) });
    render(<JobList />);
    await screen.findByText('前端工程師');
    expect(screen.getByText('共 1 個職位')).toBeTruthy();

    await act(async () => {
      type('jobs-search', '前端開發');
      fireEvent.click(document.getElementById('jobs-search-go')!);
    });
    expect(lastUrl()).toBe('/api/jobs?q=前端開發&limit=20');

    await act(async () => { fireEvent.click(document.getElementById('sort-salary')!); });
    expect(lastUrl()).toBe('/api/jobs?q=前端開發&sort=salary&limit=20');

    await act(async () => { fireEvent.click(document.getElementById('jobs-filters')!); });
    expect(screen.getByText('粵語')).toBeTruthy();
    await act(async () => {
      fireEvent.click(document.getElementById('city-shenzhen')!);
      fireEvent.click(document.getElementById('industry-technology')!);
      fireEvent.click(document.getElementById('language-cantonese')!);
      fireEvent.click(document.getElementById('filter-hkmo')!);
      type('jobs-salary-min', '10000');
      fireEvent.click(document.getElementById('jobs-apply-filters')!);
    });
    expect(lastUrl()).toBe('/api/jobs?q=前端開發&city=shenzhen&industry=technology&salaryMin=10000&language=cantonese&openToHkMo=true&sort=salary&limit=20');
    expect(document.getElementById('jobs-sheet')).toBeNull();
  });

  it('pages with the opaque cursor the server returned', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/jobs': (req) =>
        req.url.includes('cursor=')
          ? ok({ items: [job({ id: id(2), title: { 'zh-Hans': '司机', 'zh-Hant': '司機', en: 'Driver' } })], nextCursor: null, total: 2 })
          : ok({ items: [job({ id: id(1) })], nextCursor: 'WyJuZXdlc3QiXQ', total: 2 }),
    });
    render(<JobList />);
    await screen.findByText('Front-end engineer');
    await act(async () => { fireEvent.click(document.getElementById('jobs-more')!); });
    expect(lastUrl()).toBe('/api/jobs?cursor=WyJuZXdlc3QiXQ&limit=20');
    expect(await screen.findByText('Driver')).toBeTruthy();
  });

  it('saves the search as an alert', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/jobs': ok({ items: [job()], nextCursor: null, total: 1 }),
      'POST /api/me/job-alerts': ok({ id: id(9), q: 'nurse', city: 'macao', createdAt: '2026-11-29T00:00:00.000Z' }, 201),
    });
    render(<JobList />);
    await screen.findByText('Front-end engineer');
    await act(async () => {
      type('jobs-search', 'nurse');
      fireEvent.click(document.getElementById('jobs-search-go')!);
      fireEvent.click(document.getElementById('city-macao')!);
    });
    await act(async () => { fireEvent.click(document.getElementById('jobs-alert')!); });
    const post = taroMock.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/api/me/job-alerts');
    expect(post.data).toEqual({ q: 'nurse', city: 'macao' });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: 'Alert saved', icon: 'success' }));
  });

  it('sends a signed-out visitor to sign in before saving an alert', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'GET /api/jobs': ok({ items: [job()], nextCursor: null, total: 1 }) });
    render(<JobList />);
    await screen.findByText('Front-end engineer');
    await act(async () => { fireEvent.click(document.getElementById('jobs-alert')!); });
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(taroMock.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('lists saved jobs on the Saved tab', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({
      'GET /api/jobs': ok({ items: [], nextCursor: null, total: 0 }),
      'GET /api/me/saved-jobs': ok({ items: [{ job: job({ id: id(3), title: { 'zh-Hans': '护士', 'zh-Hant': '護士', en: 'Nurse' } }), savedAt: '2026-11-29T00:00:00.000Z' }], nextCursor: null }),
    });
    render(<JobList />);
    await screen.findByText('暂无职位');
    await act(async () => { fireEvent.click(document.getElementById('tab-saved')!); });
    expect(await screen.findByText('护士')).toBeTruthy();
    fireEvent.click(document.getElementById(`saved-${id(3)}`)!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/jobs/detail/index?id=${id(3)}` });
  });

  it('respects elder mode through the page shell', async () => {
    startApp({ lang: 'en', elder: true });
    serveApi({ 'GET /api/jobs': ok({ items: [job()], nextCursor: null, total: 1 }) });
    const { container } = render(<JobList />);
    await screen.findByText('Front-end engineer');
    expect(container.querySelector('.page--elder')).not.toBeNull();
  });
});

describe('saving a job (packages/jobs/detail)', () => {
  it('saves and unsaves the job', async () => {
    startApp({ lang: 'en' });
    taroMock.routerParams = { id: job().id };
    serveApi({
      [`GET /api/jobs/${job().id}`]: ok(job()),
      'GET /api/me/saved-jobs': ok({ items: [], nextCursor: null }),
      [`PUT /api/me/saved-jobs/${job().id}`]: ok(undefined, 204),
      [`DELETE /api/me/saved-jobs/${job().id}`]: ok(undefined, 204),
    });
    render(<JobDetail />);
    await screen.findByText('Build mini-programs');
    await act(async () => { fireEvent.click(document.getElementById('job-save')!); });
    expect(taroMock.requests.at(-1)!.method).toBe('PUT');
    expect(await screen.findByText('★ Saved')).toBeTruthy();
    await act(async () => { fireEvent.click(document.getElementById('job-save')!); });
    expect(taroMock.requests.at(-1)!.method).toBe('DELETE');
    expect(await screen.findByText('☆ Save')).toBeTruthy();
  });
});
