import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { GUIDE_CATEGORIES, type GuideItemDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { customsApi } from '../api';
import SourceLine from '../source-line';
import '../customs.scss';

/** weapp hands query values over still encoded, H5 decoded; a stray % must not throw. */
function safeDecode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

function GuideCard({ item, idPrefix }: { item: GuideItemDto; idPrefix: string }) {
  const { t, lang } = usePrefs();
  return (
    <View className='card' id={`${idPrefix}-${item.id}`}>
      <Text className='customs__title'>{pickText(item.name, lang).text}</Text>
      <Text className='customs__meta'>{t(`customs.category.${item.category}`)}</Text>
      {item.rules.map((r) => (
        <View key={r.direction} className={`verdict verdict--${r.verdict}`} id={`${idPrefix}-${item.id}-${r.direction}`}>
          <Text className='customs__meta'>{t(`customs.guideDirection.${r.direction}`)}</Text>
          <Text className='verdict__badge'>{t(`customs.verdict.${r.verdict}`)}</Text>
          <Text>{pickText(r.text, lang).text}</Text>
        </View>
      ))}
      <SourceLine source={item.source} asOf={item.asOf} confidence={item.confidence} />
      {item.moreSources.map((s) => (
        <Text key={s.url} className='customs__source'>{pickText(s.name, lang).text} · {s.url}</Text>
      ))}
    </View>
  );
}

/** The customs guide and "can I bring X?" (GET /api/customs/lookup). */
export default function CustomsGuide() {
  const { t } = usePrefs();
  const [items, setItems] = useState<GuideItemDto[]>([]);
  // The home's search links here with ?q= (server customs.search).
  const initialQ = safeDecode(useRouter().params.q ?? '');
  const [q, setQ] = useState(initialQ);
  const [results, setResults] = useState<{ q: string; items: GuideItemDto[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    customsApi.guide().then(setItems, (e: Error) => setError(e.message));
    if (initialQ) void search(initialQ);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const search = async (text = q) => {
    if (!text.trim()) return;
    setBusy(true);
    setError('');
    try {
      setResults(await customsApi.lookup(text.trim()));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell titleKey='customs.guide' className='customs'>
      <View className='card'>
        <Text className='customs__title'>{t('customs.canIBring')}</Text>
        <Input id='lookup-q' className='input' value={q} placeholder={t('customs.searchPh')} onInput={(e) => setQ(e.detail.value)} onConfirm={() => void search()} />
        <ActionButton id='lookup-submit' busy={busy} onClick={() => void search()}>{t('customs.search')}</ActionButton>
      </View>
      {error ? <Notice kind='error' text={error} id='guide-error' /> : null}
      {results ? (
        <View id='lookup-results'>
          {results.items.length ? results.items.map((item) => <GuideCard key={item.id} item={item} idPrefix='lookup' />) : (
            <Notice text={t('customs.noMatch', { q: results.q })} id='lookup-empty' />
          )}
        </View>
      ) : null}
      {GUIDE_CATEGORIES.map((c) => {
        const inCategory = items.filter((i) => i.category === c);
        if (!inCategory.length) return null;
        return (
          <View key={c} id={`guide-${c}`}>
            <Text className='customs__label'>{t(`customs.category.${c}`)}</Text>
            {inCategory.map((item) => <GuideCard key={item.id} item={item} idPrefix='guide' />)}
          </View>
        );
      })}
    </PageShell>
  );
}
