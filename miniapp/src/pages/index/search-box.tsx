import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { SearchResultDto } from '@bay/shared';
import ActionButton from '../../components/action-button';
import { usePrefs } from '../../hooks/use-prefs';
import { searchApi } from '../../services/api';
import { linkUrl } from '../../utils/routes';

type State = { kind: 'idle' } | { kind: 'searching' } | { kind: 'done'; result: SearchResultDto } | { kind: 'failed'; message: string };

/** One search box across scenarios (GET /api/search); each hit opens its mini-program page. */
export default function SearchBox() {
  const { t, lang } = usePrefs();
  const [q, setQ] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });

  const submit = () => {
    const query = q.trim();
    if (!query) return;
    setState({ kind: 'searching' });
    searchApi.search(query, lang).then(
      (result) => setState({ kind: 'done', result }),
      (err: unknown) => setState({ kind: 'failed', message: err instanceof Error ? err.message : t('ui.common.unknownError') }),
    );
  };

  return (
    <View className='card home__search'>
      <View className='home__search-row'>
        <Input
          id='home-search'
          className='input home__search-input'
          value={q}
          maxlength={100}
          confirmType='search'
          placeholder={t('ui.shell.search.placeholder')}
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={submit}
        />
        <ActionButton id='home-search-go' small busy={state.kind === 'searching'} onClick={submit}>
          {t('ui.shell.search.go')}
        </ActionButton>
      </View>
      {state.kind === 'searching' ? <Text className='muted home__search-note'>{t('ui.shell.search.searching')}</Text> : null}
      {state.kind === 'failed' ? <Text className='muted home__search-note'>{state.message}</Text> : null}
      {state.kind === 'done' ? (
        <View id='search-results' className='home__results'>
          {state.result.groups.length === 0 ? <Text className='muted home__search-note'>{t('ui.shell.search.empty')}</Text> : null}
          {state.result.groups.map((g) => (
            <View key={g.group} id={`search-group-${g.group}`} className='home__result-group'>
              <Text className='home__result-group-title'>{t(`ui.shell.search.group.${g.group}`)}</Text>
              {g.hits.map((hit, i) => (
                <View
                  key={hit.id}
                  id={`hit-${g.group}-${i}`}
                  className='home__hit'
                  onClick={() => void Taro.navigateTo({ url: linkUrl(hit.link) })}
                >
                  <Text className='home__hit-title'>{hit.title}</Text>
                  {hit.subtitle ? <Text className='muted'>{hit.subtitle}</Text> : null}
                </View>
              ))}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
