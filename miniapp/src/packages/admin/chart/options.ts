import { APPLICATION_STATUSES, DASHBOARD_MESSAGE_STATES, ENQUIRY_OUTCOMES, type DashboardDto, type Lang } from '@bay/shared';
import type { EChartsCoreOption } from 'echarts/core';
import type { Translate } from '../../../i18n';
import { pickText } from '../../../i18n/content';

/*
 * ECharts options from the server's figures: pure functions, so the page tests can check what each
 * chart is asked to draw. Colours keep one meaning across charts (green delivered/answered, red
 * dead/unknown).
 */

const STATUS_COLOURS: Record<string, string> = {
  submitted: '#6b7c93', under_review: '#0b5f8a', interview: '#e6a23c', offered: '#2e9d5b', rejected: '#c0392b', withdrawn: '#b8c2cc',
};
const STATE_COLOURS: Record<string, string> = { sent: '#2e9d5b', pending: '#6b7c93', failed: '#e6a23c', dead: '#c0392b', cancelled: '#b8c2cc' };
const OUTCOME_COLOURS: Record<string, string> = { faq: '#2e9d5b', clarify: '#e6a23c', unknown: '#c0392b' };

/** The most port rows a chart shows (the longest waits now first). */
export const MAX_PORT_ROWS = 8;

const base = (elder: boolean) => {
  const fontSize = elder ? 16 : 11;
  return {
    animation: false,
    textStyle: { fontSize },
    legend: { top: 0, textStyle: { fontSize }, itemWidth: elder ? 18 : 12, itemHeight: elder ? 12 : 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 12, top: elder ? 64 : 44, bottom: 8, containLabel: true },
  };
};
const shortDay = (day: string) => day.slice(5);
/** Axis labels do not follow the global textStyle: sized here (elder mode reads them at 16 px). */
const label = (elder: boolean, extra: Record<string, unknown> = {}) => ({ axisLabel: { fontSize: elder ? 16 : 11, ...extra } });

export function applicationsOption(d: DashboardDto, t: Translate, elder: boolean): EChartsCoreOption {
  return {
    ...base(elder),
    xAxis: { type: 'category', data: d.applications.perDay.map((p) => shortDay(p.day)), ...label(elder) },
    yAxis: { type: 'value', minInterval: 1, ...label(elder) },
    series: APPLICATION_STATUSES.map((s) => ({
      name: t(`status.${s}`),
      type: 'bar',
      stack: 'applications',
      itemStyle: { color: STATUS_COLOURS[s] },
      data: d.applications.perDay.map((p) => p.counts[s]),
    })),
  };
}

/** Port rows with a figure, longest wait now first (then the longest usual). */
export function portRows(d: DashboardDto, t: Translate, lang: Lang) {
  return d.ports
    .filter((p) => p.nowMinutes !== null || p.usualMinutes !== null)
    .sort((a, b) => (b.nowMinutes ?? -1) - (a.nowMinutes ?? -1) || (b.usualMinutes ?? -1) - (a.usualMinutes ?? -1))
    .slice(0, MAX_PORT_ROWS)
    .map((p) => ({
      ...p,
      label: `${pickText(p.name, lang).text} · ${t(`customs.direction.${p.direction}`)} · ${t(`customs.mode.${p.mode}`)}`,
    }));
}

export function portsOption(d: DashboardDto, t: Translate, lang: Lang, elder: boolean): EChartsCoreOption {
  const rows = portRows(d, t, lang).reverse(); // ECharts draws a category axis bottom-up
  return {
    ...base(elder),
    xAxis: { type: 'value', minInterval: 1, ...label(elder) },
    yAxis: { type: 'category', data: rows.map((r) => r.label), ...label(elder, { width: elder ? 150 : 120, overflow: 'truncate' }) },
    series: [
      { name: t('dashboard.now'), type: 'bar', itemStyle: { color: '#0b5f8a' }, data: rows.map((r) => r.nowMinutes) },
      { name: t('dashboard.usual'), type: 'bar', itemStyle: { color: '#b8c2cc' }, data: rows.map((r) => r.usualMinutes) },
    ],
  };
}

export function messagesOption(d: DashboardDto, t: Translate, elder: boolean): EChartsCoreOption {
  return {
    ...base(elder),
    xAxis: { type: 'category', data: d.messages.map((m) => t(`dashboard.channel.${m.channel}`)), ...label(elder) },
    yAxis: { type: 'value', minInterval: 1, ...label(elder) },
    series: DASHBOARD_MESSAGE_STATES.map((s) => ({
      name: t(`dashboard.state.${s}`),
      type: 'bar',
      stack: 'messages',
      itemStyle: { color: STATE_COLOURS[s] },
      data: d.messages.map((m) => m.counts[s]),
    })),
  };
}

export function enquiriesOption(d: DashboardDto, t: Translate, elder: boolean): EChartsCoreOption {
  return {
    ...base(elder),
    xAxis: { type: 'category', data: d.enquiries.perDay.map((p) => shortDay(p.day)), ...label(elder) },
    yAxis: { type: 'value', minInterval: 1, ...label(elder) },
    series: ENQUIRY_OUTCOMES.map((o) => ({
      name: t(`dashboard.outcome.${o}`),
      type: 'bar',
      stack: 'enquiries',
      itemStyle: { color: OUTCOME_COLOURS[o] },
      data: d.enquiries.perDay.map((p) => p[o]),
    })),
  };
}

/** "35 min", "2 h", "3 d" for a duration in minutes. */
export function duration(minutes: number, t: Translate): string {
  if (minutes < 120) return t('dashboard.duration.m', { n: minutes });
  if (minutes < 48 * 60) return t('dashboard.duration.h', { n: Math.round(minutes / 60) });
  return t('dashboard.duration.d', { n: Math.round(minutes / 1440) });
}

/** A share as a whole percentage ("0%" of nothing). */
export const percent = (n: number, of: number) => `${of > 0 ? Math.round((n / of) * 100) : 0}%`;
