import { act, fireEvent, render, screen } from '@testing-library/react';
import { DASHBOARD_POLL_MS, type DashboardDto } from '@bay/shared';
import Dashboard from '../../src/packages/admin/dashboard';
import { applicationsOption, duration, MAX_PORT_ROWS, portRows, portsOption } from '../../src/packages/admin/chart/options';
import { translatorFor } from '../../src/i18n';
import { fail, ok, resident, serveApi, startApp, taroMock } from '../helpers';

const zero = { submitted: 0, under_review: 0, interview: 0, offered: 0, rejected: 0, withdrawn: 0 };
const days = ['2026-12-05', '2026-12-06', '2026-12-07'];
const name = (en: string) => ({ 'zh-Hans': `${en}口岸`, 'zh-Hant': `${en}口岸`, en });

function figures(overrides: Partial<DashboardDto> = {}): DashboardDto {
  return {
    at: '2026-12-07T03:00:00.000Z',
    days: 14,
    dayKeys: days,
    applications: {
      byStatus: { ...zero, submitted: 4, under_review: 2, interview: 1 },
      perDay: days.map((day, i) => ({ day, counts: { ...zero, submitted: i, under_review: i === 2 ? 2 : 0 } })),
      truncated: false,
    },
    firstReview: { reviewed: 3, medianMinutes: 35, p90Minutes: 180, waiting: 4, oldestWaitingMinutes: 3 * 1440 },
    ports: [
      { portId: 'lo-wu', name: name('Lo Wu'), direction: 'northbound', mode: 'pedestrian', nowMinutes: 25, nowSource: 'feed', usualMinutes: 15, usualSamples: 8 },
      { portId: 'shenzhen-bay', name: name('Shenzhen Bay'), direction: 'southbound', mode: 'vehicle', nowMinutes: null, nowSource: null, usualMinutes: 40, usualSamples: 3 },
      { portId: 'hengqin', name: name('Hengqin'), direction: 'northbound', mode: 'pedestrian', nowMinutes: null, nowSource: null, usualMinutes: null, usualSamples: 0 },
    ],
    messages: [
      { channel: 'bot', counts: { sent: 40, pending: 2, failed: 1, dead: 3, cancelled: 0 } },
      { channel: 'subscribe', counts: { sent: 5, pending: 0, failed: 0, dead: 0, cancelled: 0 } },
      { channel: 'inbox', counts: { sent: 0, pending: 0, failed: 0, dead: 0, cancelled: 0 } },
    ],
    broadcasts: [{
      id: '65a1b2c3d4e5f60718293d01', title: { 'zh-Hans': '台风通知', 'zh-Hant': '颱風通知', en: 'Typhoon notice' }, body: { 'zh-Hans': 'x', 'zh-Hant': 'x', en: 'x' },
      audience: { type: 'all' }, state: 'sending', scheduleAt: '2026-12-07T02:00:00.000Z', ratePerMinute: 600,
      counts: { recipients: 100, pending: 40, sent: 60, failed: 0, dead: 0, cancelled: 0 }, createdAt: '2026-12-07T02:00:00.000Z',
    }],
    enquiries: { totals: { faq: 6, clarify: 3, unknown: 1 }, perDay: days.map((day, i) => ({ day, faq: 2 * i, clarify: i, unknown: i === 2 ? 1 : 0 })) },
    unanswered: [{ id: '65a1b2c3d4e5f60718293e01', question: '深圳湾口岸夜晚几点关门', total: 5, clarify: 1, unknown: 3, thumbsDown: 1, lastSeen: '2026-12-07T01:00:00.000Z' }],
    ...overrides,
  };
}

const admin = () => resident({ role: 'admin', nickname: 'demo-admin' });
const text = (id: string) => document.getElementById(id)?.textContent ?? '';

async function open(): Promise<void> {
  await act(async () => {
    render(<Dashboard />);
  });
}

// jsdom has no 2D canvas; without one ZRender measures text by its own table (what it does on any such platform).
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});
afterEach(() => {
  jest.useRealTimers();
});

describe('operations dashboard page', () => {
  it('prints every figure in words and draws each chart', async () => {
    startApp({ lang: 'en', user: admin() });
    serveApi({ 'GET /api/admin/dashboard': ok(figures()) });
    await open();
    expect(text('dashboard-status-submitted')).toContain('4');
    expect(text('dashboard-status-interview')).toContain('1');
    expect(text('dashboard-review-median')).toContain('35 min');
    expect(text('dashboard-review-median')).toContain('Median · 3 reviewed');
    expect(text('dashboard-review-p90')).toContain('90% within');
    expect(text('dashboard-review-p90')).toContain('3 h');
    expect(text('dashboard-review-waiting')).toBe('4Waiting for review · Oldest has waited 3 d');
    // No inbox message is waiting for a bind here, so no hint about it.
    expect(document.getElementById('dashboard-inbox-pending-hint')).toBeNull();
    expect(text('dashboard-port-lo-wu-northbound-pedestrian')).toMatch(/Now 25 min · Usual 15 min/);
    expect(text('dashboard-port-shenzhen-bay-southbound-vehicle')).toMatch(/Now — · Usual 40 min/);
    // A port with no figure at all is left out.
    expect(document.getElementById('dashboard-port-hengqin-northbound-pedestrian')).toBeNull();
    expect(text('dashboard-channel-bot')).toBe('BotDelivered 40 · Pending 2 · Failed (retrying) 1 · Dead 3');
    expect(text('dashboard-outcome-faq')).toBe('60%Answered directly · 6');
    expect(text('dashboard-outcome-unknown')).toBe('10%Unknown · 1');
    expect(text('dashboard-broadcasts')).toContain('60 sent');
    expect(text('dashboard-unanswered')).toContain('深圳湾口岸夜晚几点关门');
    expect(text('dashboard-unanswered')).toContain('5×');
    expect(text('dashboard-unanswered')).toContain('Top questions not answered directly');
    // ECharts drew SVG into each chart's node: bars are paths.
    for (const id of ['applications', 'ports', 'messages', 'enquiries']) {
      const svg = document.querySelector(`#dashboard-chart-${id} svg`);
      expect(svg).not.toBeNull();
      expect(svg!.querySelectorAll('path').length).toBeGreaterThan(3);
    }
    expect(document.getElementById('dashboard-chart-applications')!.getAttribute('aria-label')).toContain('New applications per day');
    expect(taroMock.requests[0]!.url).toMatch(/\/api\/admin\/dashboard\?days=14$/);
  });

  it('refreshes the figures without a reload, and keeps the last ones (saying so) when a refresh fails', async () => {
    jest.useFakeTimers();
    startApp({ lang: 'en', user: admin() });
    let n = 0;
    serveApi({
      'GET /api/admin/dashboard': () => {
        n += 1;
        if (n === 1) return ok(figures());
        if (n === 2) return ok(figures({ at: '2026-12-07T03:00:15.000Z', applications: { ...figures().applications, byStatus: { ...zero, submitted: 9 } } }));
        return fail(503, 'unavailable', 'Service unavailable');
      },
    });
    await open();
    expect(text('dashboard-status-submitted')).toContain('4');
    await act(async () => {
      jest.advanceTimersByTime(DASHBOARD_POLL_MS);
    });
    expect(n).toBe(2);
    expect(text('dashboard-status-submitted')).toContain('9');
    expect(document.getElementById('dashboard-updated')!.getAttribute('data-at')).toBe('2026-12-07T03:00:15.000Z');
    expect(document.getElementById('dashboard-stale')).toBeNull();
    await act(async () => {
      jest.advanceTimersByTime(DASHBOARD_POLL_MS);
    });
    expect(n).toBe(3);
    expect(text('dashboard-status-submitted')).toContain('9');
    expect(text('dashboard-stale')).toContain('Could not refresh');
  });

  it('asks for another window when one is picked', async () => {
    startApp({ lang: 'en', user: admin() });
    serveApi({ 'GET /api/admin/dashboard': (req) => ok(figures({ days: Number(new URL(req.url, 'http://x').searchParams.get('days')) })) });
    await open();
    await act(async () => {
      fireEvent.click(screen.getByText('Last 30 days'));
    });
    expect(taroMock.requests.at(-1)!.url).toMatch(/days=30$/);
    expect(document.getElementById('dashboard-days-30')!.className).toContain('chip--active');
  });

  it('says what is missing on a quiet day, in 繁體 and elder mode', async () => {
    startApp({ lang: 'zh-Hant', user: admin(), elder: true });
    const empty = figures({
      applications: { byStatus: zero, perDay: days.map((day) => ({ day, counts: zero })), truncated: false },
      firstReview: { reviewed: 0, medianMinutes: null, p90Minutes: null, waiting: 0, oldestWaitingMinutes: null },
      ports: [], broadcasts: [], unanswered: [],
      messages: figures().messages.map((m) => ({ ...m, counts: { sent: 0, pending: 0, failed: 0, dead: 0, cancelled: 0 } })),
      enquiries: { totals: { faq: 0, clarify: 0, unknown: 0 }, perDay: days.map((day) => ({ day, faq: 0, clarify: 0, unknown: 0 })) },
    });
    serveApi({ 'GET /api/admin/dashboard': ok(empty) });
    await open();
    expect(document.querySelector('.page--elder')).not.toBeNull();
    expect(text('dashboard-ports-empty')).toBe('暫無口岸等候數據');
    expect(text('dashboard-messages-empty')).toBe('窗口內沒有訊息');
    expect(text('dashboard-enquiries-empty')).toBe('窗口內沒有查詢');
    expect(text('dashboard-broadcasts-empty')).toBe('還沒有群發');
    expect(text('dashboard-unanswered-empty')).toBe('沒有待處理的問題');
    expect(text('dashboard-first-review')).toContain('窗口內還沒有審核');
  });

  it('explains inbox messages that wait for the resident to bind the bot', async () => {
    startApp({ lang: 'zh-Hans', user: admin() });
    const messages = figures().messages.map((m) => (m.channel === 'inbox' ? { ...m, counts: { ...m.counts, pending: 2 } } : m));
    serveApi({ 'GET /api/admin/dashboard': ok(figures({ messages })) });
    await open();
    expect(text('dashboard-channel-inbox')).toBe('站内信待发送 2');
    expect(text('dashboard-inbox-pending-hint')).toContain('等居民绑定机器人后再推送');
  });

  it('shows the server\'s error when the figures cannot be read', async () => {
    startApp({ lang: 'en', user: resident() });
    serveApi({ 'GET /api/admin/dashboard': fail(403, 'forbidden', 'Only administrators may do this') });
    await open();
    expect(text('dashboard-error')).toContain('Only administrators may do this');
  });
});

describe('dashboard chart options', () => {
  const t = translatorFor('en');
  it('stacks applications per day by status', () => {
    const o = applicationsOption(figures(), t, false) as { xAxis: { data: string[] }; series: { name: string; stack: string; data: number[] }[] };
    expect(o.xAxis.data).toEqual(['12-05', '12-06', '12-07']);
    expect(o.series).toHaveLength(6);
    expect(o.series.every((s) => s.stack === 'applications')).toBe(true);
    expect(o.series.find((s) => s.name === t('status.under_review'))!.data).toEqual([0, 0, 2]);
  });

  it('keeps the port rows that have a figure, longest wait now first, at most MAX_PORT_ROWS', () => {
    const many = figures({
      ports: Array.from({ length: 12 }, (_, i) => ({ ...figures().ports[0]!, portId: `p${i}`, nowMinutes: i, usualMinutes: 10 })),
    });
    const rows = portRows(many, t, 'en');
    expect(rows).toHaveLength(MAX_PORT_ROWS);
    expect(rows[0]!.nowMinutes).toBe(11);
    expect(portRows(figures(), t, 'en').map((r) => r.portId)).toEqual(['lo-wu', 'shenzhen-bay']);
    const o = portsOption(figures(), t, 'en', true) as { textStyle: { fontSize: number }; yAxis: { data: string[] } };
    expect(o.yAxis.data).toEqual(['Shenzhen Bay · Southbound (into HK / Macao) · Vehicles', 'Lo Wu · Northbound (into the mainland) · Passengers']);
    expect(o.textStyle.fontSize).toBe(16);
    expect((o as unknown as { yAxis: { axisLabel: { fontSize: number } } }).yAxis.axisLabel.fontSize).toBe(16);
    expect((applicationsOption(figures(), t, true) as { xAxis: { axisLabel: { fontSize: number } } }).xAxis.axisLabel.fontSize).toBe(16);
  });

  it('writes durations the way a person says them', () => {
    expect(duration(35, t)).toBe('35 min');
    expect(duration(180, t)).toBe('3 h');
    expect(duration(3 * 1440, t)).toBe('3 d');
  });
});
