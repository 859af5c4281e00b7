import { useCallback, useEffect, useMemo, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { WAIT_BAND_SOURCE, WAIT_DIRECTIONS, type PortDto, type PortGlanceDto, type WaitDirection } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import WaitChip, { headlineWait } from '../../../components/wait-chip';
import { usePrefs } from '../../../hooks/use-prefs';
import { usePortStars } from '../../../hooks/use-port-stars';
import { useSession } from '../../../hooks/use-session';
import { pickText } from '../../../i18n/content';
import { refreshStars, toggleStar } from '../../../store/port-stars';
import { customsApi, routesCustoms } from '../api';
import '../customs.scss';

type Sort = 'default' | 'open' | 'wait';
const SORTS: Sort[] = ['default', 'open', 'wait'];
const SORT_KEY: Record<Sort, string> = { default: 'customs.sortDefault', open: 'customs.sortOpen', wait: 'customs.sortWait' };

/**
 * Ports between the mainland and Hong Kong / Macao at a glance: each port's current wait both
 * ways (or the labelled estimate, or "no data") in Hong Kong Immigration's colour bands with its
 * age, open now or closed, sorted by list order, open-now or shortest wait, starred ports first.
 */
export default function CustomsHome() {
  const { t, lang } = usePrefs();
  const user = useSession();
  const stars = usePortStars();
  const [ports, setPorts] = useState<PortDto[]>([]);
  const [glance, setGlance] = useState<Map<string, PortGlanceDto>>(new Map());
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [sort, setSort] = useState<Sort>('default');
  const [direction, setDirection] = useState<WaitDirection>('northbound');
  const [starNote, setStarNote] = useState('');

  const load = useCallback(async () => {
    setError('');
    try {
      // The waits are extra: when they cannot be had the ports are still listed (hours, kind).
      const [list, g] = await Promise.all([customsApi.ports(), customsApi.glance().catch(() => null)]);
      setPorts(list);
      if (g) setGlance(new Map(g.items.map((p) => [p.portId, p])));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => { void load(); }, [load]);
  useDidShow(() => { void refreshStars(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  const sorted = useMemo(() => {
    const openRank = (p: PortDto) => ({ true: 0, null: 1, false: 2 })[String(glance.get(p.id)?.openNow ?? null) as 'true' | 'null' | 'false'];
    const minutes = (p: PortDto) => {
      const w = headlineWait(glance.get(p.id)?.items ?? [], direction);
      return w?.minutes ?? Number.POSITIVE_INFINITY;
    };
    const starRank = (p: PortDto) => (stars.includes(p.id) ? 0 : 1);
    return [...ports].sort((a, b) => {
      const starred = starRank(a) - starRank(b);
      if (starred) return starred;
      if (sort === 'open') return openRank(a) - openRank(b) || a.order - b.order;
      if (sort === 'wait') {
        // Closed ports last, then shortest wait; ports without a figure after those with one.
        const closed = Number(glance.get(a.id)?.openNow === false) - Number(glance.get(b.id)?.openNow === false);
        return closed || minutes(a) - minutes(b) || a.order - b.order;
      }
      return a.order - b.order;
    });
  }, [ports, glance, sort, direction, stars]);

  const hours = (p: PortDto) => (p.hours.open24h ? t('customs.open24h') : p.hours.from && p.hours.to ? `${p.hours.from}–${p.hours.to}` : '');

  const star = async (id: string) => {
    const where = await toggleStar(id);
    setStarNote(where === 'device-only' ? t('customs.starsSaveFailed') : '');
  };

  const openTag = (p: PortDto) => {
    const open = glance.get(p.id)?.openNow;
    if (open === undefined) return null;
    if (open === null) return <Text className='tag tag--plain' id={`port-${p.id}-open`} data-open='unknown'>{t('customs.hoursUnknown')}</Text>;
    return (
      <Text className={`tag ${open ? 'tag--open' : 'tag--closed'}`} id={`port-${p.id}-open`} data-open={open ? 'yes' : 'no'}>
        {t(open ? 'customs.openNow' : 'customs.closedNow')}
      </Text>
    );
  };

  return (
    <PageShell titleKey='customs.title' className='customs'>
      <ActionButton id='customs-guide' onClick={() => void Taro.navigateTo({ url: routesCustoms.guide })}>
        {t('customs.guide')} · {t('customs.canIBring')}
      </ActionButton>
      {error ? <Notice kind='error' text={error} id='customs-error' /> : null}
      {!loaded ? <Text className='list-end'>{t('ui.common.loading')}</Text> : null}

      <Text className='customs__label'>{t('customs.sortBy')}</Text>
      <View className='choice-row' role='radiogroup' id='port-sort'>
        {SORTS.map((s) => (
          <View key={s} id={`sort-${s}`} className={`choice${sort === s ? ' choice--active' : ''}`} aria-checked={sort === s} role='radio' onClick={() => setSort(s)}>
            {t(SORT_KEY[s])}
          </View>
        ))}
      </View>
      {sort === 'wait' ? (
        <View className='choice-row' role='radiogroup'>
          {WAIT_DIRECTIONS.map((d) => (
            <View key={d} id={`sort-direction-${d}`} className={`choice${direction === d ? ' choice--active' : ''}`} aria-checked={direction === d} role='radio' onClick={() => setDirection(d)}>
              {t(`customs.direction.${d}`)}
            </View>
          ))}
        </View>
      ) : null}
      {starNote ? <Notice kind='error' text={starNote} id='stars-note' /> : null}
      {!user && stars.length ? <Text className='customs__meta' id='stars-local'>{t('customs.starsLocal')}</Text> : null}

      <Text className='customs__label'>{t('customs.ports')}</Text>
      <View className='port-list' id='port-list'>
        {sorted.map((p) => {
          const starred = stars.includes(p.id);
          const items = glance.get(p.id)?.items ?? [];
          return (
            <View key={p.id} id={`port-${p.id}`} className={`card port${starred ? ' port--starred' : ''}`} data-starred={starred ? 'yes' : 'no'} onClick={() => void Taro.navigateTo({ url: routesCustoms.port(p.id) })}>
              <View className='port__head'>
                <Text className='customs__title port__name'>{pickText(p.name, lang).text}</Text>
                <View
                  id={`star-${p.id}`}
                  className={`port__star${starred ? ' port__star--on' : ''}`}
                  role='button'
                  aria-pressed={starred}
                  aria-label={t(starred ? 'customs.unstar' : 'customs.star')}
                  onClick={(e) => { e.stopPropagation(); void star(p.id); }}
                >
                  {starred ? '★' : '☆'} {t(starred ? 'customs.starred' : 'customs.star')}
                </View>
              </View>
              <Text className='customs__meta'>{pickText(p.city, lang).text}</Text>
              <View>
                {WAIT_DIRECTIONS.map((d) => {
                  const w = headlineWait(items, d);
                  return w ? <WaitChip key={d} wait={w} id={`port-${p.id}-wait-${d}`} /> : null;
                })}
              </View>
              <View>
                {openTag(p)}
                <Text className='tag'>{t(`customs.kind.${p.kind}`)}</Text>
                {hours(p) ? <Text className='tag tag--plain'>{hours(p)}</Text> : null}
                {p.confidence === 'unverified' ? <Text className='tag tag--accent'>{t('customs.checkNotice')}</Text> : null}
              </View>
            </View>
          );
        })}
      </View>
      <Text className='customs__source' id='band-legend'>
        {t('customs.bandLegend')} · {t('customs.source')}: {pickText(WAIT_BAND_SOURCE.name, lang).text} {WAIT_BAND_SOURCE.url} · {t('customs.asOf', { date: WAIT_BAND_SOURCE.asOf })}
      </Text>
    </PageShell>
  );
}
