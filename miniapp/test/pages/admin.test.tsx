import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { APPLICATION_STATUSES, nextStatuses, type ApplicationStatus } from '@bay/shared';
import AdminDetail from '../../src/packages/admin/detail';
import AdminList from '../../src/packages/admin/list';
import { APP_ID, application, fail, ok, resident, serveApi, startApp, taroMock } from '../helpers';

const PATHS: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ['submitted'],
  under_review: ['submitted', 'under_review'],
  interview: ['submitted', 'under_review', 'interview'],
  offered: ['submitted', 'under_review', 'interview', 'offered'],
  rejected: ['submitted', 'rejected'],
  withdrawn: ['submitted', 'withdrawn'],
};

async function openDetail(status: ApplicationStatus) {
  serveApi({ [`GET /api/applications/${APP_ID}`]: ok(application(PATHS[status])) });
  taroMock.routerParams = { id: APP_ID };
  // act() lets the refresh from the server land (the list may have cached an older copy).
  await act(async () => {
    render(<AdminDetail />);
  });
  await waitFor(() => expect(taroMock.requests).toHaveLength(1));
}

const statusButtons = () =>
  [...document.querySelectorAll('[id^="admin-status-"]')].map((b) => b.id.replace('admin-status-', ''));

describe('admin review (packages/admin)', () => {
  beforeEach(() => startApp({ lang: 'en', user: resident({ role: 'reviewer' }) }));

  it.each(APPLICATION_STATUSES)('offers exactly the reviewer moves the status machine allows from %s', async (status) => {
    await openDetail(status);
    expect(statusButtons()).toEqual(nextStatuses(status, 'reviewer'));
    expect(document.getElementById('admin-final') !== null).toBe(nextStatuses(status, 'reviewer').length === 0);
  });

  it('moves an application with a note and shows the new timeline entry', async () => {
    await openDetail('submitted');
    serveApi({
      [`POST /api/admin/applications/${APP_ID}/status`]: (req) => {
        expect(req.data).toEqual({ status: 'under_review', note: 'Looks good' });
        return ok(application(['submitted', 'under_review']));
      },
    });
    fireEvent.change(document.getElementById('admin-note')!, { target: { value: ' Looks good ' } });
    await act(async () => {
      fireEvent.click(document.getElementById('admin-status-under_review')!);
    });
    expect(document.getElementById('timeline')!.firstElementChild!.id).toBe('timeline-under_review');
    expect(statusButtons()).toEqual(['interview', 'rejected']);
  });

  it('shows a 409 from the server as an error and keeps the buttons', async () => {
    await openDetail('submitted');
    serveApi({
      [`POST /api/admin/applications/${APP_ID}/status`]: fail(409, 'illegalTransition', 'An application cannot move from "Submitted" to "Under review"'),
    });
    await act(async () => {
      fireEvent.click(document.getElementById('admin-status-under_review')!);
    });
    expect(document.getElementById('admin-error')!.textContent).toContain('cannot move from');
    expect(statusButtons()).toEqual(['under_review', 'rejected']);
  });

  it('lists applications with a status filter', async () => {
    serveApi({ 'GET /api/admin/applications': (req) => ok({ items: req.url.includes('status=interview') ? [] : [application()], nextCursor: null }) });
    render(<AdminList />);
    expect(await screen.findByText('Front-end engineer')).toBeTruthy();
    expect(document.getElementById(`admin-application-${APP_ID}`)).not.toBeNull();
    await act(async () => {
      fireEvent.click(document.getElementById('admin-filter-interview')!);
    });
    expect(taroMock.requests.at(-1)!.url).toContain('status=interview');
    expect(await screen.findByText('No applications match')).toBeTruthy();
  });
});
