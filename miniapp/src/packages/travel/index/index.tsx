import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TRAVEL_PLACES, TRAVEL_SORTS, TravelRoutesQuery, type TravelPlace, type TravelRouteDto, type TravelSort } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { travelApi } from '../api';
import { fareText } from '../fare';
import LegDetails from '../leg-details';
import { travelRoutes } from '../paths';
import { placeName } from '../place-name';
import '../travel.scss';

/** Route finder: pick from / to and a sort, see ranked options; tap one for its details, source and as-of date. */
export default function TravelFinder() {
  const { t, lang } = usePrefs();
  // Links from search and elsewhere may name the places: ?from=hongkong&to=zhuhai.
  const { params } = useRouter();
  const linked = TravelRoutesQuery.safeParse({ from: params.from, to: params.to });
  const [from, setFrom] = useState<TravelPlace | undefined>(linked.success ? linked.data.from : undefined);
  const [to, setTo] = useState<TravelPlace | undefined>(linked.success ? linked.data.to : undefined);
  const [sort, setSort] = useState<TravelSort>('time');
  const [routes, setRoutes] = useState<TravelRouteDto[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const generation = useRef(0);

  const search = async (nextSort = sort) => {
    if (!from || !to) {
      setError(t('travel.pickBoth'));
      return;
    }
    const gen = ++generation.current;
    setBusy(true);
    setError('');
    try {
      const answer = await travelApi.routes(from, to, nextSort);
      if (gen !== generation.current) return;
      setRoutes(answer.routes);
      setOpen(null);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setBusy(false);
    }
  };

  const chooseSort = (s: TravelSort) => {
    setSort(s);
    if (routes) void search(s);
  };

  const placeChips = (which: 'from' | 'to', value: TravelPlace | undefined, set: (p: TravelPlace) => void) => (
    <View className='travel-places'>
      <Text className='travel-places__label'>{t(`travel.${which}`)}</Text>
      <View className='travel-chips' role='radiogroup'>
        {TRAVEL_PLACES.map((p) => (
          <View
            key={p}
            id={`travel-${which}-${p}`}
            role='radio'
            aria-checked={value === p}
            className={`chip${value === p ? ' chip--active' : ''}`}
            onClick={() => set(p)}
          >
            {placeName(t, p)}
          </View>
        ))}
      </View>
    </View>
  );

  useEffect(() => {
    if (linked.success) void search();
    // Once, for the places in the link.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The answer is in the language it was asked in: after a language switch, ask again.
  const askedIn = useRef(lang);
  useEffect(() => {
    if (askedIn.current === lang) return;
    askedIn.current = lang;
    if (routes) void search();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  return (
    <PageShell titleKey='travel.title' className='travel'>
      <View className='card'>
        {placeChips('from', from, setFrom)}
        {placeChips('to', to, setTo)}
        <View className='travel-chips' role='radiogroup'>
          {TRAVEL_SORTS.map((s) => (
            <View
              key={s}
              id={`travel-sort-${s}`}
              role='radio'
              aria-checked={sort === s}
              className={`choice${sort === s ? ' choice--active' : ''}`}
              onClick={() => chooseSort(s)}
            >
              {t(s === 'time' ? 'travel.sortTime' : 'travel.sortPrice')}
            </View>
          ))}
        </View>
      </View>
      <ActionButton id='travel-search' busy={busy} onClick={() => void search()}>
        {busy ? t('travel.searching') : t('travel.search')}
      </ActionButton>
      {error ? <Notice kind='error' text={error} id='travel-error' /> : null}
      {routes && !routes.length ? <Notice text={t('travel.noRoutes')} id='travel-empty' /> : null}
      {routes && routes.length && sort === 'price' ? <Text className='muted'>{t('travel.rankNote')}</Text> : null}

      <View id='travel-results'>
        {(routes ?? []).map((r, i) => {
          const expanded = open === r.id;
          return (
            <View key={r.id} id={`travel-route-${i}`} className='card travel-route' onClick={() => setOpen(expanded ? null : r.id)}>
              <View className='travel-route__head'>
                <Text>{r.legs.map((l) => t(`travel.mode.${l.mode}`)).join(' + ')}</Text>
                <Text>{t('travel.minutes', { n: r.minutes })}</Text>
              </View>
              <Text className='muted'>
                {r.legs.length === 1 ? t('travel.direct') : t('travel.via', { place: placeName(t, r.legs[0]!.to) })}
                {' · '}
                {r.legs.map((l) => fareText(t, l.fare)).join(' + ')}
              </Text>
              <View className='travel-route__legs'>
                {r.legs.map((l) => (
                  <Text key={l.key} className='travel-row'>{l.operator}</Text>
                ))}
              </View>
              {r.unverified ? <Text className='travel-badge'>{t('travel.unverified')}</Text> : null}
              {expanded ? (
                r.legs.map((l, j) => <LegDetails key={`${l.key}-${j}`} leg={l} id={`travel-route-${i}-leg-${j}`} />)
              ) : (
                <Text className='travel-link' id={`travel-route-${i}-open`}>{t('travel.details')}</Text>
              )}
            </View>
          );
        })}
      </View>

      <ActionButton id='travel-northbound' kind='ghost' onClick={() => void Taro.navigateTo({ url: travelRoutes.northbound })}>
        {t('travel.northboundEntry')}
      </ActionButton>
    </PageShell>
  );
}
