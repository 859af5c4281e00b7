import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { LIFE_API, LIFE_PLACES, type LifeEntryDto, type LifePlace, type LifeScenario, type LifeScenarioDto } from '@bay/shared';
import PageShell from '../page-shell';
import Notice from '../notice';
import { usePrefs } from '../../hooks/use-prefs';
import { pickText } from '../../i18n/content';
import { request } from '../../services/request';
import './life-page.scss';

function EntryCard({ entry, open, onToggle }: { entry: LifeEntryDto; open: boolean; onToggle: () => void }) {
  const { t, lang } = usePrefs();
  const text = (v: Parameters<typeof pickText>[0]) => pickText(v, lang).text;
  const more = entry.details.length > 0 || entry.facts.length > 0;
  return (
    <View className={`card life__entry${open ? ' life__entry--open' : ''}`} id={`life-${entry.id}`}>
      <Text className='life__title'>{text(entry.title)}</Text>
      <View className='life__tags'>
        {entry.places.map((p) => <Text key={p} className='tag'>{t(`life.place.${p}`)}</Text>)}
        {/* A city that is also a place (香港, Macao) would say the same thing twice. */}
        {entry.city && !entry.places.some((p) => t(`life.place.${p}`) === text(entry.city!)) ? <Text className='tag tag--plain'>{text(entry.city)}</Text> : null}
      </View>
      <Text className='life__summary'>{text(entry.summary)}</Text>
      {entry.period ? (
        <Text className='life__period'>{entry.period.to ? t('life.period', { from: entry.period.from, to: entry.period.to }) : t('life.periodFrom', { from: entry.period.from })}</Text>
      ) : null}
      {open ? (
        <View className='life__more' id={`life-${entry.id}-more`}>
          {entry.facts.map((f, i) => (
            <View key={i} className='life__fact'>
              <Text className='life__fact-label'>{text(f.label)}</Text>
              <Text className='life__fact-value' userSelect>{text(f.value)}</Text>
            </View>
          ))}
          {entry.details.map((d, i) => <Text key={i} className='life__detail'>{text(d)}</Text>)}
          {entry.moreSources.length ? <Text className='life__label'>{t('life.moreSources')}</Text> : null}
          {entry.moreSources.map((s) => <Text key={s.url} className='life__source' userSelect>{text(s.name)} · {s.url}</Text>)}
        </View>
      ) : null}
      {entry.confidence === 'unverified' ? <Text className='life__warn'>{t('life.unverified')}</Text> : null}
      <Text className='life__source' userSelect>{t('life.source')}: {text(entry.source.name)} · {entry.source.url} · {t('life.asOf', { date: entry.asOf })}</Text>
      {more ? <Text className='life__toggle' id={`life-${entry.id}-toggle`} onClick={onToggle}>{open ? t('life.less') : t('life.details')}</Text> : null}
    </View>
  );
}

/**
 * One life scenario's page (通讯, 医疗, 教育, 吃住游): its sections with their sourced entries,
 * filtered by place. `?id=` (home search, enquiry answers) opens that entry first.
 */
export default function LifePage({ scenario }: { scenario: LifeScenario }) {
  const { t } = usePrefs();
  const focus = useRouter().params.id ?? '';
  const [place, setPlace] = useState<LifePlace | ''>('');
  const [data, setData] = useState<LifeScenarioDto | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<Set<string>>(() => new Set(focus ? [focus] : []));

  useEffect(() => {
    // A slower answer for the previous place must not replace the current one.
    let current = true;
    setError('');
    request<LifeScenarioDto>(LIFE_API.scenario(scenario), { query: place ? { place } : {} }).then(
      (d) => { if (current) setData(d); },
      (e: Error) => { if (current) setError(e.message || t('life.loadFailed')); },
    );
    return () => { current = false; };
  }, [scenario, place, t]);

  const toggle = (id: string) => setOpen((prev) => {
    const next = new Set(prev);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  // The focused entry first, then the sections in order.
  const focused = data?.sections.flatMap((s) => s.items).find((e) => e.id === focus);

  return (
    <PageShell titleKey={`life.scenario.${scenario}`} className={`life life--${scenario}`}>
      <View className='city-bar' id='life-places'>
        {(['', ...LIFE_PLACES] as const).map((p) => (
          <View key={p || 'all'} id={`life-place-${p || 'all'}`} className={`chip${place === p ? ' chip--active' : ''}`} onClick={() => setPlace(p)}>
            {t(`life.place.${p || 'all'}`)}
          </View>
        ))}
      </View>
      {error ? <Notice kind='error' text={error} id='life-error' /> : null}
      {focused ? <EntryCard entry={focused} open={open.has(focused.id)} onToggle={() => toggle(focused.id)} /> : null}
      {data && !data.sections.length ? <Notice text={t('life.empty')} id='life-empty' /> : null}
      {data?.sections.map((s) => {
        // The focused entry is shown on top; a section left with nothing else gets no empty heading.
        const rest = s.items.filter((e) => e.id !== focused?.id);
        return rest.length ? (
          <View key={s.section} id={`life-section-${s.section}`}>
            <Text className='life__label'>{t(`life.section.${s.section}`)}</Text>
            {rest.map((e) => <EntryCard key={e.id} entry={e} open={open.has(e.id)} onToggle={() => toggle(e.id)} />)}
          </View>
        ) : null;
      })}
    </PageShell>
  );
}
