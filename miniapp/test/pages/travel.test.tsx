import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { TRAVEL_PLACES, type NorthboundRulesDto, type TravelLegDto, type TravelRoutesDto } from '@bay/shared';
import TravelFinder from '../../src/packages/travel/index';
import Northbound from '../../src/packages/travel/northbound';
import { APP_ID, application, fail, ok, serveApi, startApp, taroMock } from '../helpers';

const leg = (overrides: Partial<TravelLegDto> = {}): TravelLegDto => ({
  key: 'hzmb-shuttle-hk-zhuhai', mode: 'hzmb_shuttle', from: 'hongkong', to: 'zhuhai',
  operator: 'HZMB Shuttle Bus ("gold bus")', departure: 'HZMB Hong Kong Port', arrival: 'HZMB Zhuhai Port',
  port: 'HZMB Hong Kong Port / Zhuhai Port', minutes: 45, fare: { min: 65, max: 70, currency: 'HKD' },
  firstDeparture: null, lastDeparture: null, allDay: true, hours: 'Runs 24 hours', howToBuy: 'Ticket counters',
  note: 'Check the operator', source: { name: 'Hong Kong-Zhuhai-Macao Bridge Hong Kong Port', url: 'https://www.hzmb.gov.hk/' },
  asOf: '2026-11', confidence: 'unverified', ...overrides,
});

const answer = (sort: 'time' | 'price'): TravelRoutesDto => ({
  from: 'hongkong', to: 'zhuhai', sort, lang: 'en',
  routes: [
    { id: 'hzmb-shuttle-hk-zhuhai>', legs: [leg()], minutes: 45, approxHkd: { min: 65, max: 70 }, unverified: true },
    {
      id: 'hzmb-shuttle-hk-macao>+walk-macao-gongbei>',
      legs: [leg({ key: 'hzmb-shuttle-hk-macao', to: 'macao' }), leg({ key: 'walk-macao-gongbei', mode: 'walk', from: 'macao', to: 'zhuhai', fare: { min: 0, max: 0, currency: 'MOP' }, allDay: false, firstDeparture: '06:00', lastDeparture: '01:00' })],
      minutes: 95, approxHkd: { min: 65, max: 70 }, unverified: true,
    },
  ],
});

describe('travel route finder (packages/travel/index)', () => {
  it('offers the eleven cities and the airport, finds routes and opens one with its source and date', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'GET /api/travel/routes': (req) => ok(answer(req.url.includes('sort=price') ? 'price' : 'time')) });
    render(<TravelFinder />);
    for (const p of TRAVEL_PLACES) expect(document.getElementById(`travel-from-${p}`)).not.toBeNull();
    expect(document.getElementById('travel-to-hkairport')!.textContent).toBe('Hong Kong International Airport');
    fireEvent.click(document.getElementById('travel-from-hongkong')!);
    fireEvent.click(document.getElementById('travel-to-zhuhai')!);
    await act(async () => { fireEvent.click(document.getElementById('travel-search')!); });
    expect(taroMock.requests.at(-1)!.url).toBe('/api/travel/routes?from=hongkong&to=zhuhai&sort=time');
    await screen.findByText('about 45 min');
    expect(document.getElementById('travel-route-1')!.textContent).toContain('Change at Macao');
    expect(document.getElementById('travel-route-1')!.textContent).toContain('Free');
    fireEvent.click(document.getElementById('travel-route-0')!);
    const details = document.getElementById('travel-route-0-leg-0')!;
    expect(details.textContent).toContain('Runs 24 hours');
    expect(details.textContent).toContain('https://www.hzmb.gov.hk/');
    expect(details.textContent).toContain('As of 2026-11');
    expect(details.textContent).toContain('Unverified');
    await act(async () => { fireEvent.click(document.getElementById('travel-sort-price')!); });
    expect(taroMock.requests.at(-1)!.url).toBe('/api/travel/routes?from=hongkong&to=zhuhai&sort=price');
    expect(await screen.findByText(/compares currencies at rough rates/)).toBeTruthy();
  });

  it('asks for both places before searching, in Traditional Chinese, and shows server errors', async () => {
    startApp({ lang: 'zh-Hant', user: null });
    serveApi({ 'GET /api/travel/routes': fail(400, 'validation', '提交的內容有誤', { to: '出發地和目的地不能相同' }) });
    render(<TravelFinder />);
    expect(document.getElementById('travel-from-zhaoqing')!.textContent).toBe('肇慶');
    fireEvent.click(document.getElementById('travel-search')!);
    expect(document.getElementById('travel-error')!.textContent).toContain('請選擇出發地和目的地');
    expect(taroMock.requests).toHaveLength(0);
    fireEvent.click(document.getElementById('travel-from-macao')!);
    fireEvent.click(document.getElementById('travel-to-macao')!);
    await act(async () => { fireEvent.click(document.getElementById('travel-search')!); });
    await waitFor(() => expect(document.getElementById('travel-error')!.textContent).toContain('提交的內容有誤'));
  });

  it('uses elder mode and links to Northbound Travel', () => {
    startApp({ lang: 'zh-Hans', elder: true, user: null });
    const { container } = render(<TravelFinder />);
    expect(container.querySelector('.page--elder')).not.toBeNull();
    expect(screen.getByText('港车北上 / 澳车北上')).toBeTruthy();
    fireEvent.click(document.getElementById('travel-northbound')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/travel/northbound/index' });
  });
});

const rules: NorthboundRulesDto = {
  scheme: 'hk', title: 'Northbound Travel for Hong Kong Vehicles', summary: 'Since 1 July 2023…',
  requirements: [
    { key: 'resident', label: 'The applicant is a Hong Kong resident', required: true },
    { key: 'mainlandLicence', label: 'Drivers hold a valid mainland driving licence', required: true },
    { key: 'insurance', label: 'Cross-boundary insurance', required: false },
  ],
  documents: ['Hong Kong identity card', 'Home Return Permit'],
  bookingRules: [{ key: 'book-each-trip', text: 'Book before each trip', effectiveFrom: '2023-07-01', effectiveTo: null, confidence: 'unverified' }],
  source: { name: 'Transport Department, HKSAR', url: 'https://www.td.gov.hk/' }, asOf: '2026-11', confidence: 'unverified',
};

describe('Northbound Travel (packages/travel/northbound)', () => {
  it('shows documents and booking rules marked unverified, checks eligibility and names what is missing', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({
      'GET /api/travel/northbound': ok(rules),
      'POST /api/travel/northbound/eligibility': ok({ scheme: 'hk', eligible: false, missing: [{ key: 'mainlandLicence', label: 'Drivers hold a valid mainland driving licence' }] }),
    });
    render(<Northbound />);
    await screen.findByText('• Hong Kong identity card');
    expect(document.getElementById('nb-booking-book-each-trip')!.textContent).toContain('in effect from 2023-07-01');
    expect(document.getElementById('nb-booking-book-each-trip')!.textContent).toContain('Unverified');
    fireEvent.click(document.getElementById('nb-resident-yes')!);
    fireEvent.click(document.getElementById('nb-mainlandLicence-no')!);
    await act(async () => { fireEvent.click(document.getElementById('nb-check-submit')!); });
    const sent = taroMock.requests.at(-1)!;
    expect(sent.data).toEqual({ scheme: 'hk', answers: { resident: true, homeReturnPermit: false, vehicleRegistered: false, vehicleOwner: false, localLicence: false, mainlandLicence: false, insurance: false } });
    expect(document.getElementById('nb-missing')!.textContent).toContain('mainland driving licence');
    expect(document.getElementById('nb-apply')).toBeNull();
  });

  it('applies when eligible and opens the tracked application', async () => {
    startApp({ lang: 'en' });
    serveApi({
      'GET /api/travel/northbound': ok(rules),
      'POST /api/travel/northbound/eligibility': ok({ scheme: 'hk', eligible: true, missing: [] }),
      'POST /api/applications/northbound': (req) => {
        const body = req.data as { plate: string; scheme: string };
        return body.plate === 'AB 1234' && body.scheme === 'hk' ? ok(application(['submitted']), 201) : fail(400, 'validation', 'bad');
      },
    });
    render(<Northbound />);
    await screen.findByText('• Home Return Permit');
    await act(async () => { fireEvent.click(document.getElementById('nb-check-submit')!); });
    await screen.findByText('From your answers you are eligible to apply');
    const type = (id: string, value: string) => fireEvent.input(document.getElementById(id)!, { target: { value }, detail: { value } });
    await act(async () => { fireEvent.click(document.getElementById('nb-apply-submit')!); });
    expect(document.getElementById('error-plate')).not.toBeNull();
    type('nb-name', 'Chan Tai Man');
    type('nb-phone', '91234567');
    fireEvent.click(document.getElementById('nb-docType-hkid')!);
    type('nb-docNumber', 'A123456(3)');
    type('nb-plate', 'ab 1234');
    await act(async () => { fireEvent.click(document.getElementById('nb-apply-submit')!); });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/applications/detail?id=${APP_ID}` }));
  });
});

describe('travel route finder opened from a link', () => {
  it('searches at once for the places in ?from=&to=', async () => {
    startApp({ lang: 'en', user: null });
    taroMock.routerParams = { from: 'hongkong', to: 'zhuhai' };
    serveApi({ 'GET /api/travel/routes': ok(answer('time')) });
    render(<TravelFinder />);
    await screen.findByText('about 45 min');
    expect(taroMock.requests.at(-1)!.url).toBe('/api/travel/routes?from=hongkong&to=zhuhai&sort=time');
    expect(document.getElementById('travel-from-hongkong')!.getAttribute('aria-checked')).toBe('true');
  });
});
