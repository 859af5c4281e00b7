import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { APPLICATION_STATUSES, nextStatuses, type ApplicationStatus, type EmployerJobDto, type OrgDto } from '@bay/shared';
import EmployerHome from '../../src/packages/employer/index';
import EmployerJobs from '../../src/packages/employer/jobs';
import EmployerJob from '../../src/packages/employer/job';
import EmployerApplicant from '../../src/packages/employer/applicant';
import AdminOrgs from '../../src/packages/admin/orgs';
import Home from '../../src/pages/index';
import { APP_ID, JOB_ID, application, fail, job, ok, resident, serveApi, startApp, taroMock } from '../helpers';

const ORG_ID = '65a1b2c3d4e5f60718290001';
const MEMBER_ID = '65a1b2c3d4e5f60718290002';

function org(overrides: Partial<OrgDto> = {}): OrgDto {
  return {
    id: ORG_ID,
    name: { 'zh-Hans': '前海科技有限公司', 'zh-Hant': '前海科技有限公司', en: 'Qianhai Tech Ltd' },
    reg: { kind: 'uscc', number: '91440300MA5FUTNX9X' },
    status: 'pending',
    members: [
      { userId: 'u1', nickname: 'demo-employer', role: 'owner', joinedAt: '2025-03-01T08:00:00.000Z' },
      { userId: MEMBER_ID, nickname: 'colleague', role: 'member', joinedAt: '2025-03-02T08:00:00.000Z' },
    ],
    myRole: 'owner',
    jobs: { open: 1, total: 2 },
    createdAt: '2025-03-01T08:00:00.000Z',
    ...overrides,
  };
}

function employerJob(overrides: Partial<EmployerJobDto> = {}): EmployerJobDto {
  return { ...job(), state: 'open', live: false, applicants: 3, ...overrides };
}

const NO_ORG = fail(404, 'noOrganisation', 'You are not a member of an organisation');
const employer = (overrides = {}) => resident({ role: 'employer', nickname: 'demo-employer', ...overrides });
const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const type = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });
const click = async (id: string) => {
  await act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
};
const posts = () => taroMock.requests.filter((r) => r.method !== 'GET');

describe('my organisation (packages/employer/index)', () => {
  it('registers an organisation and shows the server\'s field error for a USCC with a wrong check character', async () => {
    startApp({ lang: 'en' });
    const message = 'A unified social credit code has 18 characters and a matching check character';
    serveApi({
      'GET /api/employer/org': NO_ORG,
      'POST /api/employer/orgs': fail(400, 'validation', 'Some fields need your attention', { 'reg.number': message }),
    });
    render(<EmployerHome />);
    // A resident without an organisation gets the forms.
    await waitFor(() => expect(document.getElementById('org-register-form')).not.toBeNull());
    expect(document.getElementById('org-join-form')).not.toBeNull();
    expect(text('org-number-hint')).toBe('18 characters including the check character');
    await click('org-kind-hkbr');
    expect(text('org-number-hint')).toBe('The first 8 digits of the BR certificate number');
    await click('org-kind-uscc');

    type('org-name-zh-Hans', '前海科技有限公司');
    type('org-name-zh-Hant', '前海科技有限公司');
    type('org-name-en', 'Qianhai Tech Ltd');
    type('org-number', '91440300MA5FUTNX9Y');
    await click('org-register');

    expect(posts().map((r) => [r.url, r.data])).toEqual([
      ['/api/employer/orgs', {
        name: { 'zh-Hans': '前海科技有限公司', 'zh-Hant': '前海科技有限公司', en: 'Qianhai Tech Ltd' },
        reg: { kind: 'uscc', number: '91440300MA5FUTNX9Y' },
      }],
    ]);
    expect(text('error-reg-number')).toBe(message);
    expect(text('org-register-error')).toBe('Some fields need your attention');
    // Typing again clears the field's error.
    type('org-number', '91440300MA5FUTNX9X');
    expect(document.getElementById('error-reg-number')).toBeNull();
  });

  it('after registering shows the pending organisation and reads the new role back', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({
      'GET /api/employer/org': NO_ORG,
      'POST /api/employer/orgs': ok(org({ members: [org().members[0]!] }), 201),
      'GET /api/me': ok(employer()),
    });
    render(<EmployerHome />);
    await waitFor(() => expect(document.getElementById('org-register-form')).not.toBeNull());
    type('org-name-zh-Hans', '前海科技有限公司');
    type('org-number', '91440300MA5FUTNX9X');
    await click('org-register');
    expect(text('org-status')).toBe('待审核');
    expect(text('org-pending-hint')).toBe('机构正在审核，职位暂不公开。');
    await waitFor(() => expect(taroMock.storage.get('bay.user')).toMatchObject({ role: 'employer' }));
  });

  it('joins with an invite code and shows the server\'s refusal', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/employer/org': NO_ORG,
      'POST /api/employer/join': fail(400, 'inviteInvalid', 'This invite code is wrong, used or expired', { code: 'This invite code is wrong, used or expired' }),
    });
    render(<EmployerHome />);
    await waitFor(() => expect(document.getElementById('org-join-form')).not.toBeNull());
    type('org-join-code', 'ABCD2345');
    await click('org-join');
    expect(posts().at(-1)!.data).toEqual({ code: 'ABCD2345' });
    expect(text('error-code')).toBe('This invite code is wrong, used or expired');
  });

  it('lists the members with their roles, and an owner creates an invite code', async () => {
    startApp({ lang: 'en', user: employer() });
    serveApi({
      'GET /api/employer/org': ok(org({ status: 'rejected', review: { decision: 'rejected', note: 'The number does not match the name', at: '2025-03-03T08:00:00.000Z' } })),
      'POST /api/employer/org/invites': ok({ code: 'K7QW2MZP', role: 'member', expiresAt: '2025-03-06T08:00:00.000Z' }, 201),
    });
    render(<EmployerHome />);
    await screen.findByText('Qianhai Tech Ltd');
    expect(text('org-status')).toBe('Not approved');
    expect(text('org-review-note')).toContain('The number does not match the name');
    expect(text('org-reg')).toContain('91440300MA5FUTNX9X');
    expect(text('org-member-u1')).toContain('demo-employer (you)');
    expect(text('org-member-u1')).toContain('Owner');
    expect(text(`org-member-${MEMBER_ID}`)).toContain('Member');
    // An owner may remove others, never themself here.
    expect(document.getElementById(`org-remove-${MEMBER_ID}`)).not.toBeNull();
    expect(document.getElementById('org-remove-u1')).toBeNull();

    await click('org-invite');
    expect(posts().map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/employer/org/invites']);
    expect(text('org-invite-code')).toBe('K7QW2MZP');
    expect(text('org-invite-expires')).toMatch(/^Valid until 2025-03-0\d \d\d:\d\d$/);
  });

  it('a member sees no invite or remove buttons', async () => {
    startApp({ lang: 'en', user: employer({ id: MEMBER_ID }) });
    serveApi({ 'GET /api/employer/org': ok(org({ status: 'verified', myRole: 'member' })) });
    render(<EmployerHome />);
    await screen.findByText('Qianhai Tech Ltd');
    expect(document.getElementById('org-invite')).toBeNull();
    expect(document.querySelector('[id^="org-remove-"]')).toBeNull();
    expect(document.getElementById('org-pending-hint')).toBeNull();
  });

  it('an owner removes a member after confirming', async () => {
    startApp({ lang: 'en', user: employer() });
    let removed = false;
    serveApi({
      'GET /api/employer/org': () => ok(removed ? org({ members: [org().members[0]!] }) : org()),
      [`DELETE /api/employer/org/members/${MEMBER_ID}`]: () => {
        removed = true;
        return { statusCode: 204, data: '' };
      },
    });
    render(<EmployerHome />);
    await screen.findByText('Qianhai Tech Ltd');
    await click(`org-remove-${MEMBER_ID}`);
    expect(Taro.showModal).toHaveBeenCalled();
    await waitFor(() => expect(document.getElementById(`org-member-${MEMBER_ID}`)).toBeNull());
  });

  it('shows the server\'s last-owner refusal', async () => {
    startApp({ lang: 'en', user: employer() });
    serveApi({
      'GET /api/employer/org': ok(org({ members: [...org().members.slice(0, 1), { userId: MEMBER_ID, nickname: 'co-owner', role: 'owner', joinedAt: '2025-03-02T08:00:00.000Z' }] })),
      [`DELETE /api/employer/org/members/${MEMBER_ID}`]: fail(409, 'orgLastOwner', 'An organisation needs at least one owner'),
    });
    render(<EmployerHome />);
    await screen.findByText('Qianhai Tech Ltd');
    await click(`org-remove-${MEMBER_ID}`);
    expect(text('org-action-error')).toBe('An organisation needs at least one owner');
    expect(document.getElementById(`org-member-${MEMBER_ID}`)).not.toBeNull();
  });
});

describe('my jobs (packages/employer/jobs)', () => {
  it('lists every job with its state, whether it is public, and its applicants', async () => {
    startApp({ lang: 'en', user: employer() });
    const paused = '65a1b2c3d4e5f60718293a4c';
    serveApi({ 'GET /api/employer/jobs': ok({ items: [employerJob({ live: true }), employerJob({ id: paused, state: 'paused', applicants: 0 })] }) });
    render(<EmployerJobs />);
    await waitFor(() => expect(document.getElementById(`ejob-${JOB_ID}`)).not.toBeNull());
    expect(text(`ejob-${JOB_ID}-state`)).toBe('Open');
    expect(text(`ejob-${JOB_ID}-live`)).toBe('Public');
    expect(text(`ejob-${JOB_ID}-applicants`)).toContain('3 applicants');
    expect(text(`ejob-${paused}-state`)).toBe('Paused');
    expect(text(`ejob-${paused}-live`)).toBe('Not public');
    fireEvent.click(document.getElementById(`ejob-${JOB_ID}-applicants`)!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/employer/applicants/index?jobId=${JOB_ID}` });
    fireEvent.click(document.getElementById('ejobs-new')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/employer/job/index' });
  });
});

describe('job form (packages/employer/job)', () => {
  it('posts the admin job fields without `employer`, then opens the new job', async () => {
    startApp({ lang: 'en', user: employer() });
    const created = '65a1b2c3d4e5f60718293a4d';
    serveApi({ 'POST /api/employer/jobs': ok(employerJob({ id: created }), 201) });
    render(<EmployerJob />);
    type('ejob-title-zh-Hans', '前台接待');
    type('ejob-title-zh-Hant', '前台接待');
    type('ejob-title-en', 'Receptionist');
    await click('ejob-city-zhuhai');
    type('ejob-district', '横琴');
    await click('ejob-industry-hospitality');
    type('ejob-salaryMin', '6000');
    type('ejob-salaryMax', '8000');
    await click('ejob-currency-MOP');
    type('ejob-languages', '粤语，普通话, 英语');
    fireEvent.click(document.getElementById('ejob-openToHkMo')!);
    type('ejob-description-zh-Hans', '接待客人');
    type('ejob-description-zh-Hant', '接待客人');
    type('ejob-description-en', 'Welcome guests');
    await click('ejob-save');

    expect(posts().map((r) => [`${r.method} ${r.url}`, r.data])).toEqual([
      ['POST /api/employer/jobs', {
        title: { 'zh-Hans': '前台接待', 'zh-Hant': '前台接待', en: 'Receptionist' },
        description: { 'zh-Hans': '接待客人', 'zh-Hant': '接待客人', en: 'Welcome guests' },
        city: 'zhuhai',
        district: '横琴',
        industry: 'hospitality',
        salaryMin: 6000,
        salaryMax: 8000,
        currency: 'MOP',
        salaryPeriod: 'month',
        languages: ['粤语', '普通话', '英语'],
        openToHkMo: true,
      }],
    ]);
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packages/employer/job/index?id=${created}` });
  });

  it('shows each field error the server sends next to its field', async () => {
    startApp({ lang: 'zh-Hans', user: employer() });
    serveApi({ 'POST /api/employer/jobs': fail(400, 'validation', '提交的内容有误，请检查标出的栏目', { 'title.en': '必填', salaryMax: '最高薪酬不能低于最低薪酬', 'languages.1': '内容过长' }) });
    render(<EmployerJob />);
    await click('ejob-save');
    expect(text('error-title-en')).toBe('必填');
    expect(text('error-salaryMax')).toBe('最高薪酬不能低于最低薪酬');
    expect(text('error-languages')).toBe('内容过长');
    expect(text('ejob-error')).toBe('提交的内容有误，请检查标出的栏目');
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });

  it('edits a job, pauses it, and closes it only after confirming', async () => {
    startApp({ lang: 'en', user: employer() });
    taroMock.routerParams = { id: JOB_ID };
    serveApi({
      [`GET /api/employer/jobs/${JOB_ID}`]: ok(employerJob({ live: true })),
      [`PATCH /api/employer/jobs/${JOB_ID}`]: (req) => ok(employerJob({ live: true, title: (req.data as EmployerJobDto).title })),
      [`POST /api/employer/jobs/${JOB_ID}/state`]: (req) => {
        const state = (req.data as { state: EmployerJobDto['state'] }).state;
        return ok(employerJob({ state, live: state === 'open' }));
      },
    });
    render(<EmployerJob />);
    await waitFor(() => expect(document.getElementById('ejob-title-en')).not.toBeNull());
    expect((document.getElementById('ejob-title-en') as HTMLInputElement).value).toBe('Front-end engineer');
    expect(text('ejob-live')).toBe('Public');
    type('ejob-title-en', 'Senior front-end engineer');
    await click('ejob-save');
    expect(posts()[0]!.data).toMatchObject({ title: { en: 'Senior front-end engineer' }, city: 'shenzhen', salaryMin: 18000, languages: ['普通话'] });
    expect(posts()[0]!.data).not.toHaveProperty('employer');

    await click('ejob-state-paused');
    expect(posts()[1]!.data).toEqual({ state: 'paused' });
    expect(text('ejob-state')).toBe('Paused');
    expect(text('ejob-live')).toBe('Not public');
    expect(document.getElementById('ejob-state-open')).not.toBeNull();

    taroMock.modalConfirm = false;
    await click('ejob-state-closed');
    expect(posts()).toHaveLength(2);
    taroMock.modalConfirm = true;
    await click('ejob-state-closed');
    expect(posts()[2]!.data).toEqual({ state: 'closed' });
    expect(text('ejob-state')).toBe('Closed');
    // Closed is final: no moves, no saving.
    expect(document.querySelector('[id^="ejob-state-"]')).toBeNull();
    expect(document.getElementById('ejob-save')).toBeNull();
  });
});

describe('applicant (packages/employer/applicant)', () => {
  const PATHS: Record<ApplicationStatus, ApplicationStatus[]> = {
    submitted: ['submitted'],
    under_review: ['submitted', 'under_review'],
    interview: ['submitted', 'under_review', 'interview'],
    offered: ['submitted', 'under_review', 'interview', 'offered'],
    rejected: ['submitted', 'rejected'],
    withdrawn: ['submitted', 'withdrawn'],
  };
  const statusButtons = () => [...document.querySelectorAll('[id^="eapp-status-"]')].map((b) => b.id.replace('eapp-status-', ''));

  async function open(status: ApplicationStatus) {
    serveApi({ [`GET /api/employer/applications/${APP_ID}`]: ok(application(PATHS[status])) });
    taroMock.routerParams = { id: APP_ID };
    render(<EmployerApplicant />);
    await waitFor(() => expect(document.getElementById('eapp-view')).not.toBeNull());
  }

  beforeEach(() => startApp({ lang: 'en', user: employer() }));

  it.each(APPLICATION_STATUSES)('offers only the legal next statuses from %s', async (status) => {
    await open(status);
    expect(statusButtons()).toEqual(nextStatuses(status, 'reviewer'));
    expect(document.getElementById('eapp-final') !== null).toBe(nextStatuses(status, 'reviewer').length === 0);
    // The identity stays masked until revealed.
    expect(text('eapp-identity')).toContain('+852****4567');
  });

  it('moves the application with a note and shows it on the timeline', async () => {
    await open('under_review');
    serveApi({
      [`POST /api/employer/applications/${APP_ID}/status`]: (req) => {
        expect(req.data).toEqual({ status: 'interview', note: 'Friday 10:00' });
        return ok(application(PATHS.interview, { timeline: [...application(PATHS.interview).timeline.slice(0, 2), { status: 'interview', at: '2025-03-02T10:00:00.000Z', by: 'employer', note: 'Friday 10:00' }] }));
      },
    });
    type('eapp-note', ' Friday 10:00 ');
    await click('eapp-status-interview');
    expect(posts()).toHaveLength(1);
    expect(document.getElementById('timeline')!.firstElementChild!.id).toBe('timeline-interview');
    expect(text('timeline-interview')).toContain('Employer');
    expect(text('timeline-interview')).toContain('Friday 10:00');
    expect(statusButtons()).toEqual(['offered', 'rejected']);
  });

  it('reveals the full numbers with a reason', async () => {
    await open('submitted');
    serveApi({
      [`POST /api/employer/applications/${APP_ID}/reveal`]: (req) =>
        (req.data as { reason: string }).reason.length < 5
          ? fail(400, 'validation', 'Some fields need your attention', { reason: 'Give the reason for viewing the full details (5–200 characters)' })
          : ok({ id: APP_ID, auditId: 'a1', phone: '+85291234567', docNumber: 'A1234563' }),
    });
    type('eapp-reason', 'abc');
    await click('eapp-reveal-go');
    expect(text('error-eapp-reason')).toContain('5–200 characters');
    type('eapp-reason', 'Arrange the interview by phone');
    await click('eapp-reveal-go');
    expect(posts().at(-1)!.data).toEqual({ reason: 'Arrange the interview by phone', fields: ['phone', 'docNumber'] });
    expect(text('eapp-revealed')).toContain('+85291234567');
  });

  it('shows the not-found view for another organisation\'s application', async () => {
    serveApi({ [`GET /api/employer/applications/${APP_ID}`]: fail(404, 'notFound', 'Not found') });
    taroMock.routerParams = { id: APP_ID };
    render(<EmployerApplicant />);
    await waitFor(() => expect(document.getElementById('eapp-not-found')).not.toBeNull());
    expect(text('eapp-not-found')).toBe('Not found, or not your organisation\'s');
    expect(document.querySelector('[id^="eapp-status-"]')).toBeNull();
  });
});

describe('organisations to verify (packages/admin/orgs)', () => {
  it('lists the pending organisations and verifies one', async () => {
    startApp({ lang: 'en', user: resident({ role: 'admin' }) });
    serveApi({
      'GET /api/admin/orgs': (req) => ok({ items: req.url.includes('status=pending') ? [org()] : [], nextCursor: null }),
      [`POST /api/admin/orgs/${ORG_ID}/review`]: (req) => ok(org({ status: (req.data as { decision: OrgDto['status'] }).decision })),
    });
    render(<AdminOrgs />);
    await waitFor(() => expect(document.getElementById(`admin-org-${ORG_ID}`)).not.toBeNull());
    expect(taroMock.requests[0]!.url).toContain('status=pending');
    const card = text(`admin-org-${ORG_ID}`)!;
    expect(card).toContain('Qianhai Tech Ltd');
    expect(card).toContain('Unified social credit code · 91440300MA5FUTNX9X');
    expect(card).toMatch(/Registered 2025-03-01/);
    // Pending: verify or reject (suspending is for verified ones).
    expect(document.getElementById(`admin-org-${ORG_ID}-suspended`)).toBeNull();

    // Rejecting needs a note: nothing is sent without one.
    await click(`admin-org-${ORG_ID}-rejected`);
    expect(posts()).toHaveLength(0);
    expect(text(`error-admin-org-${ORG_ID}-note`)).toBe('Give a reason to reject or suspend');

    await click(`admin-org-${ORG_ID}-verified`);
    expect(posts().map((r) => [r.url, r.data])).toEqual([[`/api/admin/orgs/${ORG_ID}/review`, { decision: 'verified' }]]);
    expect(document.getElementById(`admin-org-${ORG_ID}`)).toBeNull();
    expect(screen.getByText('No organisations waiting')).toBeTruthy();
  });

  it('suspends a verified organisation with a note', async () => {
    startApp({ lang: 'en', user: resident({ role: 'admin' }) });
    serveApi({
      'GET /api/admin/orgs': (req) => ok({ items: req.url.includes('status=verified') ? [org({ status: 'verified' })] : [], nextCursor: null }),
      [`POST /api/admin/orgs/${ORG_ID}/review`]: ok(org({ status: 'suspended' })),
    });
    render(<AdminOrgs />);
    await click('admin-orgs-filter-verified');
    await waitFor(() => expect(document.getElementById(`admin-org-${ORG_ID}`)).not.toBeNull());
    expect(document.getElementById(`admin-org-${ORG_ID}-verified`)).toBeNull();
    type(`admin-org-${ORG_ID}-note-input`, 'Fake postings reported');
    await click(`admin-org-${ORG_ID}-suspended`);
    expect(posts().at(-1)!.data).toEqual({ decision: 'suspended', note: 'Fake postings reported' });
  });
});

describe('home tile for employers', () => {
  const tiles = () => [...document.querySelectorAll('#home-grid > [data-tile]')].map((el) => el.getAttribute('data-tile'));
  // The home's own loads (notices, inbox badge, starred ports) settle inside act().
  const show = async () => {
    let view!: ReturnType<typeof render>;
    await act(async () => {
      view = render(<Home />);
    });
    return view;
  };

  it('is shown to signed-in residents and employers only', async () => {
    startApp({ lang: 'en', user: null });
    let view = await show();
    expect(tiles()).not.toContain('employer');
    view.unmount();

    startApp({ lang: 'en', user: resident({ role: 'reviewer' }) });
    view = await show();
    expect(tiles()).not.toContain('employer');
    view.unmount();

    startApp({ lang: 'zh-Hant' });
    view = await show();
    expect(text('nav-employer')).toContain('企業招聘');
    fireEvent.click(document.getElementById('nav-employer')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/employer/index/index' });
    view.unmount();

    // Elder mode keeps it for an employer (their own area), not for a resident.
    startApp({ lang: 'en', user: employer(), elder: true });
    view = await show();
    expect(tiles()).toContain('employer');
    expect(text('nav-employer')).toContain('Hire');
    view.unmount();
    startApp({ lang: 'en', elder: true });
    await show();
    expect(tiles()).not.toContain('employer');
  });
});
