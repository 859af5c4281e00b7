import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  APPLICATION_STATUSES, DASHBOARD_DEFAULT_DAYS, DASHBOARD_MESSAGE_STATES, DASHBOARD_POLL_MS, ENQUIRY_OUTCOMES, type DashboardDto,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { dashboardApi } from '../../../services/api';
import { formatClock, formatTime } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import Chart from '../chart/chart';
import { applicationsOption, duration, enquiriesOption, messagesOption, percent, portRows, portsOption } from '../chart/options';
import BroadcastProgress from '../progress';
import ConsoleNav from '../nav';
import { usePoll } from '../polling';
import '../console.scss';
import './index.scss';

const WINDOWS = [7, DASHBOARD_DEFAULT_DAYS, 30] as const;

function Figure({ id, value, label }: { id: string; value: string | number; label: string }) {
  return (
    <View className='dashboard__figure' id={id}>
      <Text className='dashboard__value'>{value}</Text>
      <Text className='muted'>{label}</Text>
    </View>
  );
}

/**
 * Operations dashboard (粤治慧 side): the server's figures for the last 7, 14 or 30 days, each card
 * with its numbers in words and a chart, reloaded every DASHBOARD_POLL_MS while the page is open.
 */
export default function Dashboard() {
  const { t, lang, elder } = usePrefs();
  const [days, setDays] = useState<number>(DASHBOARD_DEFAULT_DAYS);
  const [data, setData] = useState<DashboardDto | null>(null);
  const [error, setError] = useState('');
  const asked = useRef(0);

  const load = useCallback(async () => {
    const n = ++asked.current;
    try {
      const d = await dashboardApi.get(days);
      if (n !== asked.current) return; // a newer window was asked for meanwhile
      setData(d);
      setError('');
    } catch (e) {
      if (n === asked.current) setError((e as Error).message);
    }
  }, [days]);

  useEffect(() => { void load(); }, [load]);
  usePoll(true, load, DASHBOARD_POLL_MS);
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  const options = useMemo(() => data && {
    applications: applicationsOption(data, t, elder),
    ports: portsOption(data, t, lang, elder),
    messages: messagesOption(data, t, elder),
    enquiries: enquiriesOption(data, t, elder),
  }, [data, t, lang, elder]);
  const chartHeight = elder ? 300 : 220;

  if (!data || !options) {
    return (
      <PageShell titleKey='dashboard.title' className='dashboard'>
        <ConsoleNav />
        {error ? <Notice kind='error' text={error} id='dashboard-error' /> : <Notice text={t('dashboard.refreshing')} id='dashboard-loading' />}
      </PageShell>
    );
  }

  const apps = data.applications;
  const totalApps = APPLICATION_STATUSES.reduce((n, s) => n + apps.byStatus[s], 0);
  const fr = data.firstReview;
  const ports = portRows(data, t, lang);
  const messageTotal = data.messages.reduce((n, m) => n + DASHBOARD_MESSAGE_STATES.reduce((k, s) => k + m.counts[s], 0), 0);
  const enq = data.enquiries.totals;
  const enqTotal = ENQUIRY_OUTCOMES.reduce((n, o) => n + enq[o], 0);

  return (
    <PageShell titleKey='dashboard.title' className='dashboard'>
      <ConsoleNav />
      <View className='dashboard__bar'>
        <View>
          {WINDOWS.map((w) => (
            <View key={w} id={`dashboard-days-${w}`} className={`chip${w === days ? ' chip--active' : ''}`} onClick={() => setDays(w)}>
              {t('dashboard.window', { days: w })}
            </View>
          ))}
        </View>
        <Text className='muted' id='dashboard-updated' data-at={data.at}>{t('dashboard.updated', { time: formatClock(data.at) })}</Text>
      </View>
      {error ? <Notice kind='error' text={t('dashboard.stale', { time: formatTime(data.at) })} id='dashboard-stale' /> : null}

      <View className='card' id='dashboard-applications'>
        <Text className='card__title'>{t('dashboard.applications')}</Text>
        <View className='dashboard__figures'>
          {APPLICATION_STATUSES.map((s) => <Figure key={s} id={`dashboard-status-${s}`} value={apps.byStatus[s]} label={t(`status.${s}`)} />)}
        </View>
        <Text className='muted'>{t('dashboard.perDay')}</Text>
        {apps.truncated ? <Notice text={t('dashboard.truncated')} id='dashboard-truncated' /> : null}
        <Chart id='dashboard-chart-applications' option={options.applications} height={chartHeight} label={`${t('dashboard.perDay')}: ${totalApps}`} />
      </View>

      <View className='card' id='dashboard-first-review'>
        <Text className='card__title'>{t('dashboard.firstReview')}</Text>
        <View className='dashboard__figures'>
          <Figure id='dashboard-review-median' value={fr.medianMinutes === null ? t('dashboard.noFigure') : duration(fr.medianMinutes, t)} label={`${t('dashboard.medianLabel')} · ${t('dashboard.reviewed', { n: fr.reviewed })}`} />
          <Figure id='dashboard-review-p90' value={fr.p90Minutes === null ? t('dashboard.noFigure') : duration(fr.p90Minutes, t)} label={t('dashboard.p90Label')} />
          <Figure
            id='dashboard-review-waiting'
            value={fr.waiting}
            label={fr.oldestWaitingMinutes === null ? t('dashboard.waitingNow') : `${t('dashboard.waitingNow')} · ${t('dashboard.oldestWaiting', { time: duration(fr.oldestWaitingMinutes, t) })}`}
          />
        </View>
        {fr.reviewed === 0 ? <Text className='muted'>{t('dashboard.noReviews')}</Text> : null}
      </View>

      <View className='card' id='dashboard-ports'>
        <Text className='card__title'>{t('dashboard.ports')}</Text>
        {ports.length ? (
          <>
            <Chart id='dashboard-chart-ports' option={options.ports} height={Math.max(chartHeight, ports.length * (elder ? 56 : 40) + 60)} label={t('dashboard.ports')} />
            {ports.map((p) => (
              <View key={`${p.portId}-${p.direction}-${p.mode}`} className='dashboard__row' id={`dashboard-port-${p.portId}-${p.direction}-${p.mode}`}>
                <Text>{p.label}</Text>
                <Text>
                  {t('dashboard.now')} {p.nowMinutes === null ? t('dashboard.noFigure') : t('dashboard.minutes', { n: p.nowMinutes })}
                  {' · '}
                  {t('dashboard.usual')} {p.usualMinutes === null ? t('dashboard.noFigure') : t('dashboard.minutes', { n: p.usualMinutes })}
                </Text>
              </View>
            ))}
          </>
        ) : <Text className='muted' id='dashboard-ports-empty'>{t('dashboard.noWaits')}</Text>}
      </View>

      <View className='card' id='dashboard-messages'>
        <Text className='card__title'>{t('dashboard.messages')}</Text>
        {messageTotal ? (
          <>
            <Chart id='dashboard-chart-messages' option={options.messages} height={chartHeight} label={t('dashboard.messages')} />
            {data.messages.map((m) => (
              <View key={m.channel} className='dashboard__row' id={`dashboard-channel-${m.channel}`}>
                <Text>{t(`dashboard.channel.${m.channel}`)}</Text>
                <Text>{DASHBOARD_MESSAGE_STATES.filter((s) => m.counts[s] > 0).map((s) => `${t(`dashboard.state.${s}`)} ${m.counts[s]}`).join(' · ') || '0'}</Text>
              </View>
            ))}
            {data.messages.some((m) => m.channel === 'inbox' && m.counts.pending > 0) ? (
              <Text className='muted' id='dashboard-inbox-pending-hint'>{t('dashboard.inboxPendingHint')}</Text>
            ) : null}
          </>
        ) : <Text className='muted' id='dashboard-messages-empty'>{t('dashboard.noMessages')}</Text>}
      </View>

      <View className='card' id='dashboard-broadcasts'>
        <Text className='card__title'>{t('dashboard.broadcasts')}</Text>
        {data.broadcasts.length ? data.broadcasts.map((b) => (
          <View key={b.id} className='console-item' onClick={() => void Taro.navigateTo({ url: routes.adminBroadcast(b.id) })}>
            <Text>{b.title[lang] || b.title['zh-Hans']} · {t(`ui.broadcast.state.${b.state}`)}</Text>
            <BroadcastProgress broadcast={b} id={`dashboard-broadcast-${b.id}`} />
          </View>
        )) : <Text className='muted' id='dashboard-broadcasts-empty'>{t('dashboard.noBroadcasts')}</Text>}
      </View>

      <View className='card' id='dashboard-enquiries'>
        <Text className='card__title'>{t('dashboard.enquiries')}</Text>
        {enqTotal ? (
          <>
            <View className='dashboard__figures'>
              {ENQUIRY_OUTCOMES.map((o) => (
                <Figure key={o} id={`dashboard-outcome-${o}`} value={percent(enq[o], enqTotal)} label={`${t(`dashboard.outcome.${o}`)} · ${enq[o]}`} />
              ))}
            </View>
            <Chart id='dashboard-chart-enquiries' option={options.enquiries} height={chartHeight} label={t('dashboard.enquiries')} />
          </>
        ) : <Text className='muted' id='dashboard-enquiries-empty'>{t('dashboard.noEnquiries')}</Text>}
      </View>

      <View className='card' id='dashboard-unanswered'>
        <Text className='card__title'>{t('dashboard.unanswered')}</Text>
        {data.unanswered.length ? data.unanswered.map((u) => (
          <View key={u.id} className='dashboard__row' id={`dashboard-unanswered-${u.id}`} onClick={() => void Taro.navigateTo({ url: routes.adminReview })}>
            <Text>{u.question}</Text>
            <Text className='tag tag--plain'>{t('dashboard.asked', { n: u.total })}</Text>
          </View>
        )) : <Text className='muted' id='dashboard-unanswered-empty'>{t('dashboard.noUnanswered')}</Text>}
      </View>
    </PageShell>
  );
}
