import { act, fireEvent, render } from '@testing-library/react';
import type { NotificationPrefsDto } from '@bay/shared';
import Settings from '../../src/packages/me/settings';
import { fail, ok, serveApi, startApp, taroMock } from '../helpers';

function prefs(overrides: Partial<NotificationPrefsDto> = {}): NotificationPrefsDto {
  return {
    optOut: [],
    quietHours: null,
    city: null,
    interests: [],
    channels: { bot: true, subscribe: { tmplA: 2, tmplB: 1 } },
    ...overrides,
  };
}

async function open(initial = prefs()) {
  await act(async () => {
    render(<Settings />);
  });
  return initial;
}

const type = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });
const save = () =>
  act(async () => {
    fireEvent.click(document.getElementById('settings-save')!);
  });

describe('notification settings (packages/me/settings)', () => {
  beforeEach(() => startApp({ lang: 'en' }));

  it('shows the saved choices and the channels that can reach the resident', async () => {
    serveApi({ 'GET /api/me/notification-preferences': ok(prefs({ optOut: ['broadcast'], city: 'zhuhai', interests: ['jobs'] })) });
    await open();
    expect((document.getElementById('settings-optout-broadcast') as HTMLInputElement).checked).toBe(false);
    expect((document.getElementById('settings-optout-handoff') as HTMLInputElement).checked).toBe(true);
    expect(document.getElementById('settings-optout-application')).toBeNull();
    expect(document.getElementById('settings-application-always')!.textContent).toContain('always reach your Inbox');
    expect(document.getElementById('settings-city-zhuhai')!.getAttribute('aria-checked')).toBe('true');
    expect(document.getElementById('settings-interest-jobs')!.getAttribute('aria-checked')).toBe('true');
    expect(document.getElementById('settings-channel-bot')!.textContent).toContain('linked');
    expect(document.getElementById('settings-channel-subscribe')!.textContent).toContain('3');
  });

  it('saves opt-outs, quiet hours, city and interests with PATCH', async () => {
    let sent: unknown;
    serveApi({
      'GET /api/me/notification-preferences': ok(prefs()),
      'PATCH /api/me/notification-preferences': (req) => {
        sent = req.data;
        return ok(prefs(req.data as Partial<NotificationPrefsDto>));
      },
    });
    await open();
    fireEvent.click(document.getElementById('settings-optout-handoff')!);
    type('settings-quiet-start', '22:00');
    type('settings-quiet-end', '07:30');
    fireEvent.click(document.getElementById('settings-city-shenzhen')!);
    fireEvent.click(document.getElementById('settings-interest-travel')!);
    fireEvent.click(document.getElementById('settings-interest-customs')!);
    await save();
    expect(sent).toEqual({
      optOut: ['handoff'],
      quietHours: { start: '22:00', end: '07:30' },
      city: 'shenzhen',
      interests: ['travel', 'customs'],
    });
  });

  it('refuses a malformed time next to the quiet-hours field without calling the server', async () => {
    serveApi({ 'GET /api/me/notification-preferences': ok(prefs()) });
    await open();
    type('settings-quiet-start', '25:00');
    type('settings-quiet-end', '07:00');
    await save();
    expect(document.getElementById('error-quietHours')).not.toBeNull();
    expect(taroMock.requests.map((r) => r.method)).toEqual(['GET']);
    type('settings-quiet-start', '23:00');
    expect(document.getElementById('error-quietHours')).toBeNull();
  });

  it('shows the server field errors next to their fields', async () => {
    serveApi({
      'GET /api/me/notification-preferences': ok(prefs()),
      'PATCH /api/me/notification-preferences': fail(422, 'validation', 'Some fields need your attention', {
        city: 'Choose one of the 11 cities',
        'interests.0': 'Unknown interest',
      }),
    });
    await open();
    fireEvent.click(document.getElementById('settings-city-macao')!);
    await save();
    expect(document.getElementById('error-city')!.textContent).toBe('Choose one of the 11 cities');
    expect(document.getElementById('error-interests')!.textContent).toBe('Unknown interest');
    expect(document.getElementById('settings-error')!.textContent).toBe('Some fields need your attention');
  });

  it('clears quiet hours', async () => {
    let sent: { quietHours?: unknown } = {};
    serveApi({
      'GET /api/me/notification-preferences': ok(prefs({ quietHours: { start: '22:00', end: '08:00' } })),
      'PATCH /api/me/notification-preferences': (req) => {
        sent = req.data as typeof sent;
        return ok(prefs());
      },
    });
    await open();
    expect((document.getElementById('settings-quiet-start') as HTMLInputElement).value).toBe('22:00');
    fireEvent.click(document.getElementById('settings-quiet-clear')!);
    await save();
    expect(sent.quietHours).toBeNull();
  });
});
